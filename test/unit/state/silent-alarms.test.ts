import type { SilentAlarmRecord, SilentAlarmRecords } from '../../../commands/fleet/ports';
import { silentAlarmRecords } from '../../../lib/state/silent-alarms';
import { startDynalite, type DynaliteServer } from '../../fakes/dynalite';

let dynamo: DynaliteServer;
let records: SilentAlarmRecords;

beforeAll(async () => { dynamo = await startDynalite(); });
beforeEach(async () => {
  await dynamo.reset();
  records = silentAlarmRecords(dynamo.table);
});
afterAll(async () => { await dynamo.stop(); });

const FOUND_AT = new Date('2026-12-06T03:00:00.000Z');
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
    const first = await records.claim(finding());
    const again = await records.claim(finding({ alarms: ['edu-web-prod-cpu'] }));
    // Assess
    expect([first, again]).toEqual([true, false]);
    await expect(records.get('prod', 'edu-web-prod-asg')).resolves.toEqual(finding());
  });

  it('gives back a claim whose message was never posted, but never a posted one', async () => {
    // Prepare
    await records.claim(finding());
    await records.claim(finding({ group: 'CodeDeploy_edu-web-prod_d-OLDER0001' }));
    await records.posted('prod', 'CodeDeploy_edu-web-prod_d-OLDER0001', { channel: 'C0PRODOPS01', ts: '1765000000.000100' });
    // Act
    await records.release('prod', 'edu-web-prod-asg');
    await records.release('prod', 'CodeDeploy_edu-web-prod_d-OLDER0001');
    // Assess
    await expect(records.claim(finding())).resolves.toBe(true);
    await expect(records.get('prod', 'CodeDeploy_edu-web-prod_d-OLDER0001')).resolves.toMatchObject({ message: { channel: 'C0PRODOPS01', ts: '1765000000.000100' } });
  });

  it('lets one job move the alarms, and the same job again after a crash', async () => {
    // Prepare
    await records.claim(finding());
    const move = (job: string, by: string) => records.startMove('prod', 'edu-web-prod-asg', { by, job, at: FOUND_AT });
    // Act
    const results = [await move('job-1', 'U0LEAD'), await move('job-2', 'U0OTHER'), await move('job-1', 'U0LEAD')];
    await records.finishMove('prod', 'edu-web-prod-asg', new Date('2026-12-06T03:01:00.000Z'));
    // Assess
    expect(results).toEqual([true, false, true]);
    await expect(records.get('prod', 'edu-web-prod-asg')).resolves.toMatchObject({ move: { by: 'U0LEAD', finishedAt: new Date('2026-12-06T03:01:00.000Z') } });
  });

  it('does not start a move of a finding that was never recorded', async () => {
    await expect(records.startMove('prod', 'edu-web-prod-asg', { by: 'U0LEAD', job: 'job-1', at: FOUND_AT })).resolves.toBe(false);
  });
});
