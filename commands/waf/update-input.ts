import type { Rule, WafScope, WebAcl, WebAclUpdate } from './types';

/**
 * UpdateWebACL replaces every mutable setting with what the call carries, so leaving one out clears it. These are
 * the mutable members of UpdateWebACLRequest, copied from GetWebACL as they are
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_UpdateWebACL.html).
 * ApplicationConfig may only be repeated exactly, which copying does.
 */
const MUTABLE = [
  'DefaultAction',
  'Description',
  'VisibilityConfig',
  'DataProtectionConfig',
  'CustomResponseBodies',
  'CaptchaConfig',
  'ChallengeConfig',
  'TokenDomains',
  'AssociationConfig',
  'OnSourceDDoSProtectionConfig',
  'ApplicationConfig',
  'MonetizationConfig',
] as const;

/** GetWebACL members that are not UpdateWebACL's to set: identity, rules (sent separately) and read-only state. */
const NOT_COPIED = new Set([
  'Name',
  'Id',
  'Rules',
  'ARN',
  'Capacity',
  'PreProcessFirewallManagerRuleGroups',
  'PostProcessFirewallManagerRuleGroups',
  'ManagedByFirewallManager',
  'LabelNamespace',
  'RetrofittedByFirewallManager',
]);
const KNOWN = new Set<string>([...MUTABLE, ...NOT_COPIED]);

/**
 * Members of the web ACL blueshift knows neither as mutable nor as read-only: a setting AWS added after this code
 * was written. Updating would silently clear it, so the adapter refuses instead while this is not empty.
 */
export function unknownWebAclFields(webAcl: WebAcl): string[] {
  return Object.keys(webAcl).filter((key) => !KNOWN.has(key) && webAcl[key] !== undefined);
}

/** The complete UpdateWebACL input: the web ACL's mutable settings as read, the new rules and the lock token. */
export function updateWebAclInput(webAcl: WebAcl, rules: Rule[], lockToken: string, scope: WafScope): WebAclUpdate {
  const settings: Record<string, unknown> = {};
  for (const field of MUTABLE) {
    if (webAcl[field] !== undefined) settings[field] = webAcl[field];
  }
  return {
    Name: webAcl.Name,
    Scope: scope,
    Id: webAcl.Id,
    LockToken: lockToken,
    ...settings,
    DefaultAction: webAcl.DefaultAction,
    VisibilityConfig: webAcl.VisibilityConfig,
    Rules: rules,
  };
}
