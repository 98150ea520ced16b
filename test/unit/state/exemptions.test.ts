import type { Exemption } from '../../../commands/ports';
import { exemptionRecords, type ExemptionRecords } from '../../../lib/state/exemptions';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();
let exemptions: ExemptionRecords;

beforeEach(() => {
  exemptions = exemptionRecords(dynamo().table);
});

function exemption(overrides: Partial<Exemption> = {}): Exemption {
  return {
    id: 'ex-1',
    env: 'prod',
    rule: 'AWSManagedRulesAdminProtectionRuleSet',
    path: '/admin',
    requestedBy: 'U0ALICE',
    reason: 'admin blocked after deploy',
    target: JSON.stringify({
      kind: 'group',
      aclRuleName: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
      vendor: 'AWS',
      groupName: 'AWSManagedRulesAdminProtectionRuleSet',
    }),
    createdAt: new Date('2025-03-01T09:00:00.000Z'),
    expiresAt: new Date('2025-03-01T11:00:00.000Z'),
    ...overrides,
  };
}

describe('exemptionRecords', () => {
  it('saves an exemption and reads it back, with and without a CIDR', async () => {
    // Prepare
    await exemptions.save(exemption());
    await exemptions.save(exemption({ id: 'ex-2', cidr: '203.0.113.0/24' }));
    // Act
    const plain = await exemptions.get('ex-1');
    const scoped = await exemptions.get('ex-2');
    // Assess
    expect(plain).toEqual(exemption());
    expect(plain?.cidr).toBeUndefined();
    expect(scoped).toEqual(exemption({ id: 'ex-2', cidr: '203.0.113.0/24' }));
  });

  it('sets no TTL, so DynamoDB never drops an exemption the WAF still has', async () => {
    // Act
    await exemptions.save(exemption());
    // Assess
    const item = await dynamo().table.get({ pk: 'EXEMPTION', sk: 'ex-1' });
    expect(item).not.toHaveProperty('expiresAt');
  });

  it('lists active exemptions by environment, soonest to expire first, past-due ones included', async () => {
    // Prepare
    await exemptions.save(exemption({ id: 'late', expiresAt: new Date('2025-03-01T17:00:00Z') }));
    await exemptions.save(exemption({ id: 'staging', env: 'staging' }));
    await exemptions.save(exemption({ id: 'past-due', expiresAt: new Date('2000-01-01T00:00:00Z') }));
    await exemptions.save(exemption({ id: 'soon' }));
    // Act
    const prod = await exemptions.listActive('prod');
    const everywhere = await exemptions.listActive();
    // Assess
    expect(prod.map(({ id }) => id)).toEqual(['past-due', 'soon', 'late']);
    expect(everywhere.map(({ id }) => id).sort()).toEqual(['late', 'past-due', 'soon', 'staging']);
  });

  it('removes an exemption, returning it, and returns undefined when there is none', async () => {
    // Prepare
    await exemptions.save(exemption());
    // Act
    const removed = await exemptions.remove('ex-1');
    const again = await exemptions.remove('ex-1');
    // Assess
    expect(removed).toEqual(exemption());
    expect(again).toBeUndefined();
    expect(await exemptions.listActive()).toEqual([]);
  });
});

describe('noteRevertFailure', () => {
  it('counts failed reverts on a record that exists, and never brings back one that was removed', async () => {
    // Prepare
    await exemptions.save(exemption());
    // Act
    const counted = await exemptions.noteRevertFailure('ex-1', 2);
    const stored = await exemptions.get('ex-1');
    await exemptions.remove('ex-1');
    const afterRemoval = await exemptions.noteRevertFailure('ex-1', 3);
    // Assess
    expect(counted).toBe(true);
    expect(stored?.revertFailures).toBe(2);
    expect(afterRemoval).toBe(false);
    expect(await exemptions.get('ex-1')).toBeUndefined();
  });
});
