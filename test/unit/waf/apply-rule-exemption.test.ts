import { applyExemption } from '../../../commands/waf/exemption-rules';
import type { Rule } from '../../../commands/waf/types';
import {
  ADMIN_PROTECTION_LABEL,
  adminOnlyWebAcl,
  adminProtectionRule,
  adminRule,
  commonGroup,
  deepFreeze,
  eduWebAcl,
  knownBadInputsRule,
} from '../../fakes/web-acls';
import { apply, exempt, groupOf, named } from './expected-statements';

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
      Statement: {
        AndStatement: {
          Statements: [
            {
              LabelMatchStatement: {
                Scope: 'LABEL',
                Key: 'awswaf:managed:aws:admin-protection:AdminProtection_URIPath',
              },
            },
            exempt('ab12', '/admin'),
          ],
        },
      },
      Action: { Block: {} },
      VisibilityConfig: {
        SampledRequestsEnabled: true,
        CloudWatchMetricsEnabled: true,
        MetricName: 'blueshift-exempt-ab12',
      },
    });
    expect(rules).toHaveLength(acl.Rules.length + 1);
  });

  it('adds a second exemption of the same rule to the same label rule, so neither blocks the other path', () => {
    const once = apply(eduWebAcl(), {
      id: 'ab12',
      path: '/admin',
      target: adminRule,
      ruleLabel: ADMIN_PROTECTION_LABEL,
    });

    const twice = apply(eduWebAcl(once), {
      id: 'ef56',
      path: '/reports',
      target: adminRule,
      ruleLabel: ADMIN_PROTECTION_LABEL,
    });

    expect(twice).toHaveLength(once.length);
    expect(named(twice, 'blueshift-exempt-ab12')?.Statement.AndStatement?.Statements.slice(1)).toStrictEqual([
      exempt('ab12', '/admin'),
      exempt('ef56', '/reports'),
    ]);
    expect(groupOf(twice, adminRule.aclRuleName)?.RuleActionOverrides).toHaveLength(1);
  });

  it('writes RuleActionOverrides next to a legacy ExcludedRules list, never naming a rule in both', () => {
    const rules = apply(eduWebAcl(), {
      id: 'ab12',
      path: '/.git',
      target: knownBadInputsRule,
      ruleLabel: 'awswaf:managed:aws:known-bad-inputs:ExploitablePaths_URIPath',
    });

    const group = groupOf(rules, knownBadInputsRule.aclRuleName);
    expect(group?.ExcludedRules).toStrictEqual([{ Name: 'Host_localhost_HEADER' }]);
    expect(group?.RuleActionOverrides).toStrictEqual([
      { Name: 'ExploitablePaths_URIPATH', ActionToUse: { Count: {} } },
    ]);
  });

  it.each([
    [
      'the rule already counts through legacy ExcludedRules',
      { ...knownBadInputsRule, ruleName: 'Host_localhost_HEADER' },
      'rule-already-overridden',
    ],
    [
      'the rule already counts through RuleActionOverrides',
      { ...adminRule, ...commonGroup, kind: 'rule' as const, ruleName: 'SizeRestrictions_BODY' },
      'rule-already-overridden',
    ],
  ])('refuses when %s (that is the infrastructure code’s setting)', (_, target, code) => {
    expect(
      applyExemption(eduWebAcl(), { id: 'ab12', path: '/x', target, ruleLabel: 'awswaf:managed:aws:x:Y' }),
    ).toMatchObject({ refused: code });
  });

  it('says there is no free priority after the group rather than renumbering other rules', () => {
    const next: Rule = {
      ...adminProtectionRule(11),
      Name: 'next-rule',
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAnonymousIpList' } },
    };

    const result = applyExemption(eduWebAcl([adminProtectionRule(10), next]), {
      id: 'ab12',
      path: '/admin',
      target: adminRule,
      ruleLabel: ADMIN_PROTECTION_LABEL,
    });

    expect(result).toMatchObject({
      refused: 'no-free-priority',
      message: expect.stringMatching(/^No free priority after AWS-AWSManagedRulesAdminProtectionRuleSet/) as unknown,
    });
  });

  it.each([
    ['no label is known for the rule', adminOnlyWebAcl(), undefined, 'missing-rule-label'],
    [
      'the whole group is set to Count',
      eduWebAcl([{ ...adminProtectionRule(10), OverrideAction: { Count: {} } }]),
      ADMIN_PROTECTION_LABEL,
      'group-counts',
    ],
    ['the web ACL does not run the group', eduWebAcl([]), ADMIN_PROTECTION_LABEL, 'group-not-in-web-acl'],
  ])('refuses when %s', (_, acl, ruleLabel, code) => {
    expect(applyExemption(acl, { id: 'ab12', path: '/admin', target: adminRule, ruleLabel })).toMatchObject({
      refused: code,
    });
  });
});
