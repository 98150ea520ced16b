import { pieceId } from './exemption-match';
import { refusal, type ExemptionTarget, type Refusal } from './exemption';
import type { ManagedRuleGroupStatement, Rule, RuleAction, Statement } from './types';

/** Changes to the web ACL rule that runs a managed rule group. Every function returns new objects. */

export interface GroupRule {
  rule: Rule;
  group: ManagedRuleGroupStatement;
}

/**
 * The rule running the target's group: the one with the recorded name, else the only one running that group (it
 * was renamed meanwhile). Found by content, never by position, so reordering other rules does not matter.
 */
export function findGroupRule(rules: readonly Rule[], target: ExemptionTarget): GroupRule | Refusal {
  const running = rules.flatMap((rule) => {
    const group = rule.Statement.ManagedRuleGroupStatement;
    return group?.VendorName === target.vendor && group.Name === target.groupName ? [{ rule, group }] : [];
  });
  const named = running.find((r) => r.rule.Name === target.aclRuleName);
  const [only] = running;
  if (named) return named;
  if (running.length === 1 && only) return only;
  return refusal(
    'group-not-in-web-acl',
    `The web ACL no longer runs ${target.vendor}/${target.groupName} as rule ${target.aclRuleName}.`,
  );
}

export function withGroup(rule: Rule, group: ManagedRuleGroupStatement): Rule {
  return { ...rule, Statement: { ...rule.Statement, ManagedRuleGroupStatement: group } };
}

const isPiece = (statement: Statement) => pieceId(statement) !== undefined;

/**
 * Adds the piece to the scope-down statement: none → the piece; ours (a piece, or an AND holding pieces) → one
 * more piece in the AND; someone else's → `AND[theirs, piece]`, so their scope still applies unchanged.
 */
export function withScopeDownPiece(group: ManagedRuleGroupStatement, piece: Statement): ManagedRuleGroupStatement {
  const existing = group.ScopeDownStatement;
  if (!existing) return { ...group, ScopeDownStatement: piece };
  const and = existing.AndStatement;
  if (and?.Statements.some(isPiece)) {
    return {
      ...group,
      ScopeDownStatement: { ...existing, AndStatement: { ...and, Statements: [...and.Statements, piece] } },
    };
  }
  return { ...group, ScopeDownStatement: { AndStatement: { Statements: [existing, piece] } } };
}

/** The group without the exemption's piece, restoring what the scope-down was without it; undefined if absent. */
export function withoutScopeDownPiece(
  group: ManagedRuleGroupStatement,
  id: string,
): ManagedRuleGroupStatement | undefined {
  const scope = group.ScopeDownStatement;
  if (!scope) return undefined;
  const copy = { ...group };
  if (pieceId(scope) === id) {
    delete copy.ScopeDownStatement;
    return copy;
  }
  const and = scope.AndStatement;
  if (!and?.Statements.some((s) => pieceId(s) === id)) return undefined;
  const rest = and.Statements.filter((s) => pieceId(s) !== id);
  const [single] = rest;
  if (rest.length === 1 && single) copy.ScopeDownStatement = single;
  else if (rest.length === 0) delete copy.ScopeDownStatement;
  else copy.ScopeDownStatement = { ...scope, AndStatement: { ...and, Statements: rest } };
  return copy;
}

/** The action a rule of the group is overridden to, reading legacy ExcludedRules (= Count) as well. */
export function overrideOf(group: ManagedRuleGroupStatement, ruleName: string): RuleAction | undefined {
  const override = group.RuleActionOverrides?.find((o) => o.Name === ruleName);
  if (override) return override.ActionToUse;
  return group.ExcludedRules?.some((r) => r.Name === ruleName) ? { Count: {} } : undefined;
}

/** Overrides the rule to Count in RuleActionOverrides, unless either list already names it (never both lists). */
export function withCountOverride(group: ManagedRuleGroupStatement, ruleName: string): ManagedRuleGroupStatement {
  if (overrideOf(group, ruleName)) return group;
  const overrides = [...(group.RuleActionOverrides ?? []), { Name: ruleName, ActionToUse: { Count: {} } }];
  return { ...group, RuleActionOverrides: overrides };
}

/** Removes a Count override blueshift wrote (RuleActionOverrides only; ExcludedRules is never ours). */
export function withoutCountOverride(group: ManagedRuleGroupStatement, ruleName: string): ManagedRuleGroupStatement {
  const overrides = group.RuleActionOverrides;
  if (!overrides?.some((o) => o.Name === ruleName && o.ActionToUse.Count)) return group;
  const rest = overrides.filter((o) => o.Name !== ruleName);
  const copy: ManagedRuleGroupStatement = { ...group, RuleActionOverrides: rest };
  // WAF reads an absent list and an empty one alike; blueshift found it absent unless someone kept an empty list.
  if (rest.length === 0) delete copy.RuleActionOverrides;
  return copy;
}
