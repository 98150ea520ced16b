import { countedRules, pieceText, ruleText } from './describe-statement';
import { pieceId } from './exemption-match';
import { sameValue } from './same-value';
import type { Rule, Statement } from './types';

/**
 * A readable diff of two rule lists, for the preview: `+` added rules, `-` removed rules, `~` changed rules, in
 * web ACL order. Changes blueshift makes (exemption pieces, Count overrides) are said in words; any other change
 * to a rule shows the rule before and after.
 */

function piecesIn(statement: Statement | undefined): Map<string, Statement> {
  const candidates = statement ? [statement, ...(statement.AndStatement?.Statements ?? [])] : [];
  const pieces = new Map<string, Statement>();
  for (const candidate of candidates) {
    const id = pieceId(candidate);
    if (id !== undefined) pieces.set(id, candidate);
  }
  return pieces;
}

function added<T>(before: Map<string, T>, after: Map<string, T>): [string, T][] {
  return [...after].filter(([key]) => !before.has(key));
}

function pieceLines(before: Statement | undefined, after: Statement | undefined, verbs: [string, string]): string[] {
  const was = piecesIn(before);
  const now = piecesIn(after);
  return [
    ...added(was, now).map(([id, piece]) => `${verbs[0]} ${pieceText(piece)} (exemption ${id})`),
    ...added(now, was).map(([id, piece]) => `${verbs[1]} ${pieceText(piece)} (exemption ${id} removed)`),
  ];
}

function overrideLines(before: Rule, after: Rule): string[] {
  const toMap = (rule: Rule) =>
    new Map(
      (rule.Statement.ManagedRuleGroupStatement ? countedRules(rule.Statement.ManagedRuleGroupStatement) : []).map(
        (n) => [n, n],
      ),
    );
  const was = toMap(before);
  const now = toMap(after);
  return [
    ...added(was, now).map(([name]) => `rule ${name} set to Count: it only labels requests now`),
    ...added(now, was).map(([name]) => `rule ${name} back to its own action`),
  ];
}

function explained(before: Rule, after: Rule): string[] {
  const groupBefore = before.Statement.ManagedRuleGroupStatement;
  const groupAfter = after.Statement.ManagedRuleGroupStatement;
  if (groupBefore && groupAfter) {
    const skips = pieceLines(groupBefore.ScopeDownStatement, groupAfter.ScopeDownStatement, [
      'skips requests to',
      'evaluates requests to',
    ]);
    return [...skips, ...overrideLines(before, after)];
  }
  return pieceLines(before.Statement, after.Statement, ['also lets through', 'no longer lets through']);
}

function changedLines(before: Rule, after: Rule): string[] {
  const name = after.Name;
  const priority =
    before.Priority === after.Priority ? [] : [`~ ${name}: priority ${before.Priority} → ${after.Priority}`];
  const words = explained(before, after).map((line) => `~ ${name}: ${line}`);
  const sameOtherwise = sameValue({ ...before, Priority: 0 }, { ...after, Priority: 0 });
  if (words.length || sameOtherwise) return [...priority, ...words];
  return [...priority, `~ ${name}: ${ruleText(after)}`, `    was: ${ruleText(before)}`];
}

export function describeChange(before: readonly Rule[], after: readonly Rule[]): string[] {
  const previous = new Map(before.map((rule) => [rule.Name, rule]));
  const kept = new Set(after.map((rule) => rule.Name));
  const lines: string[] = [];
  for (const rule of after) {
    const was = previous.get(rule.Name);
    if (!was) lines.push(`+ rule ${rule.Name} (priority ${rule.Priority}): ${ruleText(rule)}`);
    else if (!sameValue(was, rule)) lines.push(...changedLines(was, rule));
  }
  for (const rule of before) {
    if (!kept.has(rule.Name)) lines.push(`- rule ${rule.Name} (priority ${rule.Priority}): ${ruleText(rule)}`);
  }
  return lines;
}
