import { activeExemptionIds, applyExemption, revertExemption } from '../../../commands/waf/exemption-rules';
import type { ExemptionSpec } from '../../../commands/waf/exemption';
import type { Rule, WebAcl } from '../../../commands/waf/types';
import {
  ADMIN_PROTECTION_LABEL,
  BAD_BOT_BYTES,
  OFFICE_IP_SET_ARN,
  adminGroup,
  adminRule,
  commonGroup,
  concurrentEdit,
  deepFreeze,
  eduWebAcl,
  knownBadInputsRule,
} from '../../fakes/web-acls';

function applied(acl: WebAcl, ...exemptions: ExemptionSpec[]): WebAcl {
  return exemptions.reduce((current, exemption) => {
    const rules = applyExemption(current, exemption);
    if (!Array.isArray(rules)) throw new Error(`refused: ${rules.message}`);
    return eduWebAcl(rules);
  }, acl);
}

const EXEMPTIONS: [string, ExemptionSpec][] = [
  ['a group', { id: 'ab12', path: '/admin', target: adminGroup }],
  [
    'a group, from an IP set',
    { id: 'ab12', path: '/admin', cidrs: ['203.0.113.0/24'], ipSetArn: OFFICE_IP_SET_ARN, target: adminGroup },
  ],
  ['a group with its own scope-down', { id: 'ab12', path: '/upload', target: commonGroup }],
  ['a rule', { id: 'ab12', path: '/admin', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL }],
  [
    'a rule of a group with legacy ExcludedRules',
    {
      id: 'ab12',
      path: '/.git',
      target: knownBadInputsRule,
      ruleLabel: 'awswaf:managed:aws:known-bad-inputs:ExploitablePaths_URIPath',
    },
  ],
];

describe.each(EXEMPTIONS)('reverting an exemption of %s', (_, exemption) => {
  it('restores the web ACL exactly, SearchString bytes included', () => {
    // Prepare
    const acl = deepFreeze(applied(eduWebAcl(), exemption));
    // Act
    const rules = revertExemption(acl, exemption);
    // Assess
    expect(rules).toStrictEqual(eduWebAcl().Rules);
    expect(rules[0]?.Statement.ByteMatchStatement?.SearchString).toStrictEqual(BAD_BOT_BYTES);
  });

  it('keeps a concurrent editor’s new rule and renumbering', () => {
    const edited = eduWebAcl(concurrentEdit(applied(eduWebAcl(), exemption).Rules));

    expect(revertExemption(edited, exemption)).toStrictEqual(concurrentEdit(eduWebAcl().Rules));
  });

  it('is a no-op the second time', () => {
    const once = revertExemption(applied(eduWebAcl(), exemption), exemption);

    expect(revertExemption(eduWebAcl(once), exemption)).toStrictEqual(once);
  });
});

describe('reverting one of two exemptions', () => {
  const first = (target: ExemptionSpec['target']): ExemptionSpec => ({
    id: 'ab12',
    path: '/admin',
    target,
    ruleLabel: ADMIN_PROTECTION_LABEL,
  });
  const second = (target: ExemptionSpec['target']): ExemptionSpec => ({
    id: 'ef56',
    path: '/reports',
    target,
    ruleLabel: ADMIN_PROTECTION_LABEL,
  });

  it.each([
    ['group', adminGroup],
    ['group with its own scope-down', commonGroup],
    ['rule', adminRule],
  ])('keeps the other exemption of the same %s as if it had been made alone', (_, target) => {
    const both = applied(eduWebAcl(), first(target), second(target));

    const rules = revertExemption(both, first(target));

    expect(rules).toStrictEqual(applied(eduWebAcl(), second(target)).Rules);
    expect(revertExemption(eduWebAcl(rules), second(target))).toStrictEqual(eduWebAcl().Rules);
  });

  it('keeps the Count override while another exemption of the rule still needs it', () => {
    const both = applied(eduWebAcl(), first(adminRule), second(adminRule));

    const rules = revertExemption(both, second(adminRule));

    const group = rules.find((r) => r.Name === adminRule.aclRuleName)?.Statement.ManagedRuleGroupStatement;
    expect(group?.RuleActionOverrides).toStrictEqual([{ Name: 'AdminProtection_URIPATH', ActionToUse: { Count: {} } }]);
    expect(activeExemptionIds(rules)).toEqual(new Set(['ab12']));
  });

  it('keeps a group exemption when a rule exemption in the same group goes', () => {
    const both = applied(eduWebAcl(), first(adminGroup), second(adminRule));

    const rules = revertExemption(both, second(adminRule));

    expect(rules).toStrictEqual(applied(eduWebAcl(), first(adminGroup)).Rules);
  });
});

describe('a scope-down that is an AND of the infrastructure code’s own', () => {
  it('stays one untouched piece of the exemption’s AND, and comes back exactly', () => {
    const theirs = {
      AndStatement: {
        Statements: [
          {
            NotStatement: {
              Statement: {
                IPSetReferenceStatement: {
                  ARN: 'arn:aws:wafv2:ap-northeast-2:111111111111:regional/ipset/monitoring/1',
                },
              },
            },
          },
          {
            NotStatement: {
              Statement: {
                ByteMatchStatement: {
                  SearchString: new TextEncoder().encode('/static/'),
                  FieldToMatch: { UriPath: {} },
                  TextTransformations: [{ Priority: 0, Type: 'NONE' }],
                  PositionalConstraint: 'STARTS_WITH',
                },
              },
            },
          },
        ],
      },
    };
    const original = () =>
      eduWebAcl(
        eduWebAcl().Rules.map((rule) =>
          rule.Name !== adminGroup.aclRuleName
            ? rule
            : {
                ...rule,
                Statement: {
                  ManagedRuleGroupStatement: {
                    VendorName: 'AWS',
                    Name: 'AWSManagedRulesAdminProtectionRuleSet',
                    ScopeDownStatement: theirs,
                  },
                },
              },
        ),
      );
    const a: ExemptionSpec = { id: 'ab12', path: '/admin', target: adminGroup };
    const b: ExemptionSpec = { id: 'ef56', path: '/reports', target: adminGroup };
    const both = applied(original(), a, b);

    const scope = both.Rules.find((r) => r.Name === adminGroup.aclRuleName)?.Statement.ManagedRuleGroupStatement
      ?.ScopeDownStatement;
    expect(scope?.AndStatement?.Statements[0]).toStrictEqual(theirs);
    expect(revertExemption(eduWebAcl(revertExemption(both, a)), b)).toStrictEqual(original().Rules);
  });
});

describe('reverting after the infrastructure code replaced the web ACL', () => {
  it('touches nothing when none of the exemption is left, not even an override the code now sets itself', () => {
    // The team made /admin permanent in CloudFormation, with their own Count override and label rule.
    const permanent: Rule = {
      Name: 'admin-protection-except-admin',
      Priority: 11,
      Action: { Block: {} },
      Statement: { LabelMatchStatement: { Scope: 'LABEL', Key: ADMIN_PROTECTION_LABEL } },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'admin-except' },
    };
    const rules = eduWebAcl().Rules.map((rule) =>
      rule.Name !== adminRule.aclRuleName
        ? rule
        : {
            ...rule,
            Statement: {
              ManagedRuleGroupStatement: {
                VendorName: 'AWS',
                Name: 'AWSManagedRulesAdminProtectionRuleSet',
                RuleActionOverrides: [{ Name: 'AdminProtection_URIPATH', ActionToUse: { Count: {} } }],
              },
            },
          },
    );
    const acl = eduWebAcl([...rules.slice(0, 4), permanent, ...rules.slice(4)]);

    expect(revertExemption(acl, { id: 'ab12', target: adminRule })).toStrictEqual(acl.Rules);
  });
});

describe('activeExemptionIds', () => {
  it('reads the exemptions in force from the web ACL alone', () => {
    const acl = applied(
      eduWebAcl(),
      { id: 'ab12', path: '/admin', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL },
      { id: 'cd34', path: '/upload', target: commonGroup },
      { id: 'ef56', path: '/reports', target: adminGroup },
    );

    expect(activeExemptionIds(acl.Rules)).toEqual(new Set(['ab12', 'cd34', 'ef56']));
    expect(activeExemptionIds(eduWebAcl().Rules)).toEqual(new Set());
  });
});
