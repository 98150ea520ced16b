import type { WafBlame } from './types';

/*
 * Which WAF rule blocked requests to a path, read from the web ACL's sampled requests
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_GetSampledRequests.html). The shapes below are the
 * members of GetWebACL's rules and GetSampledRequests' samples this reads, every one optional, so the SDK's own
 * types and the captured payload in test/fixtures/payloads/ both fit them without a cast.
 */

/** A web ACL rule, as much as choosing whose samples to ask for needs. */
export interface SampleableRule {
  Name?: string | undefined;
  Priority?: number | undefined;
  Action?: { Block?: unknown } | undefined;
  Statement?: { ManagedRuleGroupStatement?: unknown; RuleGroupReferenceStatement?: unknown } | undefined;
  VisibilityConfig?: { SampledRequestsEnabled?: boolean | undefined; MetricName?: string | undefined } | undefined;
}

/** One of GetSampledRequests' SampledRequests. */
export interface WafSample {
  Action?: string | undefined;
  Weight?: number | undefined;
  RuleNameWithinRuleGroup?: string | undefined;
  Request?: { URI?: string | undefined } | undefined;
  Labels?: { Name?: string | undefined }[] | undefined;
}

/** A rule whose samples to ask for: GetSampledRequests takes its metric name, not its name. */
export interface SampledRule {
  rule: string;
  metricName: string;
}

/** WAF keeps samples for 3 hours: a window starting earlier is moved to 3 hours ago by WAF itself. */
export const SAMPLE_RETENTION_MS = 3 * 3_600_000;
/** GetSampledRequests' MaxItems (1 to 500): the console's own sample size per rule. */
export const SAMPLES_PER_RULE = 100;

/**
 * The rules that can have blocked a request: those whose action is Block, and rule groups (a managed group's rules
 * block inside it). Rules that keep no samples (SampledRequestsEnabled false) have nothing to show. In priority
 * order, the order WAF evaluates them.
 */
export function rulesToSample(rules: readonly SampleableRule[]): SampledRule[] {
  return [...rules]
    .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0))
    .flatMap((rule) => {
      const metricName = rule.VisibilityConfig?.MetricName;
      if (!rule.Name || !metricName || rule.VisibilityConfig?.SampledRequestsEnabled !== true) return [];
      const group =
        rule.Statement?.ManagedRuleGroupStatement !== undefined ||
        rule.Statement?.RuleGroupReferenceStatement !== undefined;
      return group || rule.Action?.Block !== undefined ? [{ rule: rule.Name, metricName }] : [];
    });
}

/** The time window to ask for: within the last 3 hours and not after now; none when nothing of it is left. */
export function sampleWindow(since: Date, until: Date, now: Date): { start: Date; end: Date } | undefined {
  const start = Math.max(since.getTime(), now.getTime() - SAMPLE_RETENTION_MS);
  const end = Math.min(until.getTime(), now.getTime());
  return start < end ? { start: new Date(start), end: new Date(end) } : undefined;
}

/** Whether a request's URI is the path or under it: `/admin` covers `/admin`, `/admin/` and `/admin/login/`. */
export function pathCovers(path: string, uri: string): boolean {
  const base = withoutTrailingSlash(path);
  const asked = withoutTrailingSlash(uri.split('?')[0] ?? '');
  return base === '' || asked === base || asked.startsWith(`${base}/`);
}

const withoutTrailingSlash = (path: string) => path.replace(/\/+$/, '');

/**
 * The rule that blocked requests to `path`, from each sampled rule's samples: of the rules with blocked samples for
 * the path, the one whose samples weigh most (each stands for `Weight` requests); on a tie, the first WAF evaluates.
 * Within it, the heaviest sample names the rule inside the group and the path; the labels are all those the blocked
 * samples carry.
 */
export function blameFor(
  path: string,
  sampled: readonly { rule: string; samples: readonly WafSample[] }[],
): WafBlame | undefined {
  let best: { rule: string; blocked: WafSample[]; weight: number } | undefined;
  for (const { rule, samples } of sampled) {
    const blocked = samples.filter(
      (sample) => sample.Action === 'BLOCK' && pathCovers(path, sample.Request?.URI ?? ''),
    );
    const weight = blocked.reduce((sum, sample) => sum + weightOf(sample), 0);
    if (blocked.length > 0 && (!best || weight > best.weight)) best = { rule, blocked, weight };
  }
  if (!best) return undefined;
  const heaviest = best.blocked.reduce((top, sample) => (weightOf(sample) > weightOf(top) ? sample : top));
  const ruleWithinGroup = heaviest.RuleNameWithinRuleGroup?.split('#').at(-1);
  const labels = [...new Set(best.blocked.flatMap((sample) => (sample.Labels ?? []).flatMap((l) => l.Name ?? [])))];
  return {
    rule: best.rule,
    ...(ruleWithinGroup ? { ruleWithinGroup } : {}),
    labels,
    path: heaviest.Request?.URI ?? path,
  };
}

// A sample without a weight still stands for at least itself.
const weightOf = (sample: WafSample) => Math.max(1, sample.Weight ?? 1);
