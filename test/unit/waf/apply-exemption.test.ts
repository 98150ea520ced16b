import { applyExemption } from '../../../commands/waf/exemption-rules';
import { exemptPath } from '../../../commands/waf/exemption-match';
import type { ExemptionSpec } from '../../../commands/waf/exemption';
import type { Rule, Statement, WebAcl } from '../../../commands/waf/types';
import {
  ADMIN_PROTECTION_LABEL, OFFICE_IP_SET_ARN, adminGroup, adminOnlyWebAcl, adminProtectionRule, adminRule, commonGroup, deepFreeze,
  eduWebAcl, knownBadInputsRule,
} from '../../fakes/web-acls';

// Expected shapes are spelled out here rather than built with the code under test.
const bytes = (text: string) => new TextEncoder().encode(text);
const pathMatch = (constraint: string, text: string): Statement => ({
  ByteMatchStatement: {
    SearchString: bytes(text), FieldToMatch: { UriPath: {} },
    TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'NORMALIZE_PATH' }],
    PositionalConstraint: constraint,
  },
});
const underPath = (id: string, path: string): Statement => ({
  OrStatement: { Statements: [
    pathMatch('EXACTLY', path), pathMatch('STARTS_WITH', `${path}/`),
    { LabelMatchStatement: { Scope: 'LABEL', Key: `blueshift:exemption:${id}` } },
  ] },
});
const exempt = (id: string, path: string, ipSetArn?: string): Statement => ({
  NotStatement: { Statement: ipSetArn
    ? { AndStatement: { Statements: [underPath(id, path), { IPSetReferenceStatement: { ARN: ipSetArn } }] } }
    : underPath(id, path) },
});

function rulesOf(result: ReturnType<typeof applyExemption>): Rule[] {
  if (!Array.isArray(result)) throw new Error(`refused: ${result.message}`);
  return result;
}
const named = (rules: Rule[], name: string) => rules.find((rule) => rule.Name === name);
const groupOf = (rules: Rule[], name: string) => named(rules, name)?.Statement.ManagedRuleGroupStatement;
const apply = (acl: WebAcl, exemption: ExemptionSpec) => rulesOf(applyExemption(acl, exemption));

describe('group exemptions (scope-down)', () => {
  it('makes AdminProtection skip /admin and everything under it, and nothing else', () => {
    // Prepare
    const acl = adminOnlyWebAcl();
    // Act
    const rules = apply(acl, { id: 'ab12', path: '/admin', target: adminGroup });
    // Assess
    expect(rules).toStrictEqual([{
      ...adminProtectionRule(10),
      Statement: { ManagedRuleGroupStatement: {
        VendorName: 'AWS', Name: 'AWSManagedRulesAdminProtectionRuleSet', ScopeDownStatement: exempt('ab12', '/admin'),
      } },
    }]);
  });

  it('with `from`, skips the group only for requests from the exemption IP set', () => {
    const rules = apply(adminOnlyWebAcl(), { id: 'ab12', path: '/admin', cidrs: ['203.0.113.0/24'], ipSetArn: OFFICE_IP_SET_ARN, target: adminGroup });

    expect(groupOf(rules, adminGroup.aclRuleName)?.ScopeDownStatement).toStrictEqual(exempt('ab12', '/admin', OFFICE_IP_SET_ARN));
  });

  it('refuses `from` addresses without the IP set holding them', () => {
    const result = applyExemption(adminOnlyWebAcl(), { id: 'ab12', path: '/admin', cidrs: ['203.0.113.0/24'], target: adminGroup });

    expect(result).toMatchObject({ refused: 'missing-ip-set' });
  });

  it('keeps an existing scope-down in force by AND-ing the exemption with it', () => {
    const original = eduWebAcl();
    const before = groupOf(original.Rules, commonGroup.aclRuleName)?.ScopeDownStatement;

    const rules = apply(original, { id: 'cd34', path: '/upload', target: commonGroup });

    expect(groupOf(rules, commonGroup.aclRuleName)?.ScopeDownStatement).toStrictEqual({
      AndStatement: { Statements: [before, exempt('cd34', '/upload')] },
    });
  });

  it.each([
    ['without a scope-down of its own', adminGroup],
    ['with a scope-down of its own', commonGroup],
  ])('adds a second exemption of a group %s alongside the first', (_, target) => {
    const once = apply(eduWebAcl(), { id: 'ab12', path: '/admin', target });
    const twice = apply(eduWebAcl(once), { id: 'ef56', path: '/reports', target });

    const scope = groupOf(twice, target.aclRuleName)?.ScopeDownStatement;
    const pieces = scope?.AndStatement?.Statements ?? [];
    expect(pieces.slice(-2)).toStrictEqual([exempt('ab12', '/admin'), exempt('ef56', '/reports')]);
    expect(pieces).toHaveLength(target === commonGroup ? 3 : 2);
  });

  it('leaves every other rule and setting as it was: same objects, same order', () => {
    const acl = deepFreeze(eduWebAcl());

    const rules = apply(acl, { id: 'ab12', path: '/admin', target: adminGroup });

    expect(rules.map((r) => r.Name)).toEqual(acl.Rules.map((r) => r.Name));
    rules.filter((r) => r.Name !== adminGroup.aclRuleName).forEach((rule, i) => expect(rule).toBe(acl.Rules.filter((r) => r.Name !== adminGroup.aclRuleName)[i]));
  });

  it('finds the group when its web ACL rule was renamed since the exemption was resolved', () => {
    const acl = eduWebAcl([{ ...adminProtectionRule(10), Name: 'admin-protection' }]);

    const rules = apply(acl, { id: 'ab12', path: '/admin', target: adminGroup });

    expect(groupOf(rules, 'admin-protection')?.ScopeDownStatement).toStrictEqual(exempt('ab12', '/admin'));
  });

  it('returns the rules unchanged when the exemption is already there (a retried job)', () => {
    const once = apply(eduWebAcl(), { id: 'ab12', path: '/admin', target: adminGroup });

    expect(apply(eduWebAcl(once), { id: 'ab12', path: '/admin', target: adminGroup })).toStrictEqual(once);
  });
});

describe('rule exemptions (Count override + label rule)', () => {
  it('counts AdminProtection_URIPATH and blocks its label right after the group, except under /admin', () => {
    const acl = deepFreeze(eduWebAcl());

    const rules = apply(acl, { id: 'ab12', path: '/admin', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL });

    expect(groupOf(rules, adminRule.aclRuleName)?.RuleActionOverrides).toStrictEqual([
      { Name: 'AdminProtection_URIPATH', ActionToUse: { Count: {} } },
    ]);
    const at = rules.findIndex((r) => r.Name === adminRule.aclRuleName);
    expect(rules[at + 1]).toStrictEqual({
      Name: 'blueshift-exempt-ab12',
      Priority: 11,
      Statement: { AndStatement: { Statements: [
        { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:admin-protection:AdminProtection_URIPath' } },
        exempt('ab12', '/admin'),
      ] } },
      Action: { Block: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'blueshift-exempt-ab12' },
    });
    expect(rules).toHaveLength(acl.Rules.length + 1);
  });

  it('adds a second exemption of the same rule to the same label rule, so neither blocks the other path', () => {
    const once = apply(eduWebAcl(), { id: 'ab12', path: '/admin', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL });

    const twice = apply(eduWebAcl(once), { id: 'ef56', path: '/reports', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL });

    expect(twice).toHaveLength(once.length);
    expect(named(twice, 'blueshift-exempt-ab12')?.Statement.AndStatement?.Statements.slice(1)).toStrictEqual([
      exempt('ab12', '/admin'), exempt('ef56', '/reports'),
    ]);
    expect(groupOf(twice, adminRule.aclRuleName)?.RuleActionOverrides).toHaveLength(1);
  });

  it('writes RuleActionOverrides next to a legacy ExcludedRules list, never naming a rule in both', () => {
    const rules = apply(eduWebAcl(), { id: 'ab12', path: '/.git', target: knownBadInputsRule, ruleLabel: 'awswaf:managed:aws:known-bad-inputs:ExploitablePaths_URIPath' });

    const group = groupOf(rules, knownBadInputsRule.aclRuleName);
    expect(group?.ExcludedRules).toStrictEqual([{ Name: 'Host_localhost_HEADER' }]);
    expect(group?.RuleActionOverrides).toStrictEqual([{ Name: 'ExploitablePaths_URIPATH', ActionToUse: { Count: {} } }]);
  });

  it.each([
    ['the rule already counts through legacy ExcludedRules', { ...knownBadInputsRule, ruleName: 'Host_localhost_HEADER' }, 'rule-already-overridden'],
    ['the rule already counts through RuleActionOverrides', { ...adminRule, ...commonGroup, kind: 'rule' as const, ruleName: 'SizeRestrictions_BODY' }, 'rule-already-overridden'],
  ])('refuses when %s (that is the infrastructure code’s setting)', (_, target, code) => {
    expect(applyExemption(eduWebAcl(), { id: 'ab12', path: '/x', target, ruleLabel: 'awswaf:managed:aws:x:Y' })).toMatchObject({ refused: code });
  });

  it('says there is no free priority after the group rather than renumbering other rules', () => {
    const next: Rule = { ...adminProtectionRule(11), Name: 'next-rule', Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAnonymousIpList' } } };

    const result = applyExemption(eduWebAcl([adminProtectionRule(10), next]), { id: 'ab12', path: '/admin', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL });

    expect(result).toMatchObject({ refused: 'no-free-priority', message: expect.stringMatching(/^No free priority after AWS-AWSManagedRulesAdminProtectionRuleSet/) as unknown });
  });

  it.each([
    ['no label is known for the rule', adminOnlyWebAcl(), undefined, 'missing-rule-label'],
    ['the whole group is set to Count', eduWebAcl([{ ...adminProtectionRule(10), OverrideAction: { Count: {} } }]), ADMIN_PROTECTION_LABEL, 'group-counts'],
    ['the web ACL does not run the group', eduWebAcl([]), ADMIN_PROTECTION_LABEL, 'group-not-in-web-acl'],
  ])('refuses when %s', (_, acl, ruleLabel, code) => {
    expect(applyExemption(acl, { id: 'ab12', path: '/admin', target: adminRule, ruleLabel })).toMatchObject({ refused: code });
  });
});

describe('exemption paths and ids', () => {
  it.each([
    ['/admin', '/admin'],
    ['/admin/', '/admin'],
    ['/Admin/Reports', '/Admin/Reports'],
    ['/café', '/café'],
  ])('covers %s as %s', (input, path) => {
    expect(exemptPath(input)).toBe(path);
  });

  it.each(['admin', '/', '//', '/admin//x', '/a/../b', '/a/./b', '/a%2fb', '/admin?x=1', '/admin#top', '/ad min', `/${'a'.repeat(199)}`])(
    'refuses %s',
    (input) => {
      expect(exemptPath(input)).toMatchObject({ refused: 'invalid-path' });
    },
  );

  it('refuses an id that cannot name a WAF rule', () => {
    expect(applyExemption(adminOnlyWebAcl(), { id: 'ab 12', path: '/admin', target: adminGroup })).toMatchObject({ refused: 'invalid-id' });
  });
});
