import type { Rule, WafScope, WebAcl, WebAclRef } from './types';

/**
 * The port /waf-exempt and the sweeper use to read and change an environment's web ACL (lib/aws/wafv2.ts
 * implements it). Methods fail with a KnownFailure carrying the reason and the next step.
 */

/** DescribeManagedRuleGroup, in the product's words. */
export interface ManagedGroupDescription {
  /** Rule names exactly as WAF spells them: the only names an override may use. */
  ruleNames: string[];
  /** `awswaf:managed:aws:admin-protection:` */
  labelNamespace?: string;
  /** Labels the group's rules add (AvailableLabels). */
  labels: string[];
  /** WCUs the group costs. */
  capacity?: number;
}

/** A change to the rules of a fresh copy of the web ACL, or a refusal (any non-array value) to make none. */
export type AclChange<R extends object> = (webAcl: WebAcl) => Rule[] | R;

export type ModifyOutcome<R> =
  | { status: 'updated'; before: WebAcl; rules: Rule[]; attempts: number; lockToken?: string }
  /** The change left the rules as they were (already applied, already reverted): nothing was written. */
  | { status: 'unchanged'; before: WebAcl; attempts: number }
  | { status: 'refused'; refusal: R; attempts: number };

export interface ModifyOptions {
  /** GetWebACL → change → UpdateWebACL rounds before giving up on lock conflicts; 4 unless said. */
  maxAttempts?: number;
}

export interface IpSetRef {
  name: string;
  id: string;
  arn: string;
}

export interface WebAcls {
  get(acl: WebAclRef): Promise<{ webAcl: WebAcl; lockToken: string }>;
  describeGroupRules(vendor: string, name: string, scope: WafScope, version?: string): Promise<ManagedGroupDescription>;
  /** The WCUs these rules would need (CheckCapacity). */
  checkCapacity(scope: WafScope, rules: Rule[]): Promise<number>;
  /**
   * Read-modify-write with the lock token. On a lock conflict `change` runs again on a freshly read web ACL, so a
   * concurrent editor's change survives; after `maxAttempts` conflicts it fails saying so.
   */
  modify<R extends object>(acl: WebAclRef, change: AclChange<R>, options?: ModifyOptions): Promise<ModifyOutcome<R>>;
  /** Creates the IP set, or sets its addresses when it exists already (a retried job); IPv4 or IPv6, not both. */
  ensureIpSet(name: string, scope: WafScope, cidrs: string[]): Promise<IpSetRef>;
  /** Deletes the IP set; false when there was none (already deleted). */
  deleteIpSet(name: string, scope: WafScope): Promise<boolean>;
}
