/**
 * The WAFv2 shapes blueshift reads and writes, mirrored structurally so commands never import the SDK
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_WebACL.html, and API_Rule.html and
 * API_ManagedRuleGroupStatement.html beside it; the SDK's types in @aws-sdk/client-wafv2 are the same model).
 *
 * Only the members blueshift looks at are named. The index signatures keep every other member (and members AWS
 * adds later) typed as `unknown`, and every change copies objects with spread, so a web ACL goes back to
 * UpdateWebACL with everything it came with: priorities, visibility configs, custom responses, SearchString bytes.
 */

export type WafScope = 'REGIONAL' | 'CLOUDFRONT';

/** Which web ACL an environment's configuration names (`environments.<env>.waf.webAcl`). */
export interface WebAclRef {
  name: string;
  id: string;
  scope: WafScope;
}

type Members = Record<string, unknown>;

export interface TextTransformation {
  Priority: number;
  Type: string;
}

export interface ByteMatchStatement {
  /** Raw bytes, not text: a custom rule may match bytes that are not UTF-8, and they must round-trip unchanged. */
  SearchString: Uint8Array;
  FieldToMatch: Members;
  TextTransformations: TextTransformation[];
  PositionalConstraint: string;
  [member: string]: unknown;
}

export interface LabelMatchStatement {
  Scope: 'LABEL' | 'NAMESPACE';
  Key: string;
}

/** `{ Block: {} }`, `{ Count: {} }`…; the action's own settings (custom responses) stay in its object. */
export interface RuleAction {
  Block?: Members;
  Allow?: Members;
  Count?: Members;
  Captcha?: Members;
  Challenge?: Members;
  [member: string]: unknown;
}

export interface RuleActionOverride {
  Name: string;
  ActionToUse: RuleAction;
}

export interface ManagedRuleGroupStatement {
  VendorName: string;
  Name: string;
  Version?: string;
  /** Legacy (before 2022-10-27) spelling of a Count override; read, never written. */
  ExcludedRules?: { Name: string }[];
  ScopeDownStatement?: Statement;
  RuleActionOverrides?: RuleActionOverride[];
  [member: string]: unknown;
}

export interface Statement {
  ByteMatchStatement?: ByteMatchStatement;
  AndStatement?: { Statements: Statement[]; [member: string]: unknown };
  OrStatement?: { Statements: Statement[]; [member: string]: unknown };
  NotStatement?: { Statement: Statement; [member: string]: unknown };
  IPSetReferenceStatement?: { ARN: string; [member: string]: unknown };
  LabelMatchStatement?: LabelMatchStatement;
  ManagedRuleGroupStatement?: ManagedRuleGroupStatement;
  [member: string]: unknown;
}

export interface VisibilityConfig {
  SampledRequestsEnabled: boolean;
  CloudWatchMetricsEnabled: boolean;
  MetricName: string;
}

export interface Rule {
  Name: string;
  Priority: number;
  Statement: Statement;
  /** Rules that do not reference a rule group. */
  Action?: RuleAction;
  /** Rules that reference a rule group: `{ None: {} }` or `{ Count: {} }`. */
  OverrideAction?: { None?: Members; Count?: Members };
  RuleLabels?: { Name: string }[];
  VisibilityConfig: VisibilityConfig;
  [member: string]: unknown;
}

/** GetWebACL's `WebACL`. Rules is never undefined here: an absent list is read as empty. */
export interface WebAcl {
  Name: string;
  Id: string;
  ARN?: string;
  DefaultAction: Members;
  Rules: Rule[];
  VisibilityConfig: VisibilityConfig;
  [member: string]: unknown;
}

/** UpdateWebACL's input: identity, lock token, rules and the mutable settings copied from GetWebACL. */
export interface WebAclUpdate {
  Name: string;
  Scope: WafScope;
  Id: string;
  LockToken: string;
  DefaultAction: Members;
  VisibilityConfig: VisibilityConfig;
  Rules: Rule[];
  [member: string]: unknown;
}
