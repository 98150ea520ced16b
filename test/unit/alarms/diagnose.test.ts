import { diagnoseAlarm, SERIES_HOURS } from '../../../commands/alarms/diagnose';
import { parseAlarmEvent, type AlarmNotification } from '../../../commands/alarms/notification';
import type { AlarmInsights, AlarmTarget } from '../../../commands/alarms/ports';
import type { CreditMode, CreditSeries, Point, Replacement } from '../../../commands/alarms/throttling';
import { payload } from './payloads';

const NOW = new Date('2026-03-02T09:15:00.000Z');
const flat = (value: number, minutes = 60): Point[] =>
  Array.from({ length: minutes / 5 }, (_, i) => ({ at: new Date(NOW.getTime() - i * 5 * 60_000), value }));
const PINNED: CreditSeries = { cpu: flat(10, 90), creditBalance: flat(0, 90) };
const BUSY: CreditSeries = { cpu: flat(95), creditBalance: flat(250) };

/** An in-memory AlarmInsights that records what it was asked. */
function fakeInsights(
  target: AlarmTarget | undefined,
  data: { modes?: [string, CreditMode][]; series?: [string, CreditSeries][]; replacements?: Replacement[] } = {},
) {
  const asked: string[] = [];
  const insights: AlarmInsights = {
    instancesFor: (dimensions) => {
      asked.push(`instancesFor ${JSON.stringify(dimensions)}`);
      return Promise.resolve(target);
    },
    creditModes: (ids) => {
      asked.push(`creditModes ${ids.join(',')}`);
      return Promise.resolve(new Map(data.modes));
    },
    series: (ids, hours) => {
      asked.push(`series ${ids.join(',')} ${hours}h`);
      return Promise.resolve(new Map(data.series));
    },
    replacements: (group, hours) => {
      asked.push(`replacements ${group} ${hours}h`);
      return Promise.resolve(data.replacements ?? []);
    },
    graph: () => Promise.resolve(undefined),
  };
  return { insights, asked };
}

const asgAlarm = (): AlarmNotification =>
  parseAlarmEvent(payload('sns-http__cw-alarm__ec2-cpu-asg-dimension-ok__cloudforet.json'))[0]!;
const instanceAlarm = (): AlarmNotification =>
  parseAlarmEvent(payload('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json'))[0]!;

describe('diagnoseAlarm', () => {
  it('diagnoses an Auto Scaling group by its most throttled instance, with replacements', async () => {
    // Prepare
    const { insights, asked } = fakeInsights(
      {
        groupName: 'edu-web-prod-asg',
        instances: [
          { id: 'i-1', type: 't3.micro' },
          { id: 'i-2', type: 't3.micro' },
          { id: 'i-3', type: 'c5.large' },
        ],
      },
      {
        modes: [
          ['i-1', 'standard'],
          ['i-2', 'standard'],
        ],
        series: [
          ['i-1', BUSY],
          ['i-2', PINNED],
        ],
        replacements: [
          {
            at: new Date(NOW.getTime() - 30 * 60_000),
            description: 'Terminating EC2 instance: i-0 (an ELB system health check failure)',
          },
        ],
      },
    );
    // Act
    const diagnosis = await diagnoseAlarm(asgAlarm(), insights, NOW);
    // Assess
    expect(diagnosis?.verdict).toBe('exhausted');
    expect(diagnosis?.subject).toBe('i-2, the worst of 2 instances in edu-web-prod-asg');
    expect(diagnosis?.facts[0]).toBe('Instances: 1 throttled, 1 fine');
    expect(diagnosis?.measures.replacements).toHaveLength(1);
    expect(asked).toEqual([
      'instancesFor {"AutoScalingGroupName":"eks-6ebcce7e-400b-8a69-f0e9-d9e14bb635d2"}',
      'creditModes i-1,i-2',
      `series i-1,i-2 ${SERIES_HOURS}h`,
      'replacements edu-web-prod-asg 6h',
    ]);
  });

  it('diagnoses a single instance outside any group, without asking for replacements', async () => {
    const { insights, asked } = fakeInsights(
      { instances: [{ id: 'i-12345678901234567', type: 't3.micro' }] },
      { modes: [['i-12345678901234567', 'standard']], series: [['i-12345678901234567', BUSY]] },
    );
    const diagnosis = await diagnoseAlarm(instanceAlarm(), insights, NOW);
    expect(diagnosis).toMatchObject({ verdict: 'not-credit-related', subject: 'i-12345678901234567' });
    expect(asked.some((line) => line.startsWith('replacements'))).toBe(false);
  });

  it.each([
    ['instances that are not burstable', { instances: [{ id: 'i-1', type: 'c5.large' }] }],
    ['an instance that is gone', undefined],
  ])('has nothing to say about %s', async (_name, target) => {
    const { insights, asked } = fakeInsights(target);
    await expect(diagnoseAlarm(instanceAlarm(), insights, NOW)).resolves.toBeUndefined();
    expect(asked).toHaveLength(1);
  });

  it('does not look up alarms without instance or group dimensions', async () => {
    const { insights, asked } = fakeInsights(undefined);
    const composite = parseAlarmEvent(payload('sns-lambda__cw-alarm__composite-alarm__rheoceros.json'))[0]!;
    await expect(diagnoseAlarm(composite, insights, NOW)).resolves.toBeUndefined();
    expect(asked).toEqual([]);
  });
});
