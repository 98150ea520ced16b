import { GetSampledRequestsCommand, GetWebACLCommand, type WAFV2Client } from '@aws-sdk/client-wafv2';
import type { WafSampler } from '../../commands/checks/types';
import {
  blameFor,
  rulesToSample,
  sampleWindow,
  SAMPLES_PER_RULE,
  type SampledRule,
  type WafSample,
} from '../../commands/checks/waf-blame';
import type { WebAclRef } from '../../commands/waf/types';
import { isWafError, wafFailure } from './wafv2-errors';

// WAF allows about 5 Get calls a second per account and Region
// (https://docs.aws.amazon.com/waf/latest/developerguide/limits.html): a few rules at a time stays under it.
const RULES_AT_ONCE = 3;

/**
 * WAFv2 behind the WafSampler port: GetWebACL for the rules' metric names and the web ACL's ARN, then
 * GetSampledRequests for each rule that can block (commands/checks/waf-blame.ts chooses them and reads the samples).
 * The client must be in the web ACL's Region (us-east-1 for CLOUDFRONT), as lib/aws/target-account.ts builds it.
 */
export function wafSampledRequests(client: WAFV2Client, now: () => Date = () => new Date()): WafSampler {
  return {
    async blockedBy(webAcl, path, since, until) {
      const window = sampleWindow(since, until, now());
      if (!window) return undefined;
      const { arn, rules } = await readWebAcl(client, webAcl);
      const sampled = await inTurns(rulesToSample(rules), RULES_AT_ONCE, async (rule) => ({
        rule: rule.rule,
        samples: await samplesOf(client, webAcl, arn, rule, window),
      }));
      return blameFor(path, sampled);
    },
  };
}

async function readWebAcl(client: WAFV2Client, acl: WebAclRef) {
  try {
    const out = await client.send(new GetWebACLCommand({ Name: acl.name, Scope: acl.scope, Id: acl.id }));
    if (!out.WebACL?.ARN) throw new Error(`GetWebACL returned no ARN for ${acl.name}`);
    return { arn: out.WebACL.ARN, rules: out.WebACL.Rules ?? [] };
  } catch (err) {
    throw wafFailure(err, { webAcl: acl });
  }
}

async function samplesOf(
  client: WAFV2Client,
  acl: WebAclRef,
  arn: string,
  rule: SampledRule,
  window: { start: Date; end: Date },
): Promise<WafSample[]> {
  try {
    const out = await client.send(
      new GetSampledRequestsCommand({
        WebAclArn: arn,
        RuleMetricName: rule.metricName,
        Scope: acl.scope,
        TimeWindow: { StartTime: window.start, EndTime: window.end },
        MaxItems: SAMPLES_PER_RULE,
      }),
    );
    return out.SampledRequests ?? [];
  } catch (err) {
    // A metric WAF has no samples under (a rule added or renamed a moment ago) tells nothing; the others still do.
    if (isWafError(err, 'WAFNonexistentItemException')) return [];
    throw wafFailure(err, { name: `the sampled requests of rule ${rule.rule} in web ACL ${acl.name}` });
  }
}

/** `work` for every item, at most `limit` at a time, the results in the items' order. */
async function inTurns<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
