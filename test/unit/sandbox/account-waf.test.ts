import { GetWebACLCommand, UpdateWebACLCommand, WAFV2Client, type Rule } from '@aws-sdk/client-wafv2';
import type { ExemptionSpec, GroupTarget, RuleTarget } from '../../../commands/waf/exemption';
import { applyExemption, revertExemption } from '../../../commands/waf/exemption-rules';
import { ruleLabel } from '../../../commands/waf/rule-label';
import type { WebAclRef } from '../../../commands/waf/types';
import { wafWebAcls } from '../../../lib/aws/wafv2';
import { REGION, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
const client = new WAFV2Client({ region: REGION });
const acls = wafWebAcls(client, { sleep: () => Promise.resolve(), random: () => 0 });
const ACL: WebAclRef = { name: 'edu-web-acl', id: '11111111-2222-3333-4444-555555555555', scope: 'REGIONAL' };
const adminGroup: GroupTarget = {
  kind: 'group',
  aclRuleName: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
  vendor: 'AWS',
  groupName: 'AWSManagedRulesAdminProtectionRuleSet',
};
const adminRule: RuleTarget = { ...adminGroup, kind: 'rule', ruleName: 'AdminProtection_URIPATH' };
const BLOCKED = { status: 403, blockedBy: 'AWS-AWSManagedRulesAdminProtectionRuleSet/AdminProtection_URIPATH' };
const OFFICE = '198.51.100.7';
const ELSEWHERE = '203.0.113.9';

beforeEach(() => {
  sim = watchedAccount();
});
afterEach(() => sim.account.stop());

describe('the web ACL before and after the security team enables AdminProtection', () => {
  it('lets /admin through at first; AdminProtection then blocks it, and enabling it again drops any exemption', async () => {
    // Prepare
    const before = sim.account.tryRequest('/admin', ELSEWHERE);
    sim.account.scenarios.enableAdminProtection();
    await acls.modify(ACL, (acl) => applyExemption(acl, { id: 'ef56', path: '/admin', target: adminGroup }));
    const exempted = sim.account.tryRequest('/admin', ELSEWHERE);
    // Act
    sim.account.scenarios.enableAdminProtection();
    const { webAcl } = await acls.get(ACL);
    const capacity = await acls.checkCapacity('REGIONAL', webAcl.Rules);
    // Assess
    expect(before).toEqual({ status: 200 });
    expect(exempted).toEqual({ status: 200, matchedExemption: 'ef56' });
    expect(sim.account.tryRequest('/admin', ELSEWHERE)).toEqual(BLOCKED);
    expect(webAcl.Rules.map((rule) => rule.Name)).toEqual([
      'rate-limit-per-ip',
      'AWS-AWSManagedRulesCommonRuleSet',
      'AWS-AWSManagedRulesAdminProtectionRuleSet',
    ]);
    expect(capacity).toBe(2 + 700 + 100);
  });
});

describe('the simulated web ACL, changed through the real WAF adapter', () => {
  beforeEach(() => sim.account.scenarios.enableAdminProtection());

  it('blocks /admin, lets it through once blueshift exempts it, and blocks it again after the revert', async () => {
    // Prepare
    const exemption: ExemptionSpec = { id: 'ab12', path: '/admin', target: adminGroup };
    const before = sim.account.tryRequest('/admin', ELSEWHERE);
    // Act
    const applied = await acls.modify(ACL, (acl) => applyExemption(acl, exemption));
    const during = ['/admin', '/admin/users', '/ADMIN', '/administrator', '/admin/../secret'].map((path) =>
      sim.account.tryRequest(path, ELSEWHERE),
    );
    await acls.modify(ACL, (acl) => revertExemption(acl, exemption));
    // Assess
    expect(before).toEqual(BLOCKED);
    expect(applied.status).toBe('updated');
    expect(during).toEqual([
      { status: 200, matchedExemption: 'ab12' },
      { status: 200, matchedExemption: 'ab12' },
      BLOCKED,
      BLOCKED,
      BLOCKED, // other case, a longer name, and a path that only looks like it is under /admin
    ]);
    expect(sim.account.tryRequest('/admin', ELSEWHERE)).toEqual(BLOCKED);
    expect(sim.account.tryRequest('/courses', ELSEWHERE)).toEqual({ status: 200 });
  });

  it('exempts one rule for an office IP set: a Count override plus a label rule that still blocks everyone else', async () => {
    // Prepare
    const group = await acls.describeGroupRules('AWS', 'AWSManagedRulesAdminProtectionRuleSet', 'REGIONAL');
    const ipSet = await acls.ensureIpSet('blueshift-exempt-cd34', 'REGIONAL', ['198.51.100.0/24']);
    const exemption: ExemptionSpec = {
      id: 'cd34',
      path: '/admin',
      target: adminRule,
      ruleLabel: ruleLabel(group, 'AdminProtection_URIPATH'),
      cidrs: ['198.51.100.0/24'],
      ipSetArn: ipSet.arn,
    };
    // Act
    await acls.modify(ACL, (acl) => applyExemption(acl, exemption));
    const rules = sim.account.snapshot().webAclRules;
    const fromOffice = sim.account.tryRequest('/admin', OFFICE);
    const fromElsewhere = sim.account.tryRequest('/admin', ELSEWHERE);
    await acls.modify(ACL, (acl) => revertExemption(acl, exemption));
    const deleted = await acls.deleteIpSet('blueshift-exempt-cd34', 'REGIONAL');
    // Assess
    expect(group).toMatchObject({
      ruleNames: ['AdminProtection_URIPATH'],
      labels: ['awswaf:managed:aws:admin-protection:AdminProtection_URIPath'],
      capacity: 100,
    });
    expect(rules).toEqual(
      expect.arrayContaining([
        '10 AWS-AWSManagedRulesAdminProtectionRuleSet (AdminProtection_URIPATH → Count)',
        '11 blueshift-exempt-cd34',
      ]),
    );
    expect(fromOffice).toEqual({ status: 200, matchedExemption: 'cd34' });
    expect(fromElsewhere).toEqual({ status: 403, blockedBy: 'blueshift-exempt-cd34' });
    expect(deleted).toBe(true);
    expect(sim.account.tryRequest('/admin', OFFICE)).toEqual(BLOCKED);
  });

  it('refuses an update with a stale lock token, as WAF does', async () => {
    // Prepare
    const { WebACL, LockToken } = await client.send(
      new GetWebACLCommand({ Name: ACL.name, Id: ACL.id, Scope: 'REGIONAL' }),
    );
    const update = (rules: Rule[]) =>
      new UpdateWebACLCommand({
        Name: ACL.name,
        Id: ACL.id,
        Scope: 'REGIONAL',
        LockToken,
        Rules: rules,
        DefaultAction: WebACL?.DefaultAction,
        VisibilityConfig: WebACL?.VisibilityConfig,
      });
    const rules = WebACL?.Rules ?? [];
    // Act
    const first = await client.send(update(rules));
    const second = client.send(update(rules.slice(1)));
    // Assess
    expect(first.NextLockToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.NextLockToken).not.toBe(LockToken);
    await expect(second).rejects.toMatchObject({ name: 'WAFOptimisticLockException' });
  });
});
