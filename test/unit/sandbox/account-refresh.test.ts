import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DescribeScalingActivitiesCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateLaunchTemplateVersionCommand, EC2Client, type _InstanceType } from '@aws-sdk/client-ec2';
import { diagnoseAlarm } from '../../../commands/alarms/diagnose';
import { fromEventBridge } from '../../../commands/alarms/eventbridge-alarm';
import { alarmInsights } from '../../../lib/aws/alarm-diagnosis';
import { instanceRefreshes } from '../../../lib/aws/instance-refresh';
import { REGION, waitFor, watchedAccount, type Watched } from './account-helpers';

const GROUP = 'edu-web-prod-asg';
const SEEDED = ['i-0aaa1111bbbb2222c', 'i-0ddd3333eeee4444f'];
let sim: Watched;
const autoscaling = new AutoScalingClient({ region: REGION });
const ec2 = new EC2Client({ region: REGION });
const refreshes = instanceRefreshes(autoscaling);

beforeEach(() => {
  sim = watchedAccount();
});
afterEach(() => sim.account.stop());

/** What blueshift's "Move to a bigger type" does first: a version of the template with the type. */
async function newVersion(instanceType: _InstanceType): Promise<void> {
  await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: 'lt-0e1d2c3b4a5968778',
      SourceVersion: '1',
      LaunchTemplateData: { InstanceType: instanceType },
    }),
  );
}

const prodFleet = () => sim.account.snapshot().fleet.filter((i) => i.group === GROUP);

describe('an instance refresh of the simulated Auto Scaling', () => {
  it('replaces the group one instance at a time with the latest version’s type, Pending → InProgress → Successful', async () => {
    // Prepare
    await newVersion('t3.small');
    // Act
    const started = await refreshes.start(GROUP);
    const first = await refreshes.describe(GROUP, started.id);
    const seen = new Set<string>();
    await waitFor(async () => {
      const state = await refreshes.describe(GROUP, started.id);
      seen.add(`${state?.status} ${state?.percentage}`);
      return state?.ended === true;
    }, 'the refresh to end');
    const last = await refreshes.describe(GROUP, started.id);
    const { AutoScalingGroups } = await autoscaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }),
    );
    const { Activities } = await autoscaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: GROUP }),
    );
    // Assess
    expect(started.adopted).toBe(false);
    expect(first).toMatchObject({ status: 'Pending', percentage: 0, ended: false });
    expect(seen).toContain('InProgress 0');
    expect(seen).toContain('InProgress 50');
    expect(last).toEqual({ id: started.id, status: 'Successful', percentage: 100, ended: true, succeeded: true });
    expect(prodFleet().map((i) => i.type)).toEqual(['t3.small', 't3.small']);
    expect(prodFleet().map((i) => i.id)).not.toEqual(expect.arrayContaining([SEEDED[0]]));
    expect(AutoScalingGroups?.[0]?.Instances?.map((i) => [i.InstanceType, i.LaunchTemplate?.Version])).toEqual([
      ['t3.small', '2'],
      ['t3.small', '2'],
    ]);
    expect(
      Activities?.slice(0, 4)
        .map((a) => a.Description)
        .reverse(),
    ).toEqual([
      `Terminating EC2 instance: ${SEEDED[0]}`,
      expect.stringMatching(/^Launching a new EC2 instance: i-0\w+$/),
      `Terminating EC2 instance: ${SEEDED[1]}`,
      expect.stringMatching(/^Launching a new EC2 instance: i-0\w+$/),
    ]);
    expect(Activities?.[1]?.Cause).toContain('in response to an instance refresh');
  });

  it('says which instance is warming up while it runs', async () => {
    // Prepare
    await newVersion('t3.small');
    const { id } = await refreshes.start(GROUP);
    // Act
    await waitFor(async () => (await refreshes.describe(GROUP, id))?.status === 'InProgress', 'InProgress');
    const { InstanceRefreshes } = await autoscaling.send(
      new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: GROUP }),
    );
    // Assess
    expect(InstanceRefreshes?.[0]).toMatchObject({
      InstanceRefreshId: id,
      AutoScalingGroupName: GROUP,
      Status: 'InProgress',
      StatusReason: expect.stringMatching(
        /^Waiting for instances to warm up before continuing\. For example: i-0\w+ is warming up\.$/,
      ) as unknown,
      InstancesToUpdate: 2,
      Preferences: { MinHealthyPercentage: 90, MaxHealthyPercentage: 100 },
    });
  });

  it('refuses a second refresh while one runs, as Auto Scaling does; the port adopts the running one', async () => {
    // Prepare
    const { id } = await refreshes.start(GROUP);
    // Act
    const refused = autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: GROUP }));
    const adopted = await refreshes.start(GROUP);
    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'InstanceRefreshInProgressFault' });
    expect(adopted).toEqual({ id, adopted: true });
  });

  it('starts again once the last one ended, and lists them newest first', async () => {
    // Prepare
    const first = await refreshes.start(GROUP);
    await waitFor(async () => (await refreshes.describe(GROUP, first.id))?.ended === true, 'the first to end');
    // Act
    const second = await refreshes.start(GROUP);
    const { InstanceRefreshes } = await autoscaling.send(
      new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: GROUP }),
    );
    const other = await autoscaling.send(
      new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: 'edu-web-staging-asg' }),
    );
    // Assess
    expect(InstanceRefreshes?.map((r) => [r.InstanceRefreshId, r.Status])).toEqual([
      [second.id, 'Pending'],
      [first.id, 'Successful'],
    ]);
    expect(other.InstanceRefreshes).toEqual([]);
  });

  it('refuses a group that does not exist with a ValidationError naming it', async () => {
    // Act
    const refused = autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: 'edu-web-nope' }));
    // Assess
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'AutoScalingGroup name not found - edu-web-nope',
    });
  });

  it('leaves the new type’s baseline to the credits: the next exhaustion pins a t3.small fleet at 20 %', async () => {
    // Prepare
    await newVersion('t3.small');
    const { id } = await refreshes.start(GROUP);
    await waitFor(async () => (await refreshes.describe(GROUP, id))?.ended === true, 'the refresh to end');
    const insights = alarmInsights({
      cloudwatch: new CloudWatchClient({ region: REGION }),
      ec2,
      autoscaling,
    });
    // Act
    await sim.account.scenarios.creditExhaustion();
    const diagnosis = await diagnoseAlarm(fromEventBridge(sim.events[0]), insights, new Date());
    // Assess
    expect(prodFleet().every((i) => i.type === 't3.small')).toBe(true);
    expect(diagnosis?.verdict).toBe('exhausted');
    expect(diagnosis?.measures.cpuNow).toBe(20);
  });
});
