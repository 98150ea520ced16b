import { applyExemption, describeChange, revertExemption } from '../../../commands/waf/exemption-rules';
import type { ExemptionSpec } from '../../../commands/waf/exemption';
import type { Rule } from '../../../commands/waf/types';
import {
  ADMIN_PROTECTION_LABEL,
  OFFICE_IP_SET_ARN,
  adminGroup,
  adminRule,
  commonGroup,
  eduWebAcl,
} from '../../fakes/web-acls';

function after(exemption: ExemptionSpec): Rule[] {
  const rules = applyExemption(eduWebAcl(), exemption);
  if (!Array.isArray(rules)) throw new Error(rules.message);
  return rules;
}

describe('describeChange', () => {
  it.each<[string, ExemptionSpec, string[]]>([
    [
      'a group exemption',
      { id: 'ab12', path: '/admin', target: adminGroup },
      ['~ AWS-AWSManagedRulesAdminProtectionRuleSet: skips requests to /admin or under it (exemption ab12)'],
    ],
    [
      'a group exemption from an IP set',
      { id: 'ab12', path: '/admin', cidrs: ['203.0.113.0/24'], ipSetArn: OFFICE_IP_SET_ARN, target: adminGroup },
      [
        '~ AWS-AWSManagedRulesAdminProtectionRuleSet: skips requests to /admin or under it from IP set blueshift-exempt-ab12 (exemption ab12)',
      ],
    ],
    [
      'an exemption of a group with its own scope-down',
      { id: 'cd34', path: '/upload', target: commonGroup },
      ['~ AWS-AWSManagedRulesCommonRuleSet: skips requests to /upload or under it (exemption cd34)'],
    ],
    [
      'a rule exemption',
      { id: 'ab12', path: '/admin', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL },
      [
        '~ AWS-AWSManagedRulesAdminProtectionRuleSet: rule AdminProtection_URIPATH set to Count: it only labels requests now',
        '+ rule blueshift-exempt-ab12 (priority 11): Block if label awswaf:managed:aws:admin-protection:AdminProtection_URIPath and path is not /admin or under it',
      ],
    ],
  ])('says what %s changes', (_, exemption, lines) => {
    expect(describeChange(eduWebAcl().Rules, after(exemption))).toEqual(lines);
  });

  it('says what a revert takes away', () => {
    const exemption: ExemptionSpec = {
      id: 'ab12',
      path: '/admin',
      target: adminRule,
      ruleLabel: ADMIN_PROTECTION_LABEL,
    };
    const applied = after(exemption);

    expect(describeChange(applied, revertExemption(eduWebAcl(applied), exemption))).toEqual([
      '~ AWS-AWSManagedRulesAdminProtectionRuleSet: rule AdminProtection_URIPATH back to its own action',
      '- rule blueshift-exempt-ab12 (priority 11): Block if label awswaf:managed:aws:admin-protection:AdminProtection_URIPath and path is not /admin or under it',
    ]);
  });

  it('says a second exemption of a rule is let through by the shared rule, with the IP set', () => {
    const first = after({ id: 'ab12', path: '/admin', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL });
    const second = applyExemption(eduWebAcl(first), {
      id: 'ef56',
      path: '/reports',
      cidrs: ['203.0.113.0/24'],
      ipSetArn: OFFICE_IP_SET_ARN,
      target: adminRule,
      ruleLabel: ADMIN_PROTECTION_LABEL,
    });

    expect(describeChange(first, second as Rule[])).toEqual([
      '~ blueshift-exempt-ab12: also lets through /reports or under it from IP set blueshift-exempt-ab12 (exemption ef56)',
    ]);
  });

  it('shows any other change before and after, bytes that are not text in hex', () => {
    const before = eduWebAcl().Rules;
    const changed = before.map((rule, i) => (i === 0 ? { ...rule, Priority: 3, Action: { Count: {} } } : rule));

    expect(describeChange(before, changed)).toEqual([
      '~ block-bad-bots: priority 0 → 3',
      '~ block-bad-bots: Count if header user-agent contains 0xfffe00626f74c3',
      '    was: Block if header user-agent contains 0xfffe00626f74c3',
    ]);
  });

  it('describes the rules of the fixture in words', () => {
    const added = describeChange([], eduWebAcl().Rules);

    expect(added).toEqual([
      '+ rule block-bad-bots (priority 0): Block if header user-agent contains 0xfffe00626f74c3',
      '+ rule rate-limit-per-ip (priority 1): Block if more than 2000 requests in 300s per IP',
      '+ rule AWS-AWSManagedRulesCommonRuleSet (priority 5): runs AWS/AWSManagedRulesCommonRuleSet only if not path starts with "/healthz"; counting only: SizeRestrictions_BODY',
      '+ rule AWS-AWSManagedRulesAdminProtectionRuleSet (priority 10): runs AWS/AWSManagedRulesAdminProtectionRuleSet',
      '+ rule AWS-AWSManagedRulesKnownBadInputsRuleSet (priority 20): runs AWS/AWSManagedRulesKnownBadInputsRuleSet; counting only: Host_localhost_HEADER',
      '+ rule captcha-login (priority 30): Captcha if path starts with "/login"',
    ]);
  });

  it('is empty when nothing changed', () => {
    expect(describeChange(eduWebAcl().Rules, eduWebAcl().Rules)).toEqual([]);
  });
});
