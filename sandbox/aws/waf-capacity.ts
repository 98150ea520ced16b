import {
  WAFInvalidParameterException,
  WAFLimitsExceededException,
  WAFNonexistentItemException,
  type Rule,
  type Statement,
} from '@aws-sdk/client-wafv2';
import { errorMeta } from './sdk-stub';
import { managedGroup } from './waf-catalog';

/**
 * Web ACL capacity units (https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html) and the
 * checks UpdateWebACL and CheckCapacity make on rules before accepting them.
 */

const MAX_WEB_ACL_WCU = 5000;
const MAX_TRANSFORMATIONS = 3;
const NAME = /^[\w-]{1,128}$/;

const transformations = (list: { Type?: string }[] | undefined) =>
  (list ?? []).filter((t) => t.Type !== 'NONE').length * 10;

export function statementWcu(statement: Statement | undefined): number {
  if (!statement) return 0;
  const byte = statement.ByteMatchStatement;
  if (byte)
    return (
      (['CONTAINS', 'CONTAINS_WORD'].includes(byte.PositionalConstraint ?? '') ? 10 : 2) +
      transformations(byte.TextTransformations)
    );
  if (statement.AndStatement)
    return (statement.AndStatement.Statements ?? []).reduce((sum, s) => sum + statementWcu(s), 0);
  if (statement.OrStatement)
    return (statement.OrStatement.Statements ?? []).reduce((sum, s) => sum + statementWcu(s), 0);
  if (statement.NotStatement) return statementWcu(statement.NotStatement.Statement);
  if (statement.IPSetReferenceStatement) return 2;
  if (statement.LabelMatchStatement) return 1;
  const group = statement.ManagedRuleGroupStatement;
  if (group)
    return (managedGroup(group.VendorName, group.Name)?.capacity ?? 0) + statementWcu(group.ScopeDownStatement);
  if (statement.RateBasedStatement) return 2 + statementWcu(statement.RateBasedStatement.ScopeDownStatement);
  if (statement.SqliMatchStatement) return 20 + transformations(statement.SqliMatchStatement.TextTransformations);
  if (statement.XssMatchStatement) return 40 + transformations(statement.XssMatchStatement.TextTransformations);
  return 1;
}

export const rulesWcu = (rules: Rule[]): number => rules.reduce((sum, rule) => sum + statementWcu(rule.Statement), 0);

function invalid(parameter: string, reason: string): WAFInvalidParameterException {
  return new WAFInvalidParameterException({
    ...errorMeta,
    Field: 'RULE',
    Parameter: parameter,
    Reason: reason,
    message: `Error reason: ${reason}, field: RULE, parameter: ${parameter}`,
  });
}

function checkStatement(
  statement: Statement | undefined,
  rule: string,
  refs: { ipSet: (arn: string) => boolean },
): void {
  const kinds = Object.entries(statement ?? {}).filter(([, value]) => value !== undefined);
  if (kinds.length !== 1) throw invalid(rule, 'A statement must contain exactly one statement type.');
  const byte = statement?.ByteMatchStatement;
  const search = byte?.SearchString;
  if (byte && (!search || search.length === 0 || search.length > 200))
    throw invalid(rule, 'SearchString must be 1 to 200 bytes.');
  if (byte && (byte.TextTransformations ?? []).length > MAX_TRANSFORMATIONS)
    throw invalid(rule, `At most ${MAX_TRANSFORMATIONS} text transformations per statement.`);
  const arn = statement?.IPSetReferenceStatement?.ARN;
  if (arn !== undefined && !refs.ipSet(arn))
    throw new WAFNonexistentItemException({
      ...errorMeta,
      message: 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.',
    });
  const group = statement?.ManagedRuleGroupStatement;
  if (group && !managedGroup(group.VendorName, group.Name)) {
    throw new WAFNonexistentItemException({
      ...errorMeta,
      message: `AWS WAF couldn’t find the managed rule group ${group.VendorName ?? ''}/${group.Name ?? ''}.`,
    });
  }
  const children = [
    ...(statement?.AndStatement?.Statements ?? []),
    ...(statement?.OrStatement?.Statements ?? []),
    statement?.NotStatement?.Statement,
    group?.ScopeDownStatement,
    statement?.RateBasedStatement?.ScopeDownStatement,
  ];
  for (const child of children) if (child) checkStatement(child, rule, refs);
}

/**
 * What UpdateWebACL refuses: bad names, shared priorities, the wrong kind of action, unknown references, too many WCU.
 */
export function checkRules(rules: Rule[], refs: { ipSet: (arn: string) => boolean }): void {
  const names = new Set<string>();
  const priorities = new Set<number>();
  for (const rule of rules) {
    const name = rule.Name ?? '';
    if (!NAME.test(name) || names.has(name)) throw invalid(name, 'Rule names must be unique and match [\\w-]{1,128}.');
    if (rule.Priority === undefined || rule.Priority < 0 || priorities.has(rule.Priority))
      throw invalid(name, 'Rule priorities must be unique and not negative.');
    names.add(name);
    priorities.add(rule.Priority);
    const referencesGroup = Boolean(
      rule.Statement?.ManagedRuleGroupStatement ?? rule.Statement?.RuleGroupReferenceStatement,
    );
    if (referencesGroup ? !rule.OverrideAction || rule.Action : !rule.Action || rule.OverrideAction) {
      throw invalid(
        name,
        referencesGroup
          ? 'A rule group reference needs an OverrideAction and no Action.'
          : 'A rule needs an Action and no OverrideAction.',
      );
    }
    if (!rule.VisibilityConfig?.MetricName) throw invalid(name, 'VisibilityConfig with a MetricName is required.');
    checkStatement(rule.Statement, name, refs);
  }
  const wcu = rulesWcu(rules);
  if (wcu > MAX_WEB_ACL_WCU) {
    throw new WAFLimitsExceededException({
      ...errorMeta,
      message: `The web ACL would use ${wcu} WCUs; the limit is ${MAX_WEB_ACL_WCU}.`,
    });
  }
}
