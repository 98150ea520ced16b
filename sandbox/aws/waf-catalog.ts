import type { Rule, WebACL } from '@aws-sdk/client-wafv2';

/**
 * The WAF the sandbox account runs: the AWS managed rule groups it knows (DescribeManagedRuleGroup, and what
 * their rules match when a request is tried), the web ACL as the account starts, and the AdminProtection rule the
 * security team adds to it (the incident's cause).
 */

export interface ManagedRule {
  name: string;
  /**
   * The label it adds, fully qualified; its case can differ from the rule name (AdminProtection_URIPATH adds
   * …:AdminProtection_URIPath:
   * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
   */
  label: string;
  /** Whether it matches a request path (raw, as sent). The demo's rule sets match paths only. */
  matches: (path: string) => boolean;
}

export interface ManagedGroup {
  vendor: string;
  name: string;
  capacity: number;
  labelNamespace: string;
  version: string;
  rules: ManagedRule[];
}

const NEVER = () => false;

/** AdminProtection_URIPATH: paths reserved for administration, `/admin…` first (case-insensitive, decoded). */
function adminPath(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape is matched as sent.
  }
  const lower =
    decoded
      .split('?')[0]
      ?.replace(/\/{2,}/g, '/')
      .toLowerCase() ?? '';
  return lower.startsWith('/admin') || lower.includes('/sqlmanager') || lower.includes('/phpmyadmin');
}

function group(
  name: string,
  namespace: string,
  capacity: number,
  rules: [string, string][],
  matchers: Record<string, (path: string) => boolean> = {},
): ManagedGroup {
  const labelNamespace = `awswaf:managed:aws:${namespace}:`;
  return {
    vendor: 'AWS',
    name,
    capacity,
    labelNamespace,
    version: 'Version_1.0',
    rules: rules.map(([rule, label]) => ({
      name: rule,
      label: `${labelNamespace}${label}`,
      matches: matchers[rule] ?? NEVER,
    })),
  };
}

export const MANAGED_GROUPS: ManagedGroup[] = [
  group(
    'AWSManagedRulesAdminProtectionRuleSet',
    'admin-protection',
    100,
    [['AdminProtection_URIPATH', 'AdminProtection_URIPath']],
    { AdminProtection_URIPATH: adminPath },
  ),
  // The common rule set blocks nothing a demo request sends.
  group('AWSManagedRulesCommonRuleSet', 'core-rule-set', 700, [
    ['NoUserAgent_HEADER', 'NoUserAgent_Header'],
    ['UserAgent_BadBots_HEADER', 'UserAgent_BadBots_Header'],
    ['SizeRestrictions_QUERYSTRING', 'SizeRestrictions_QueryString'],
    ['SizeRestrictions_BODY', 'SizeRestrictions_Body'],
    ['SizeRestrictions_URIPATH', 'SizeRestrictions_URIPath'],
    ['GenericLFI_URIPATH', 'GenericLFI_URIPath'],
    ['GenericRFI_QUERYARGUMENTS', 'GenericRFI_QueryArguments'],
    ['CrossSiteScripting_BODY', 'CrossSiteScripting_Body'],
  ]),
  group('AWSManagedRulesKnownBadInputsRuleSet', 'known-bad-inputs', 200, [
    ['JavaDeserializationRCE_HEADER', 'JavaDeserializationRCE_Header'],
    ['Host_localhost_HEADER', 'Host_Localhost_Header'],
    ['PROPFIND_METHOD', 'Propfind_Method'],
    ['ExploitablePaths_URIPATH', 'ExploitablePaths_URIPath'],
    ['Log4JRCE_HEADER', 'Log4JRCE_Header'],
  ]),
];

export function managedGroup(vendor: string | undefined, name: string | undefined): ManagedGroup | undefined {
  return MANAGED_GROUPS.find((g) => g.vendor === vendor && g.name === name);
}

const visibility = (metric: string) => ({
  SampledRequestsEnabled: true,
  CloudWatchMetricsEnabled: true,
  MetricName: metric,
});

function managedRule(name: string, priority: number, extra: object = {}): Rule {
  return {
    Name: `AWS-${name}`,
    Priority: priority,
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name, ...extra } },
    OverrideAction: { None: {} },
    VisibilityConfig: visibility(`AWS-${name}`),
  };
}

export interface WebAclIdentity {
  name: string;
  id: string;
  account: string;
  region: string;
}

/**
 * AdminProtection as the security team adds it (the incident): the whole managed group at priority 10, blocking
 * `/admin…`, with no exemption in it.
 */
export function adminProtectionRule(): Rule {
  return managedRule('AWSManagedRulesAdminProtectionRuleSet', 10);
}

/** The web ACL before the incident: a rate limit and the common rule set; /admin still answers. */
export function initialWebAcl(acl: WebAclIdentity): WebACL {
  return {
    Name: acl.name,
    Id: acl.id,
    ARN: `arn:aws:wafv2:${acl.region}:${acl.account}:regional/webacl/${acl.name}/${acl.id}`,
    DefaultAction: { Allow: {} },
    Description: 'edu web ACL, managed by CloudFormation',
    Rules: [
      {
        Name: 'rate-limit-per-ip',
        Priority: 1,
        Action: { Block: {} },
        VisibilityConfig: visibility('rate-limit-per-ip'),
        Statement: { RateBasedStatement: { Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } },
      },
      managedRule('AWSManagedRulesCommonRuleSet', 5, {
        RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
      }),
    ],
    VisibilityConfig: visibility('edu-web-acl'),
    ManagedByFirewallManager: false,
    RetrofittedByFirewallManager: false,
    LabelNamespace: `awswaf:${acl.account}:webacl:${acl.name}:`,
  };
}
