import { randomBytes } from 'node:crypto';
import { applyExemption, describeChange, resolveRule } from '../../commands/waf/exemption-rules';
import { isRefusal, type ExemptionSpec, type ExemptionTarget } from '../../commands/waf/exemption';
import { exemptPath } from '../../commands/waf/exemption-match';
import type { ManagedGroupDescription, WebAcls } from '../../commands/waf/ports';
import { ruleLabel } from '../../commands/waf/rule-label';
import type { ExemptArgs } from '../../commands/specs/waf-exempt';
import type { Rule, WebAcl, WebAclRef } from '../../commands/waf/types';
import { formatDuration, parseDuration } from '../../lib/config/duration';
import type { EnvironmentConfig } from '../../lib/config/schema';

/** A /waf-exempt that passed every check, ready to preview and apply. */
export interface PreparedExemption {
  acl: WebAclRef;
  webAcl: WebAcl;
  spec: ExemptionSpec;
  /** `AWS-AWSManagedRulesAdminProtectionRuleSet` or `AWSManagedRulesAdminProtectionRuleSet/AdminProtection_URIPATH`. */
  shown: string;
  durationMs: number;
  diff: string[];
  after: Rule[];
}

/** Why not, in words for the user, with what to do. */
export interface Problem {
  problem: string;
  next: string;
}

export const pinnedExemption = (id: string) => `exemption:${id}`;

/** The rule names and labels of every managed group in the web ACL (DescribeManagedRuleGroup, in parallel). */
async function describeGroups(
  webAcl: WebAcl,
  waf: WebAcls,
  acl: WebAclRef,
): Promise<Map<string, ManagedGroupDescription>> {
  const groups = webAcl.Rules.flatMap((rule) =>
    rule.Statement.ManagedRuleGroupStatement ? [rule.Statement.ManagedRuleGroupStatement] : [],
  );
  const described = await Promise.all(
    groups.map(
      async (g) =>
        [
          `${g.VendorName}/${g.Name}`,
          await waf.describeGroupRules(g.VendorName, g.Name, acl.scope, g.Version),
        ] as const,
    ),
  );
  return new Map(described);
}

function shownName(target: ExemptionTarget): string {
  return target.kind === 'group' ? target.aclRuleName : `${target.groupName}/${target.ruleName}`;
}

/**
 * Everything checked before anything changes: the environment has a web ACL, the duration is within its limit,
 * the path is one WAF can match safely, and the rule exists (WAF would silently ignore a misspelled one).
 */
export async function prepareExemption(
  args: ExemptArgs,
  envName: string,
  env: EnvironmentConfig,
  waf: WebAcls,
  pinnedId: string | undefined,
): Promise<PreparedExemption | Problem> {
  if (!env.waf)
    return {
      problem: `\`${envName}\` has no web ACL configured.`,
      next: `Add \`environments.${envName}.waf\` to the configuration.`,
    };
  const durationMs = parseDuration(args.duration) ?? 0;
  if (durationMs > env.waf.maxExemption) {
    return {
      problem: `exemptions in \`${envName}\` last at most ${formatDuration(env.waf.maxExemption)}.`,
      next: `Ask for ${formatDuration(env.waf.maxExemption)} or less; if it must stay longer, change the infrastructure code.`,
    };
  }
  const path = exemptPath(args.path);
  if (isRefusal(path)) return { problem: path.message, next: 'Give the path as users request it, e.g. `/admin`.' };
  const acl: WebAclRef = env.waf.webAcl;
  const { webAcl } = await waf.get(acl);
  const groups = await describeGroups(webAcl, waf, acl);
  const target = resolveRule(webAcl, args.rule, (vendor, name) => groups.get(`${vendor}/${name}`)?.ruleNames);
  if (isRefusal(target)) {
    const candidates = target.candidates?.length
      ? ` Candidates: ${target.candidates.map((c) => `\`${c}\``).join(', ')}.`
      : '';
    return {
      problem: `${target.message}${candidates}`,
      next: 'Name a managed rule group or rule of the web ACL (a unique part of its name is enough).',
    };
  }
  const label =
    target.kind === 'rule'
      ? ruleLabel(groups.get(`${target.vendor}/${target.groupName}`) ?? { labels: [] }, target.ruleName)
      : undefined;
  const id = pinnedId ?? `${envName}-${randomBytes(3).toString('hex')}`;
  const cidrs = args.cidr ? [args.cidr] : undefined;
  // The IP set is created on apply; the preview shows where it will be.
  const previewIpSet = cidrs
    ? `arn:aws:wafv2:${env.region}:${env.account}:regional/ipset/blueshift-exempt-${id}/(created when applied)`
    : undefined;
  const spec: ExemptionSpec = {
    id,
    path,
    target,
    ...(cidrs ? { cidrs, ipSetArn: previewIpSet } : {}),
    ...(label ? { ruleLabel: label } : {}),
  };
  const after = applyExemption(webAcl, spec);
  if (isRefusal(after))
    return {
      problem: after.message,
      next: 'Exempt the whole group, or change the web ACL in the infrastructure code.',
    };
  return { acl, webAcl, spec, shown: shownName(target), durationMs, diff: describeChange(webAcl.Rules, after), after };
}
