/** What an exemption is, as the pure WAF functions see it, and how they say no. */

/** A whole managed rule group, by the web ACL rule that runs it. */
export interface GroupTarget {
  kind: 'group';
  aclRuleName: string;
  vendor: string;
  groupName: string;
}

/** One rule inside a managed rule group; `ruleName` is spelled exactly as DescribeManagedRuleGroup lists it. */
export interface RuleTarget {
  kind: 'rule';
  aclRuleName: string;
  vendor: string;
  groupName: string;
  ruleName: string;
}

export type ExemptionTarget = GroupTarget | RuleTarget;

export interface ExemptionSpec {
  /** Also names what blueshift adds (`blueshift-exempt-<id>`), so it must fit WAF names: letters, digits, `_`, `-`. */
  id: string;
  /** URI path as the user typed it, e.g. `/admin`; the exemption covers it and everything below it. */
  path: string;
  /** `from <cidr>`: shown to people; the match itself goes through `ipSetArn`. */
  cidrs?: string[];
  /**
   * WAF has no inline CIDR statement, so `from` needs an IP set: the adapter creates `blueshift-exempt-<id>`
   * holding `cidrs` (ensureIpSet) and passes its ARN here. Required when `cidrs` is not empty.
   */
  ipSetArn?: string;
  target: ExemptionTarget;
  /**
   * Rule exemptions: the label the managed rule adds (see `ruleLabel`), which the blocking rule matches on.
   * Its case can differ from the rule name (AdminProtection_URIPATH adds …:AdminProtection_URIPath).
   */
  ruleLabel?: string;
}

export type RefusalCode =
  | 'unknown-rule'
  | 'ambiguous-rule'
  | 'not-a-managed-group'
  | 'group-not-in-web-acl'
  | 'invalid-id'
  | 'invalid-path'
  | 'missing-ip-set'
  | 'missing-rule-label'
  | 'group-counts'
  | 'rule-already-overridden'
  | 'no-free-priority';

/** Why a change cannot be made, in words for the user; `candidates` lists what they could have meant. */
export interface Refusal {
  refused: RefusalCode;
  message: string;
  candidates?: string[];
}

export function refusal(refused: RefusalCode, message: string, candidates?: string[]): Refusal {
  return candidates ? { refused, message, candidates } : { refused, message };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'refused' in value;
}

/** Where an exemption's WAF pieces and IP set get their names. */
export const EXEMPTION_PREFIX = 'blueshift-exempt-';
export const MARKER_PREFIX = 'blueshift:exemption:';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidExemptionId(id: string): boolean {
  return ID.test(id);
}

export function exemptionRuleName(id: string): string {
  return `${EXEMPTION_PREFIX}${id}`;
}

/** The IP set that holds a `from` exemption's addresses; one per exemption, deleted when it is reverted. */
export function exemptionIpSetName(id: string): string {
  return `${EXEMPTION_PREFIX}${id}`;
}

export function isExemptionRuleName(name: string): boolean {
  return name.startsWith(EXEMPTION_PREFIX);
}
