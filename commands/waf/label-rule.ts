import { pieceId } from './exemption-match';
import { exemptionRuleName, isExemptionRuleName } from './exemption';
import type { Rule, Statement } from './types';

/**
 * The rule a rule exemption adds after the group: the group's rule is overridden to Count
 * (https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-group-override-options.html), so it only
 * labels what it matches, and this rule, evaluated later (a larger priority), blocks labelled requests outside the
 * exemption (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-label-match.html):
 * `Block if AND[label, NOT(exemption 1), NOT(exemption 2)…]`.
 *
 * Exemptions of the same managed rule share one such rule, each adding its NOT piece. Separate rules would block
 * each other's paths (the rule for /admin blocks /reports and the other way round). The shared rule is named after
 * one of the exemptions it holds, and renamed when that one is reverted first.
 */

export function labelRuleFor(rules: readonly Rule[], label: string): Rule | undefined {
  return rules.find(
    (rule) =>
      isExemptionRuleName(rule.Name) && rule.Statement.AndStatement?.Statements[0]?.LabelMatchStatement?.Key === label,
  );
}

export function newLabelRule(id: string, priority: number, label: string, piece: Statement): Rule {
  const name = exemptionRuleName(id);
  return {
    Name: name,
    Priority: priority,
    Statement: { AndStatement: { Statements: [{ LabelMatchStatement: { Scope: 'LABEL', Key: label } }, piece] } },
    Action: { Block: {} },
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name },
  };
}

/**
 * The priority for a rule that must run right after `after` and before whatever runs next; undefined when no
 * integer is free between them. Renumbering other rules would make blueshift's change touch rules it does not own.
 */
export function freePriorityAfter(rules: readonly Rule[], after: Rule): number | undefined {
  const next = Math.min(...rules.map((r) => r.Priority).filter((p) => p > after.Priority));
  const candidate = after.Priority + 1;
  return candidate < next ? candidate : undefined;
}

export function withLabelPiece(rule: Rule, piece: Statement): Rule {
  const and = rule.Statement.AndStatement;
  if (!and) return rule;
  return {
    ...rule,
    Statement: { ...rule.Statement, AndStatement: { ...and, Statements: [...and.Statements, piece] } },
  };
}

function renamed(rule: Rule, from: string, to: string): Rule {
  if (rule.Name !== exemptionRuleName(from)) return rule;
  const name = exemptionRuleName(to);
  const metric = rule.VisibilityConfig.MetricName === rule.Name ? name : rule.VisibilityConfig.MetricName;
  return { ...rule, Name: name, VisibilityConfig: { ...rule.VisibilityConfig, MetricName: metric } };
}

/** The rule without the exemption's piece: unchanged (undefined), emptied (null: delete it) or the rest. */
export function withoutLabelPiece(rule: Rule, id: string): Rule | null | undefined {
  const and = rule.Statement.AndStatement;
  if (!and?.Statements.some((s) => pieceId(s) === id)) return undefined;
  const rest = and.Statements.filter((s) => pieceId(s) !== id);
  const [heir] = rest.map(pieceId).filter((other) => other !== undefined);
  if (heir === undefined) return null;
  const kept = renamed(rule, id, heir);
  return { ...kept, Statement: { ...kept.Statement, AndStatement: { ...and, Statements: rest } } };
}
