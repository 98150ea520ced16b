import type { ManagedRuleGroupStatement, Rule, RuleAction, Statement, WebACL } from '@aws-sdk/client-wafv2';
import { managedGroup } from './waf-catalog';
import { byteMatches, inCidr, type TriedRequest } from './waf-match';

/**
 * What the web ACL does with one request, evaluated as WAF does: rules in priority order; a managed rule group is
 * skipped when its scope-down statement does not match, its matching rules add their labels, and a rule overridden
 * to Count only labels; a custom rule's statement (ByteMatch, IP set, label, And/Or/Not) decides its action; the
 * first terminating action wins, else the default action.
 */

export interface RequestVerdict {
  status: 200 | 403;
  /** The web ACL rule that blocked it (with the managed rule inside its group, `Rule/ManagedRule`). */
  blockedBy?: string;
  /** The blueshift exemption that let it through, when one did. */
  matchedExemption?: string;
}

/** What WAF keeps of a blocked request for GetSampledRequests, besides the request itself. */
export interface BlockedSample {
  /** The metric name it is sampled under: the blocking rule's (the web ACL's for its default action). */
  metricName: string;
  /** `<vendor>#<group>#<rule>` when a managed rule group's rule blocked it. */
  ruleWithinGroup?: string;
  /** Every label the rules evaluated so far added. */
  labels: string[];
}

export interface Inspection {
  verdict: RequestVerdict;
  /** For a blocked request whose rule keeps samples (SampledRequestsEnabled). */
  sample?: BlockedSample;
}

interface Evaluation {
  request: TriedRequest;
  labels: Set<string>;
  /** Exemptions whose NOT piece turned this request away from a rule. */
  exemptions: string[];
  ipSet: (arn: string) => string[] | undefined;
}

const MARKER = 'blueshift:exemption:';

function marker(statement: Statement | undefined): string | undefined {
  const key = statement?.LabelMatchStatement?.Key;
  if (key?.startsWith(MARKER)) return key.slice(MARKER.length);
  const children = [...(statement?.AndStatement?.Statements ?? []), ...(statement?.OrStatement?.Statements ?? [])];
  return children.map(marker).find((id) => id !== undefined);
}

export function matches(statement: Statement, e: Evaluation): boolean {
  if (statement.ByteMatchStatement) return byteMatches(statement.ByteMatchStatement, e.request);
  if (statement.AndStatement) return (statement.AndStatement.Statements ?? []).every((s) => matches(s, e));
  if (statement.OrStatement) return (statement.OrStatement.Statements ?? []).some((s) => matches(s, e));
  if (statement.NotStatement?.Statement) {
    const inner = matches(statement.NotStatement.Statement, e);
    const exemption = marker(statement.NotStatement.Statement);
    if (inner && exemption !== undefined) e.exemptions.push(exemption);
    return !inner;
  }
  if (statement.IPSetReferenceStatement) {
    const addresses = e.ipSet(statement.IPSetReferenceStatement.ARN ?? '') ?? [];
    return addresses.some((cidr) => inCidr(e.request.sourceIp, cidr));
  }
  if (statement.LabelMatchStatement) {
    const { Scope, Key = '' } = statement.LabelMatchStatement;
    return Scope === 'NAMESPACE' ? [...e.labels].some((label) => label.startsWith(Key)) : e.labels.has(Key);
  }
  // Rate limits, geo, regex, size, SQLi/XSS and the rest: a single tried request never trips them here.
  return false;
}

type Outcome = { action: 'continue' } | { action: 'allow' } | { action: 'block'; by: string; withinGroup?: string };

/** The action a request meets: Block, and CAPTCHA or Challenge (a tried request has no token), block; Allow allows. */
function outcomeOf(action: RuleAction | undefined, by: string, withinGroup?: string): Outcome {
  if (action?.Allow) return { action: 'allow' };
  if (action?.Block || action?.Captcha || action?.Challenge)
    return withinGroup ? { action: 'block', by, withinGroup } : { action: 'block', by };
  return { action: 'continue' };
}

function overrideOf(group: ManagedRuleGroupStatement, name: string): RuleAction | undefined {
  const override = group.RuleActionOverrides?.find((o) => o.Name === name)?.ActionToUse;
  if (override) return override;
  return group.ExcludedRules?.some((r) => r.Name === name) ? { Count: {} } : undefined;
}

function runGroup(rule: Rule, group: ManagedRuleGroupStatement, e: Evaluation): Outcome {
  if (group.ScopeDownStatement && !matches(group.ScopeDownStatement, e)) return { action: 'continue' };
  for (const managed of managedGroup(group.VendorName, group.Name)?.rules ?? []) {
    if (!managed.matches(e.request.uri)) continue;
    e.labels.add(managed.label);
    const outcome = outcomeOf(
      overrideOf(group, managed.name) ?? { Block: {} },
      `${rule.Name}/${managed.name}`,
      `${group.VendorName ?? ''}#${group.Name ?? ''}#${managed.name}`,
    );
    // OverrideAction Count turns the group's terminating action into a count (its labels stay).
    if (outcome.action !== 'continue' && !rule.OverrideAction?.Count) return outcome;
  }
  return { action: 'continue' };
}

function runRule(rule: Rule, acl: WebACL, e: Evaluation): Outcome {
  const group = rule.Statement?.ManagedRuleGroupStatement;
  if (group) return runGroup(rule, group, e);
  if (!rule.Statement || !matches(rule.Statement, e)) return { action: 'continue' };
  for (const label of rule.RuleLabels ?? []) e.labels.add(`${acl.LabelNamespace ?? ''}${label.Name ?? ''}`);
  return outcomeOf(rule.Action, rule.Name ?? '');
}

/** A sample of a request blocked under this visibility config, unless it keeps none. */
function sampleOf(
  visibility: Rule['VisibilityConfig'],
  e: Evaluation,
  withinGroup: string | undefined,
): BlockedSample | undefined {
  if (!visibility?.SampledRequestsEnabled || !visibility.MetricName) return undefined;
  const labels = [...e.labels];
  return withinGroup
    ? { metricName: visibility.MetricName, ruleWithinGroup: withinGroup, labels }
    : { metricName: visibility.MetricName, labels };
}

/** The verdict, and what WAF samples of the request when a rule (or the default action) blocked it. */
export function inspectRequest(
  acl: WebACL,
  request: TriedRequest,
  ipSet: (arn: string) => string[] | undefined,
): Inspection {
  const e: Evaluation = { request, labels: new Set(), exemptions: [], ipSet };
  const allowed = (): Inspection => ({
    verdict: e.exemptions[0] === undefined ? { status: 200 } : { status: 200, matchedExemption: e.exemptions[0] },
  });
  const blocked = (by: string, visibility: Rule['VisibilityConfig'], withinGroup?: string): Inspection => {
    const sample = sampleOf(visibility, e, withinGroup);
    return { verdict: { status: 403, blockedBy: by }, ...(sample ? { sample } : {}) };
  };
  for (const rule of [...(acl.Rules ?? [])].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0))) {
    const outcome = runRule(rule, acl, e);
    if (outcome.action === 'block') return blocked(outcome.by, rule.VisibilityConfig, outcome.withinGroup);
    if (outcome.action === 'allow') return allowed();
  }
  return acl.DefaultAction?.Block ? blocked('DefaultAction', acl.VisibilityConfig) : allowed();
}
