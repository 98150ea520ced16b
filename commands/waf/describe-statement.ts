import { pieceId, pieceScope } from './exemption-match';
import type { ByteMatchStatement, ManagedRuleGroupStatement, Rule, RuleAction, Statement } from './types';

/** WAF rules in words for previews: `Block if label … and path is not /admin or under it`. */

const FIELDS: Record<string, string> = {
  UriPath: 'path',
  QueryString: 'query string',
  Method: 'method',
  Body: 'body',
  JsonBody: 'JSON body',
  AllQueryArguments: 'query arguments',
  Headers: 'headers',
  Cookies: 'cookies',
  UriFragment: 'URI fragment',
};
const CONSTRAINTS: Record<string, string> = {
  EXACTLY: 'is',
  STARTS_WITH: 'starts with',
  ENDS_WITH: 'ends with',
  CONTAINS: 'contains',
  CONTAINS_WORD: 'contains the word',
};

/** Printable text in quotes, or hex when the bytes are not (a custom rule may match arbitrary bytes). */
export function searchText(bytes: Uint8Array): string {
  const hex = `0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /\p{Cc}/u.test(text) ? hex : JSON.stringify(text);
  } catch {
    return hex;
  }
}

function fieldText(field: Record<string, unknown>): string {
  const [key = 'field'] = Object.keys(field);
  const named = field[key] as { Name?: unknown } | undefined;
  const name = typeof named?.Name === 'string' ? ` ${named.Name}` : '';
  if (key === 'SingleHeader') return `header${name}`;
  if (key === 'SingleQueryArgument') return `query argument${name}`;
  return FIELDS[key] ?? key;
}

function byteMatchText(match: ByteMatchStatement): string {
  const constraint = CONSTRAINTS[match.PositionalConstraint] ?? match.PositionalConstraint;
  return `${fieldText(match.FieldToMatch)} ${constraint} ${searchText(match.SearchString)}`;
}

export function ipSetName(arn: string): string {
  return arn.split('/').at(-2) ?? arn;
}

/** `/admin or under it from IP set office`: what an exemption piece lets through. */
export function pieceText(piece: Statement): string {
  const { path = '?', ipSetArn } = pieceScope(piece);
  return `${path} or under it${ipSetArn ? ` from IP set ${ipSetName(ipSetArn)}` : ''}`;
}

function otherText(statement: Statement): string {
  const rate = statement.RateBasedStatement as
    { Limit?: number; AggregateKeyType?: string; EvaluationWindowSec?: number } | undefined;
  if (rate)
    return `more than ${rate.Limit ?? '?'} requests in ${rate.EvaluationWindowSec ?? 300}s per ${rate.AggregateKeyType ?? 'IP'}`;
  const [kind = 'unknown'] = Object.keys(statement);
  return `${kind.replace(/Statement$/, '')} match`;
}

export function statementText(statement: Statement): string {
  const nested = (s: Statement) => (s.AndStatement || s.OrStatement ? `(${statementText(s)})` : statementText(s));
  if (pieceId(statement) !== undefined) {
    const { ipSetArn } = pieceScope(statement);
    return ipSetArn ? `not (path ${pieceText(statement)})` : `path is not ${pieceText(statement)}`;
  }
  if (statement.AndStatement) return statement.AndStatement.Statements.map(nested).join(' and ');
  if (statement.OrStatement) return statement.OrStatement.Statements.map(nested).join(' or ');
  if (statement.NotStatement) return `not ${nested(statement.NotStatement.Statement)}`;
  if (statement.ByteMatchStatement) return byteMatchText(statement.ByteMatchStatement);
  if (statement.LabelMatchStatement)
    return `${statement.LabelMatchStatement.Scope === 'NAMESPACE' ? 'label namespace' : 'label'} ${statement.LabelMatchStatement.Key}`;
  if (statement.IPSetReferenceStatement)
    return `source IP in IP set ${ipSetName(statement.IPSetReferenceStatement.ARN)}`;
  if (statement.ManagedRuleGroupStatement) return `managed group ${statement.ManagedRuleGroupStatement.Name}`;
  return otherText(statement);
}

export function actionText(action: RuleAction | undefined): string {
  return Object.keys(action ?? {})[0] ?? 'No action';
}

/** Rules of the group overridden to Count, from either list. */
export function countedRules(group: ManagedRuleGroupStatement): string[] {
  const overrides = (group.RuleActionOverrides ?? []).filter((o) => o.ActionToUse.Count).map((o) => o.Name);
  return [...overrides, ...(group.ExcludedRules ?? []).map((r) => r.Name)];
}

export function ruleText(rule: Rule): string {
  const group = rule.Statement.ManagedRuleGroupStatement;
  if (!group) return `${actionText(rule.Action)} if ${statementText(rule.Statement)}`;
  const whole = rule.OverrideAction?.Count ? ' (whole group set to Count)' : '';
  const scope = group.ScopeDownStatement ? ` only if ${statementText(group.ScopeDownStatement)}` : '';
  const counted = countedRules(group);
  const overrides = counted.length ? `; counting only: ${counted.join(', ')}` : '';
  return `runs ${group.VendorName}/${group.Name}${whole}${scope}${overrides}`;
}
