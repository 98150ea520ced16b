import type { SilentAlarmRecord, SilentAlarmRecords } from '../../../commands/fleet/ports';
import { silentAlarmRecords } from '../../../lib/state/silent-alarms';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();
let records: SilentAlarmRecords;

beforeEach(() => {
  records = silentAlarmRecords(dynamo().table);
});

const FOUND_AT = new Date('2026-12-06T03:00:00.000Z');
const LEASE = 300_000;
const finding = (changes: Partial<SilentAlarmRecord> = {}): SilentAlarmRecord => ({
  env: 'prod',
  app: 'web',
  group: 'edu-web-prod-asg',
  alarms: ['edu-web-prod-5xx', 'edu-web-prod-cpu'],
  stopOnAlarm: ['edu-web-prod-5xx'],
  liveGroup: 'CodeDeploy_edu-web-prod_d-7K2M9QX4B',
  replacedBy: 'd-7K2M9QX4B',
  foundAt: FOUND_AT,
  ...changes,
});

describe('silentAlarmRecords', () => {
  it('claims a finding once and reads it back', async () => {
    // Act
    const first = await records.claim(finding(), LEASE);
    const again = await records.claim(finding({ alarms: ['edu-web-prod-cpu'] }), LEASE);
    // Assess
    expect([first, again]).toEqual([true, false]);
    await expect(records.get('prod', 'edu-web-prod-asg')).resolves.toEqual(finding());
  });

  it('lets a finding nobody posted be claimed again once its lease ran out, never a posted one', async () => {
    // Prepare
    await records.claim(finding(), LEASE);
    const later = (ms: number) => finding({ foundAt: new Date(FOUND_AT.getTime() + ms) });
    // Act
    const withinLease = await records.claim(later(LEASE - 1000), LEASE);
    const afterLease = await records.claim(later(LEASE + 1000), LEASE);
    await records.posted('prod', 'edu-web-prod-asg', { channel: 'C0PRODOPS01', ts: '1765000000.000100' });
    const afterPosting = await records.claim(later(10 * LEASE), LEASE);
    // Assess
    expect([withinLease, afterLease, afterPosting]).toEqual([false, true, false]);
  });

  it('gives back a claim whose message was never posted, but never a posted one', async () => {
    // Prepare
    await records.claim(finding(), LEASE);
    await records.claim(finding({ group: 'CodeDeploy_edu-web-prod_d-OLDER0001' }), LEASE);
    await records.posted('prod', 'CodeDeploy_edu-web-prod_d-OLDER0001', {
      channel: 'C0PRODOPS01',
      ts: '1765000000.000100',
    });
    // Act
    await records.release('prod', 'edu-web-prod-asg');
    await records.release('prod', 'CodeDeploy_edu-web-prod_d-OLDER0001');
    // Assess
    await expect(records.claim(finding(), LEASE)).resolves.toBe(true);
    await expect(records.get('prod', 'CodeDeploy_edu-web-prod_d-OLDER0001')).resolves.toMatchObject({
      message: { channel: 'C0PRODOPS01', ts: '1765000000.000100' },
    });
  });

  it('lets one job move the alarms, and the same job again after a crash', async () => {
    // Prepare
    await records.claim(finding(), LEASE);
    const move = (job: string, by: string) => records.startMove('prod', 'edu-web-prod-asg', { by, job, at: FOUND_AT });
    // Act
    const results = [await move('job-1', 'U0LEAD'), await move('job-2', 'U0OTHER'), await move('job-1', 'U0LEAD')];
    await records.finishMove('prod', 'edu-web-prod-asg', new Date('2026-12-06T03:01:00.000Z'));
    // Assess
    expect(results).toEqual([true, false, true]);
    await expect(records.get('prod', 'edu-web-prod-asg')).resolves.toMatchObject({
      move: { by: 'U0LEAD', finishedAt: new Date('2026-12-06T03:01:00.000Z') },
    });
  });

  it('does not start a move of a finding that was never recorded', async () => {
    await expect(
      records.startMove('prod', 'edu-web-prod-asg', { by: 'U0LEAD', job: 'job-1', at: FOUND_AT }),
    ).resolves.toBe(false);
  });

  it('lets one sweep a day check an app in an environment, and the next one after a give-back', async () => {
    // Prepare
    const at = (hours: number) => new Date(FOUND_AT.getTime() + hours * 3_600_000);
    const DAY = 24 * 3_600_000;
    // Act
    const first = await records.claimCheck('prod', 'web', at(0), DAY);
    const sameDay = await records.claimCheck('prod', 'web', at(5), DAY);
    const otherApp = await records.claimCheck('prod', 'api', at(5), DAY);
    const nextDay = await records.claimCheck('prod', 'web', at(24), DAY);
    await records.releaseCheck('prod', 'web');
    const afterGiveBack = await records.claimCheck('prod', 'web', at(24.1), DAY);
    // Assess
    expect([first, sameDay, otherApp, nextDay, afterGiveBack]).toEqual([true, false, true, true, true]);
    await expect(records.get('prod', 'web')).resolves.toBeUndefined();
  });

  it('remembers the groups a deployment group served, so a deleted one is known later', async () => {
    // Act
    await records.rememberServing('prod', 'edu-web-prod', ['edu-web-prod-asg'], FOUND_AT);
    await records.rememberServing('prod', 'edu-web-prod', ['CodeDeploy_edu-web-prod_d-7K2M9QX4B'], FOUND_AT);
    await records.rememberServing('prod', 'edu-web-prod', ['CodeDeploy_edu-web-prod_d-7K2M9QX4B'], FOUND_AT);
    // Assess
    await expect(records.servedBefore('prod', 'edu-web-prod')).resolves.toEqual(
      new Set(['edu-web-prod-asg', 'CodeDeploy_edu-web-prod_d-7K2M9QX4B']),
    );
    await expect(records.servedBefore('staging', 'edu-web-prod')).resolves.toEqual(new Set());
  });
});
