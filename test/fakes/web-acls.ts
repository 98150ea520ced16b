import type { GroupRuleNames } from '../../commands/waf/resolve-rule';
import type { ManagedGroupDescription } from '../../commands/waf/ports';
import type { Rule, Statement, WebAcl, WebAclRef } from '../../commands/waf/types';
import type { GroupTarget, RuleTarget } from '../../commands/waf/exemption';

/**
 * The prod web ACL of the AdminProtection incident (AWSManagedRulesAdminProtectionRuleSet blocking `/admin`) as
 * GetWebACL returns it through the SDK (https://docs.aws.amazon.com/waf/latest/APIReference/API_GetWebACL.html), with
 * the company around it: a custom Block rule whose SearchString is not UTF-8, a rate-based rule, the common rule set
 * with its own scope-down and a Count override, known bad inputs with a legacy ExcludedRules, a CAPTCHA rule, custom
 * response bodies and web-ACL-level settings that UpdateWebACL would clear if they were not sent back.
 * Every call builds a fresh copy, so no test can change another's.
 */

export const EDU_WEB_ACL: WebAclRef = {
  name: 'edu-web-acl',
  id: '11111111-2222-3333-4444-555555555555',
  scope: 'REGIONAL',
};
export const EDU_WEB_ACL_ARN = `arn:aws:wafv2:ap-northeast-2:111111111111:regional/webacl/edu-web-acl/${EDU_WEB_ACL.id}`;
export const OFFICE_IP_SET_ARN =
  'arn:aws:wafv2:ap-northeast-2:111111111111:regional/ipset/blueshift-exempt-ab12/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

const text = (value: string) => new TextEncoder().encode(value);
const visibility = (metric: string) => ({
  SampledRequestsEnabled: true,
  CloudWatchMetricsEnabled: true,
  MetricName: metric,
});
const uriStartsWith = (path: string): Statement => ({
  ByteMatchStatement: {
    SearchString: text(path),
    FieldToMatch: { UriPath: {} },
    TextTransformations: [{ Priority: 0, Type: 'NONE' }],
    PositionalConstraint: 'STARTS_WITH',
  },
});

/** Bytes no UTF-8 decoder accepts: a bot's mangled User-Agent. */
export const BAD_BOT_BYTES = Uint8Array.from([0xff, 0xfe, 0x00, 0x62, 0x6f, 0x74, 0xc3]);

export function adminProtectionRule(priority = 10): Rule {
  return {
    Name: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
    Priority: priority,
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAdminProtectionRuleSet' } },
    OverrideAction: { None: {} },
    VisibilityConfig: visibility('AWS-AWSManagedRulesAdminProtectionRuleSet'),
  };
}

function eduRules(): Rule[] {
  return [
    {
      Name: 'block-bad-bots',
      Priority: 0,
      Statement: {
        ByteMatchStatement: {
          SearchString: BAD_BOT_BYTES.slice(),
          FieldToMatch: { SingleHeader: { Name: 'user-agent' } },
          TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          PositionalConstraint: 'CONTAINS',
        },
      },
      Action: { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'blocked-page' } } },
      RuleLabels: [{ Name: 'edu:bad-bot' }],
      VisibilityConfig: visibility('block-bad-bots'),
    },
    {
      Name: 'rate-limit-per-ip',
      Priority: 1,
      Statement: { RateBasedStatement: { Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } },
      Action: { Block: {} },
      VisibilityConfig: visibility('rate-limit-per-ip'),
    },
    {
      Name: 'AWS-AWSManagedRulesCommonRuleSet',
      Priority: 5,
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          Version: 'Version_1.12',
          ScopeDownStatement: { NotStatement: { Statement: uriStartsWith('/healthz') } },
          RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
        },
      },
      OverrideAction: { None: {} },
      VisibilityConfig: visibility('AWS-AWSManagedRulesCommonRuleSet'),
    },
    adminProtectionRule(10),
    {
      Name: 'AWS-AWSManagedRulesKnownBadInputsRuleSet',
      Priority: 20,
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesKnownBadInputsRuleSet',
          ExcludedRules: [{ Name: 'Host_localhost_HEADER' }],
        },
      },
      OverrideAction: { None: {} },
      VisibilityConfig: visibility('AWS-AWSManagedRulesKnownBadInputsRuleSet'),
    },
    {
      Name: 'captcha-login',
      Priority: 30,
      Statement: uriStartsWith('/login'),
      Action: { Captcha: {} },
      CaptchaConfig: { ImmunityTimeProperty: { ImmunityTime: 600 } },
      VisibilityConfig: visibility('captcha-login'),
    },
  ];
}

export function eduWebAcl(rules: Rule[] = eduRules()): WebAcl {
  return {
    Name: EDU_WEB_ACL.name,
    Id: EDU_WEB_ACL.id,
    ARN: EDU_WEB_ACL_ARN,
    DefaultAction: { Allow: {} },
    Description: 'edu web ACL, managed by CloudFormation',
    Rules: rules,
    VisibilityConfig: visibility('edu-web-acl'),
    DataProtectionConfig: {
      DataProtections: [{ Field: { FieldType: 'SINGLE_HEADER', FieldKeys: ['authorization'] }, Action: 'HASH' }],
    },
    Capacity: 1107,
    PreProcessFirewallManagerRuleGroups: [],
    PostProcessFirewallManagerRuleGroups: [],
    ManagedByFirewallManager: false,
    RetrofittedByFirewallManager: false,
    LabelNamespace: 'awswaf:111111111111:webacl:edu-web-acl:',
    CustomResponseBodies: { 'blocked-page': { ContentType: 'TEXT_HTML', Content: '<h1>Blocked by WAF</h1>' } },
    CaptchaConfig: { ImmunityTimeProperty: { ImmunityTime: 300 } },
    ChallengeConfig: { ImmunityTimeProperty: { ImmunityTime: 300 } },
    TokenDomains: ['edu.example.com'],
    AssociationConfig: { RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_16' } } },
  };
}

/** A web ACL with only the AdminProtection group, before any exemption. */
export function adminOnlyWebAcl(): WebAcl {
  return eduWebAcl([adminProtectionRule(10)]);
}

function described(
  namespace: string,
  ruleNames: string[],
  labels: string[],
  capacity: number,
): ManagedGroupDescription {
  return { ruleNames, labelNamespace: namespace, labels: labels.map((label) => `${namespace}${label}`), capacity };
}

/** DescribeManagedRuleGroup, per group: rule names as WAF spells them and the (differently cased) labels. */
export const MANAGED_GROUPS: Record<string, ManagedGroupDescription> = {
  AWSManagedRulesAdminProtectionRuleSet: described(
    'awswaf:managed:aws:admin-protection:',
    ['AdminProtection_URIPATH'],
    ['AdminProtection_URIPath'],
    100,
  ),
  AWSManagedRulesCommonRuleSet: described(
    'awswaf:managed:aws:core-rule-set:',
    [
      'NoUserAgent_HEADER',
      'UserAgent_BadBots_HEADER',
      'SizeRestrictions_QUERYSTRING',
      'SizeRestrictions_BODY',
      'SizeRestrictions_URIPATH',
      'GenericLFI_URIPATH',
      'GenericRFI_QUERYARGUMENTS',
      'CrossSiteScripting_BODY',
    ],
    [
      'NoUserAgent_Header',
      'UserAgent_BadBots_Header',
      'SizeRestrictions_QueryString',
      'SizeRestrictions_Body',
      'SizeRestrictions_URIPath',
      'GenericLFI_URIPath',
      'GenericRFI_QueryArguments',
      'CrossSiteScripting_Body',
    ],
    700,
  ),
  AWSManagedRulesKnownBadInputsRuleSet: described(
    'awswaf:managed:aws:known-bad-inputs:',
    [
      'JavaDeserializationRCE_HEADER',
      'Host_localhost_HEADER',
      'PROPFIND_METHOD',
      'ExploitablePaths_URIPATH',
      'Log4JRCE_HEADER',
    ],
    [
      'JavaDeserializationRCE_Header',
      'Host_Localhost_Header',
      'Propfind_Method',
      'ExploitablePaths_URIPath',
      'Log4JRCE_Header',
    ],
    200,
  ),
};

export const groupRuleNames: GroupRuleNames = (vendor, name) =>
  vendor === 'AWS' ? MANAGED_GROUPS[name]?.ruleNames : undefined;

export const ADMIN_PROTECTION_LABEL = 'awswaf:managed:aws:admin-protection:AdminProtection_URIPath';

export const adminGroup: GroupTarget = {
  kind: 'group',
  aclRuleName: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
  vendor: 'AWS',
  groupName: 'AWSManagedRulesAdminProtectionRuleSet',
};
export const adminRule: RuleTarget = { ...adminGroup, kind: 'rule', ruleName: 'AdminProtection_URIPATH' };
export const commonGroup: GroupTarget = {
  kind: 'group',
  aclRuleName: 'AWS-AWSManagedRulesCommonRuleSet',
  vendor: 'AWS',
  groupName: 'AWSManagedRulesCommonRuleSet',
};
export const knownBadInputsRule: RuleTarget = {
  kind: 'rule',
  aclRuleName: 'AWS-AWSManagedRulesKnownBadInputsRuleSet',
  vendor: 'AWS',
  groupName: 'AWSManagedRulesKnownBadInputsRuleSet',
  ruleName: 'ExploitablePaths_URIPATH',
};

/** What another editor does meanwhile: a new rule, and priorities shifted to make room for it. */
export function concurrentEdit(rules: Rule[]): Rule[] {
  const shifted = rules.map((rule) => (rule.Priority >= 20 ? { ...rule, Priority: rule.Priority + 5 } : rule));
  const scanners: Rule = {
    Name: 'block-scanners',
    Priority: 21,
    Statement: uriStartsWith('/wp-login.php'),
    Action: { Block: {} },
    VisibilityConfig: visibility('block-scanners'),
  };
  const at = shifted.findIndex((rule) => rule.Priority > 21);
  return at < 0 ? [...shifted, scanners] : [...shifted.slice(0, at), scanners, ...shifted.slice(at)];
}

/** Freezes a value all the way down, so a function that mutates its input throws in the test. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
