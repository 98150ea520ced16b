import { escape } from '../../lib/mrkdwn';
import { isExemptionRuleName, refusal, type ExemptionTarget, type Refusal } from './exemption';
import type { WebAcl } from './types';

/**
 * The rule names inside a managed rule group, as DescribeManagedRuleGroup lists them (fetched beforehand for each
 * group in the web ACL); undefined when unknown. Only names from there are accepted: WAF silently ignores an
 * override naming a rule the group does not have, so a typo would exempt nothing and say nothing.
 */
export type GroupRuleNames = (vendor: string, groupName: string) => readonly string[] | undefined;

interface Candidate {
  target: ExemptionTarget;
  /** Every spelling that selects it, compared case-insensitively. */
  names: string[];
  /** How it is listed to people; typing it back selects it. */
  shown: string;
}

function candidatesOf(webAcl: WebAcl, groupRules: GroupRuleNames): { groups: Candidate[]; rules: Candidate[] } {
  const groups: Candidate[] = [];
  const rules: Candidate[] = [];
  for (const aclRule of webAcl.Rules) {
    const group = aclRule.Statement.ManagedRuleGroupStatement;
    if (!group || isExemptionRuleName(aclRule.Name)) continue;
    const base = { aclRuleName: aclRule.Name, vendor: group.VendorName, groupName: group.Name };
    groups.push({ target: { kind: 'group', ...base }, names: [aclRule.Name, group.Name], shown: aclRule.Name });
    for (const ruleName of groupRules(group.VendorName, group.Name) ?? []) {
      rules.push({
        target: { kind: 'rule', ...base, ruleName },
        names: [ruleName, `${group.Name}/${ruleName}`, `${aclRule.Name}/${ruleName}`],
        shown: `${group.Name}/${ruleName}`,
      });
    }
  }
  return { groups, rules };
}

type Match = (name: string) => boolean;

function pick(query: string, found: Candidate[]): ExemptionTarget | Refusal | undefined {
  const [only] = found;
  if (found.length === 0) return undefined;
  if (found.length === 1 && only) return only.target;
  return refusal(
    'ambiguous-rule',
    `"${escape(query)}" matches more than one managed rule group or rule; say which one.`,
    found.map((c) => c.shown),
  );
}

/**
 * Finds what `/waf-exempt <env> <rule> …` names: a web ACL rule running a managed rule group (by its rule name or
 * the group's name), a rule inside one (`Rule` or `Group/Rule`), or a unique case-insensitive part of either.
 * Exact names win over parts, and for parts groups win over the rules inside them, so `AdminProtection` is the
 * AWSManagedRulesAdminProtectionRuleSet group even though its rule AdminProtection_URIPATH contains it too.
 */
export function resolveRule(webAcl: WebAcl, query: string, groupRules: GroupRuleNames): ExemptionTarget | Refusal {
  const wanted = query.trim().toLowerCase();
  const { groups, rules } = candidatesOf(webAcl, groupRules);
  const all = [...groups, ...rules];
  const matching = (list: Candidate[], match: Match) => list.filter((c) => c.names.some((n) => match(n.toLowerCase())));
  const exact: Match = (name) => name === wanted;
  const part: Match = (name) => wanted.length > 0 && name.includes(wanted);
  const found =
    pick(query, matching(all, exact)) ?? pick(query, matching(groups, part)) ?? pick(query, matching(rules, part));
  if (found) return found;
  const other = webAcl.Rules.find((r) => r.Name.toLowerCase() === wanted && !r.Statement.ManagedRuleGroupStatement);
  if (other) {
    return refusal(
      'not-a-managed-group',
      `"${other.Name}" is the web ACL's own rule, not a managed rule group; only managed rule groups can be exempted.`,
      groups.map((c) => c.shown),
    );
  }
  return refusal(
    'unknown-rule',
    `No managed rule group or rule in web ACL ${webAcl.Name} matches "${escape(query)}".`,
    all.map((c) => c.shown),
  );
}
