import { applyExemption } from '../../../commands/waf/exemption-rules';
import type { ExemptionSpec } from '../../../commands/waf/exemption';
import type { Rule, Statement, WebAcl } from '../../../commands/waf/types';

/** Expected WAF statements, spelled out here rather than built with the code under test. */
export const bytes = (text: string) => new TextEncoder().encode(text);
export const pathMatch = (constraint: string, text: string): Statement => ({
  ByteMatchStatement: {
    SearchString: bytes(text),
    FieldToMatch: { UriPath: {} },
    TextTransformations: [
      { Priority: 0, Type: 'URL_DECODE' },
      { Priority: 1, Type: 'NORMALIZE_PATH' },
    ],
    PositionalConstraint: constraint,
  },
});
export const underPath = (id: string, path: string): Statement => ({
  OrStatement: {
    Statements: [
      pathMatch('EXACTLY', path),
      pathMatch('STARTS_WITH', `${path}/`),
      { LabelMatchStatement: { Scope: 'LABEL', Key: `blueshift:exemption:${id}` } },
    ],
  },
});
export const exempt = (id: string, path: string, ipSetArn?: string): Statement => ({
  NotStatement: {
    Statement: ipSetArn
      ? { AndStatement: { Statements: [underPath(id, path), { IPSetReferenceStatement: { ARN: ipSetArn } }] } }
      : underPath(id, path),
  },
});

export function rulesOf(result: ReturnType<typeof applyExemption>): Rule[] {
  if (!Array.isArray(result)) throw new Error(`refused: ${result.message}`);
  return result;
}
export const named = (rules: Rule[], name: string) => rules.find((rule) => rule.Name === name);
export const groupOf = (rules: Rule[], name: string) => named(rules, name)?.Statement.ManagedRuleGroupStatement;
export const apply = (acl: WebAcl, exemption: ExemptionSpec) => rulesOf(applyExemption(acl, exemption));
