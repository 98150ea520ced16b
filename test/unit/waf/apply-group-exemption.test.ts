import { applyExemption } from '../../../commands/waf/exemption-rules';
import {
  OFFICE_IP_SET_ARN,
  adminGroup,
  adminOnlyWebAcl,
  adminProtectionRule,
  commonGroup,
  deepFreeze,
  eduWebAcl,
} from '../../fakes/web-acls';
import { apply, exempt, groupOf } from './expected-statements';

describe('group exemptions (scope-down)', () => {
  it('makes AdminProtection skip /admin and everything under it, and nothing else', () => {
    // Prepare
    const acl = adminOnlyWebAcl();
    // Act
    const rules = apply(acl, { id: 'ab12', path: '/admin', target: adminGroup });
    // Assess
    expect(rules).toStrictEqual([
      {
        ...adminProtectionRule(10),
        Statement: {
          ManagedRuleGroupStatement: {
            VendorName: 'AWS',
            Name: 'AWSManagedRulesAdminProtectionRuleSet',
            ScopeDownStatement: exempt('ab12', '/admin'),
          },
        },
      },
    ]);
  });

  it('with `from`, skips the group only for requests from the exemption IP set', () => {
    const rules = apply(adminOnlyWebAcl(), {
      id: 'ab12',
      path: '/admin',
      cidrs: ['203.0.113.0/24'],
      ipSetArn: OFFICE_IP_SET_ARN,
      target: adminGroup,
    });

    expect(groupOf(rules, adminGroup.aclRuleName)?.ScopeDownStatement).toStrictEqual(
      exempt('ab12', '/admin', OFFICE_IP_SET_ARN),
    );
  });

  it('refuses `from` addresses without the IP set holding them', () => {
    const result = applyExemption(adminOnlyWebAcl(), {
      id: 'ab12',
      path: '/admin',
      cidrs: ['203.0.113.0/24'],
      target: adminGroup,
    });

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
    rules
      .filter((r) => r.Name !== adminGroup.aclRuleName)
      .forEach((rule, i) => expect(rule).toBe(acl.Rules.filter((r) => r.Name !== adminGroup.aclRuleName)[i]));
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
