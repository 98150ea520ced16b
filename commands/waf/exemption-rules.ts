import { exemptionPiece, exemptPath, pieceId } from './exemption-match';
import {
  isExemptionRuleName,
  isRefusal,
  isValidExemptionId,
  refusal,
  type ExemptionSpec,
  type ExemptionTarget,
  type Refusal,
  type RuleTarget,
} from './exemption';
import {
  findGroupRule,
  overrideOf,
  withCountOverride,
  withGroup,
  withoutCountOverride,
  withoutScopeDownPiece,
  withScopeDownPiece,
  type GroupRule,
} from './group-rule';
import { freePriorityAfter, labelRuleFor, newLabelRule, withLabelPiece, withoutLabelPiece } from './label-rule';
import type { Rule, Statement, WebAcl } from './types';

export { resolveRule, type GroupRuleNames } from './resolve-rule';
export { describeChange } from './describe-change';
export { updateWebAclInput, unknownWebAclFields } from './update-input';

/**
 * Exemptions as changes to a web ACL's rules: pure functions from the rules WAF returned to the rules to send.
 * Inputs are never mutated; untouched rules are passed through as they are (same objects, same order).
 */

function replace(rules: readonly Rule[], old: Rule, next: Rule): Rule[] {
  return rules.map((rule) => (rule === old ? next : rule));
}

/** The exemption ids whose pieces are in the web ACL: what the sweeper can check its records against. */
export function activeExemptionIds(rules: readonly Rule[]): Set<string> {
  const statements = rules.flatMap((rule): Statement[] => {
    const scope = rule.Statement.ManagedRuleGroupStatement?.ScopeDownStatement;
    if (scope) return [scope, ...(scope.AndStatement?.Statements ?? [])];
    return isExemptionRuleName(rule.Name) ? (rule.Statement.AndStatement?.Statements ?? []) : [];
  });
  return new Set(statements.map(pieceId).filter((id) => id !== undefined));
}

function pieceFor(exemption: ExemptionSpec): Statement | Refusal {
  if (!isValidExemptionId(exemption.id)) {
    return refusal('invalid-id', `Exemption id "${exemption.id}" must be 1-64 letters, digits, _ or -.`);
  }
  const path = exemptPath(exemption.path);
  if (isRefusal(path)) return path;
  if (exemption.cidrs?.length && !exemption.ipSetArn) {
    return refusal('missing-ip-set', `Exempting only ${exemption.cidrs.join(', ')} needs the IP set that holds them.`);
  }
  return exemptionPiece(exemption.id, path, exemption.ipSetArn);
}

function actionName(action: object): string {
  return Object.keys(action)[0] ?? 'another action';
}

/** Why the managed rule cannot be exempted on its own, if it cannot. */
function ruleRefusal(
  rules: readonly Rule[],
  { rule, group }: GroupRule,
  ruleName: string,
  label: string,
): Refusal | undefined {
  if (rule.OverrideAction?.Count) {
    return refusal(
      'group-counts',
      `${rule.Name} is set to Count as a whole, so ${ruleName} blocks nothing: there is nothing to exempt.`,
    );
  }
  const current = overrideOf(group, ruleName);
  // Without a blueshift rule for it, an override is the infrastructure code's: Count already lets everything
  // through (nothing to exempt), and other actions are not blueshift's to replace.
  if (current && !labelRuleFor(rules, label)) {
    return refusal(
      'rule-already-overridden',
      `${ruleName} is already overridden to ${actionName(current)} in ${rule.Name} by the infrastructure code; blueshift leaves it alone.`,
    );
  }
  return undefined;
}

function exemptRule(
  rules: readonly Rule[],
  at: GroupRule,
  id: string,
  target: RuleTarget,
  label: string | undefined,
  piece: Statement,
): Rule[] | Refusal {
  if (!label) {
    return refusal(
      'missing-rule-label',
      `WAF lists no label for ${target.ruleName}, so blueshift cannot keep blocking outside the exemption. Exempt the whole group instead.`,
    );
  }
  const refused = ruleRefusal(rules, at, target.ruleName, label);
  if (refused) return refused;
  const { rule, group } = at;
  const overridden = replace(rules, rule, withGroup(rule, withCountOverride(group, target.ruleName)));
  const shared = labelRuleFor(rules, label);
  if (shared) return replace(overridden, shared, withLabelPiece(shared, piece));
  const priority = freePriorityAfter(rules, rule);
  if (priority === undefined) {
    return refusal(
      'no-free-priority',
      `No free priority after ${rule.Name} (priority ${rule.Priority}): the next rule has priority ${rule.Priority + 1}. ` +
        'Leave a gap after it in the infrastructure code, or exempt the whole group.',
    );
  }
  const index = rules.indexOf(rule) + 1;
  return [...overridden.slice(0, index), newLabelRule(id, priority, label, piece), ...overridden.slice(index)];
}

/**
 * The rules with the exemption added. A group exemption adds a scope-down piece, so the group skips exempt
 * requests; a rule exemption overrides the rule to Count and blocks its label outside the exemption. Applying an
 * exemption that is already there returns the rules unchanged (jobs are delivered at least once).
 */
export function applyExemption(webAcl: WebAcl, exemption: ExemptionSpec): Rule[] | Refusal {
  const piece = pieceFor(exemption);
  if (isRefusal(piece)) return piece;
  const rules = webAcl.Rules;
  if (activeExemptionIds(rules).has(exemption.id)) return [...rules];
  const found = findGroupRule(rules, exemption.target);
  if (isRefusal(found)) return found;
  const { target } = exemption;
  if (target.kind === 'rule') return exemptRule(rules, found, exemption.id, target, exemption.ruleLabel, piece);
  return replace(rules, found.rule, withGroup(found.rule, withScopeDownPiece(found.group, piece)));
}

function withoutOverride(rules: Rule[], target: RuleTarget): Rule[] {
  const found = findGroupRule(rules, target);
  if (isRefusal(found)) return rules;
  return replace(rules, found.rule, withGroup(found.rule, withoutCountOverride(found.group, target.ruleName)));
}

/**
 * The rules without what the exemption added, found by its marker wherever it now is; everything else, including
 * changes others made meanwhile, stays. The Count override goes only with the last blueshift rule using it, and only
 * when this revert removed that rule: if the infrastructure code replaced the web ACL (say, to make the exemption
 * permanent with its own override), nothing of ours is left and nothing of theirs is touched. Reverting twice is
 * a no-op.
 */
export function revertExemption(webAcl: WebAcl, exemption: { id: string; target: ExemptionTarget }): Rule[] {
  const { id, target } = exemption;
  const rules: Rule[] = [];
  let emptiedLabel: string | undefined;
  for (const rule of webAcl.Rules) {
    const group = rule.Statement.ManagedRuleGroupStatement;
    const groupNext = group && withoutScopeDownPiece(group, id);
    const labelNext = isExemptionRuleName(rule.Name) ? withoutLabelPiece(rule, id) : undefined;
    if (labelNext === null) emptiedLabel = rule.Statement.AndStatement?.Statements[0]?.LabelMatchStatement?.Key;
    else rules.push(groupNext ? withGroup(rule, groupNext) : (labelNext ?? rule));
  }
  if (emptiedLabel === undefined || target.kind !== 'rule' || labelRuleFor(rules, emptiedLabel)) return rules;
  return withoutOverride(rules, target);
}
