import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { diagnoseAlarm } from '../../../commands/alarms/diagnose';
import { fromEventBridge } from '../../../commands/alarms/eventbridge-alarm';
import { alarmInsights } from '../../../lib/aws/alarm-diagnosis';
import { cloudWatchAlarms, cloudWatchCredits } from '../../../lib/aws/cloudwatch';
import { profileOf, simulatePeriod } from '../../../sandbox/aws/credits';
import { REGION, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
const insights = alarmInsights({
  cloudwatch: new CloudWatchClient({ region: REGION }),
  ec2: new EC2Client({ region: REGION }),
  autoscaling: new AutoScalingClient({ region: REGION }),
});
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

beforeEach(() => {
  sim = watchedAccount();
});
afterEach(() => sim.account.stop());

describe('t3.micro credit accounting', () => {
  it.each([
    // balance, demand % → CPU %, credits spent, balance after
    [288, 5, 5, 0.5, 288],
    [100, 90, 90, 9, 92],
    [3, 90, 40, 4, 0],
    [0, 90, 10, 1, 0],
  ])('from %p credits wanting %p %% CPU: %p %% used, %p spent, %p left', (balance, demand, cpu, usage, after) => {
    expect(simulatePeriod(profileOf('t3.micro'), balance, demand)).toEqual({ cpu, usage, balance: after });
  });
});

describe('the CPU-credit incident', () => {
  it('starts quiet: full balances, no alarm firing', async () => {
    // Act
    const firing = await cloudWatchAlarms(new CloudWatchClient({ region: REGION })).firing('edu-web-');
    const balances = await cloudWatchCredits(new CloudWatchClient({ region: REGION })).creditBalances([
      'i-0aaa1111bbbb2222c',
    ]);
    // Assess
    expect(firing).toEqual([]);
    expect(balances.get('i-0aaa1111bbbb2222c')).toBe(288);
  });

  it('drains the credits, replaces an instance, fires the CPU alarm, and the diagnosis says throttled', async () => {
    // Act
    await sim.account.scenarios.creditExhaustion();
    const [event] = sim.events;
    const notification = fromEventBridge(event);
    const diagnosis = await diagnoseAlarm(notification, insights, new Date());
    const graph = await insights.graph(notification);
    // Assess
    expect(sim.events).toHaveLength(1);
    expect(event).toMatchObject({
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '111111111111',
      region: REGION,
      resources: ['arn:aws:cloudwatch:ap-northeast-2:111111111111:alarm:edu-web-prod-cpu-high'],
    });
    expect(notification).toMatchObject({
      alarmName: 'edu-web-prod-cpu-high',
      state: 'ALARM',
      previousState: 'OK',
      threshold: 9.5,
      comparison: 'GreaterThanOrEqualToThreshold',
      currentValue: 10,
    });
    expect(notification.metric?.dimensions).toEqual({ AutoScalingGroupName: 'edu-web-prod-asg' });
    expect(diagnosis?.verdict).toBe('exhausted');
    expect(diagnosis?.measures).toMatchObject({ cpuNow: 10, balanceNow: 0 });
    expect(diagnosis?.measures.minutesPinned).toBeGreaterThanOrEqual(15);
    expect(diagnosis?.measures.replacements[0]?.description).toMatch(
      /^Terminating EC2 instance: i-0\w+ \(an ELB system health check failure\)$/,
    );
    expect([...(graph ?? []).slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const snapshot = sim.account.snapshot();
    expect(snapshot.alarms.find((a) => a.name === 'edu-web-prod-cpu-high')).toEqual({
      name: 'edu-web-prod-cpu-high',
      state: 'ALARM',
      actionsEnabled: true,
      watches: ['edu-web-prod-asg'],
    });
    expect(snapshot.fleet.filter((i) => i.credits === 0)).toHaveLength(2);
  });
});
