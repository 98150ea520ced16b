import { applyExemption, resolveRule } from '../../../commands/waf/exemption-rules';
import { ruleLabel } from '../../../commands/waf/rule-label';
import {
  ADMIN_PROTECTION_LABEL,
  MANAGED_GROUPS,
  adminGroup,
  adminRule,
  commonGroup,
  eduWebAcl,
  groupRuleNames,
} from '../../fakes/web-acls';

const GROUPS = [
  'AWS-AWSManagedRulesCommonRuleSet',
  'AWS-AWSManagedRulesAdminProtectionRuleSet',
  'AWS-AWSManagedRulesKnownBadInputsRuleSet',
];

describe('resolveRule', () => {
  it.each([
    ['AdminProtection', adminGroup],
    ['adminprotection', adminGroup],
    ['AWSManagedRulesAdminProtectionRuleSet', adminGroup],
    ['AWS-AWSManagedRulesAdminProtectionRuleSet', adminGroup],
    ['CommonRuleSet', commonGroup],
    ['AdminProtection_URIPATH', adminRule],
    ['adminprotection_uripath', adminRule],
    ['AWSManagedRulesAdminProtectionRuleSet/AdminProtection_URIPATH', adminRule],
    ['SizeRestrictions_BODY', { ...commonGroup, kind: 'rule', ruleName: 'SizeRestrictions_BODY' }],
    [
      'Log4J',
      {
        kind: 'rule',
        aclRuleName: 'AWS-AWSManagedRulesKnownBadInputsRuleSet',
        vendor: 'AWS',
        groupName: 'AWSManagedRulesKnownBadInputsRuleSet',
        ruleName: 'Log4JRCE_HEADER',
      },
    ],
  ])('resolves %s', (query, target) => {
    expect(resolveRule(eduWebAcl(), query, groupRuleNames)).toEqual(target);
  });

  it('lists every group a part of a name could mean', () => {
    expect(resolveRule(eduWebAcl(), 'RuleSet', groupRuleNames)).toEqual({
      refused: 'ambiguous-rule',
      message: expect.stringContaining('"RuleSet" matches more than one') as unknown,
      candidates: GROUPS,
    });
  });

  it('lists every rule a part of a rule name could mean, qualified by its group so it can be typed back', () => {
    expect(resolveRule(eduWebAcl(), 'uripath', groupRuleNames)).toMatchObject({
      refused: 'ambiguous-rule',
      candidates: [
        'AWSManagedRulesCommonRuleSet/SizeRestrictions_URIPATH',
        'AWSManagedRulesCommonRuleSet/GenericLFI_URIPATH',
        'AWSManagedRulesAdminProtectionRuleSet/AdminProtection_URIPATH',
        'AWSManagedRulesKnownBadInputsRuleSet/ExploitablePaths_URIPATH',
      ],
    });
  });

  it('names the candidates when nothing matches', () => {
    const result = resolveRule(eduWebAcl(), 'AdminProtectoin', groupRuleNames);

    expect(result).toMatchObject({
      refused: 'unknown-rule',
      message: 'No managed rule group or rule in web ACL edu-web-acl matches "AdminProtectoin".',
    });
    expect(result).toHaveProperty(
      'candidates',
      expect.arrayContaining([...GROUPS, 'AWSManagedRulesAdminProtectionRuleSet/AdminProtection_URIPATH']),
    );
  });

  it('accepts only rule names DescribeManagedRuleGroup listed (WAF would ignore a misspelt override)', () => {
    expect(resolveRule(eduWebAcl(), 'AdminProtection_URIPATH', () => undefined)).toMatchObject({
      refused: 'unknown-rule',
    });
  });

  it('says the web ACL’s own rules cannot be exempted', () => {
    expect(resolveRule(eduWebAcl(), 'rate-limit-per-ip', groupRuleNames)).toMatchObject({
      refused: 'not-a-managed-group',
      candidates: GROUPS,
    });
  });

  it('does not offer blueshift’s own rules', () => {
    const rules = applyExemption(eduWebAcl(), {
      id: 'ab12',
      path: '/admin',
      target: adminRule,
      ruleLabel: ADMIN_PROTECTION_LABEL,
    });
    if (!Array.isArray(rules)) throw new Error(rules.message);

    expect(resolveRule(eduWebAcl(rules), 'blueshift', groupRuleNames)).toMatchObject({ refused: 'unknown-rule' });
  });
});

describe('ruleLabel', () => {
  it.each([
    ['AWSManagedRulesAdminProtectionRuleSet', 'AdminProtection_URIPATH', ADMIN_PROTECTION_LABEL],
    ['AWSManagedRulesCommonRuleSet', 'SizeRestrictions_BODY', 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body'],
    ['AWSManagedRulesCommonRuleSet', 'NoSuchRule', undefined],
  ])('finds the label %s/%s adds, whatever its case', (group, rule, label) => {
    expect(ruleLabel(MANAGED_GROUPS[group]!, rule)).toBe(label);
  });

  it('reads labels given without their namespace', () => {
    expect(
      ruleLabel(
        { labelNamespace: 'awswaf:managed:aws:admin-protection', labels: ['AdminProtection_URIPath'] },
        'AdminProtection_URIPATH',
      ),
    ).toBe(ADMIN_PROTECTION_LABEL);
  });
});
