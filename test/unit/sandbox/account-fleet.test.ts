import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  InvalidParameterCombinationException,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { DeploymentControl } from '../../../commands/deploy/ports';
import { cloudWatchAlarmRewriter } from '../../../lib/aws/alarm-rewrite';
import { codeDeployControl } from '../../../lib/aws/codedeploy-control';
import { codeDeployFleet } from '../../../lib/aws/deployment-group-fleet';
import { autoScalingGroupDirectory } from '../../../lib/aws/group-directory';
import { CodeDeployWorld } from '../../fakes/codedeploy-world';
import { REGION, waitFor, watchedAccount, type Watched } from './account-helpers';

const ORIGINAL = 'edu-web-prod-asg';
const ORIGINAL_INSTANCES = ['i-0aaa1111bbbb2222c', 'i-0ddd3333eeee4444f'];
const CPU_ALARM = 'edu-web-prod-cpu-high';
const STATUS_ALARM = 'codedeploy-edu-web-prod-status-checks';
const v42 = { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' };

let sim: Watched;
let control: DeploymentControl;
const codedeploy = new CodeDeployClient({ region: REGION });
const autoscaling = new AutoScalingClient({ region: REGION });
const cloudwatch = new CloudWatchClient({ region: REGION });
const ec2 = new EC2Client({ region: REGION });
const ssm = new SSMClient({ region: REGION });
const fleetOf = () => codeDeployFleet(codedeploy).fleet('edu-web', 'edu-web-prod');
const groupInfo = async () =>
  (
    await codedeploy.send(
      new GetDeploymentGroupCommand({ applicationName: 'edu-web', deploymentGroupName: 'edu-web-prod' }),
    )
  ).deploymentGroupInfo;
const existing = (names: string[]) => autoScalingGroupDirectory(autoscaling).existing(names);
const rewriter = () => cloudWatchAlarmRewriter(cloudwatch);
const statusOf = async (id: string) => (await control.get(id)).status;
const copyOf = (id: string) => `CodeDeploy_edu-web-prod_${id}`;

async function start(): Promise<string> {
  return control.start({
    application: 'edu-web',
    group: 'edu-web-prod',
    revision: v42,
    description: '/deploy web prod v42 requested by alice (U0ALICE) via blueshift',
  });
}

async function untilReady(id: string): Promise<void> {
  await waitFor(async () => (await statusOf(id)) === 'Ready', `${id} Ready`);
}

async function untilRerouted(id: string): Promise<void> {
  await untilReady(id);
  await control.continue(id, 'READY_WAIT');
  await waitFor(async () => (await control.get(id)).terminationWaitStarted, `${id} in its termination wait`);
}

/** A whole blue/green deployment of web prod: reroute, then terminate the blue fleet. */
async function deploy(): Promise<string> {
  const id = await start();
  await untilRerouted(id);
  await control.continue(id, 'TERMINATION_WAIT');
  await waitFor(async () => (await statusOf(id)) === 'Succeeded', `${id} Succeeded`);
  return id;
}

async function describeGroup(name: string) {
  const { AutoScalingGroups = [] } = await autoscaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  return AutoScalingGroups[0];
}

async function describeAlarm(name: string): Promise<MetricAlarm | undefined> {
  return (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
}

/** The group's average CPU over the last `hours`, oldest first. */
async function groupCpu(group: string, hours: number): Promise<number[]> {
  const end = new Date();
  const { MetricDataResults = [] } = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(end.getTime() - hours * 3_600_000),
      EndTime: end,
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        {
          Id: 'cpu',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/EC2',
              MetricName: 'CPUUtilization',
              Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
            },
            Period: 300,
            Stat: 'Average',
          },
        },
      ],
    }),
  );
  return MetricDataResults[0]?.Values ?? [];
}

const alarmEvents = () =>
  sim.events.filter((event) => event['detail-type'] === 'CloudWatch Alarm State Change') as {
    detail: {
      alarmName: string;
      state: { value: string };
      configuration: { metrics: { metricStat?: { metric: { dimensions: Record<string, string> } } }[] };
    };
  }[];

beforeEach(() => {
  sim = watchedAccount();
  control = codeDeployControl(codedeploy);
});
afterEach(() => sim.account.stop());

describe('a blue/green deployment that copies the Auto Scaling group', () => {
  it('provisions the green group as CodeDeploy_<deployment-group>_<deployment-id> while the deployment group still names the original', async () => {
    // Act
    const id = await start();
    await untilReady(id);
    const info = await groupInfo();
    const fleet = await fleetOf();
    const green = await describeGroup(copyOf(id));
    // Assess
    expect(info).toMatchObject({
      autoScalingGroups: [
        {
          name: ORIGINAL,
          hook: expect.stringMatching(
            /^CodeDeploy-managed-automatic-launch-deployment-hook-edu-web-prod-[0-9a-f-]{36}$/,
          ) as unknown,
        },
      ],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfiguration: {
        greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE' },
      },
      alarmConfiguration: {
        enabled: true,
        ignorePollAlarmFailure: false,
        alarms: [{ name: CPU_ALARM }, { name: STATUS_ALARM }],
      },
      lastSuccessfulDeployment: { deploymentId: 'd-PROD00041', status: 'Succeeded' },
    });
    // (Dates come from the simulation's realm: compared by value, not with expect.any(Date).)
    const attempt = info?.lastAttemptedDeployment;
    expect(attempt).toMatchObject({ deploymentId: id, status: 'Ready', endTime: undefined });
    expect(attempt?.createTime?.getTime()).toBe((await control.get(id)).createdAt?.getTime());
    expect(fleet).toEqual({
      serving: [ORIGINAL],
      green: { name: copyOf(id), deploymentId: id },
      replacedOnDeploy: true,
      stopOnAlarms: [CPU_ALARM, STATUS_ALARM],
      terminationWaitMinutes: 1,
    });
    expect(green).toMatchObject({
      MinSize: 2,
      MaxSize: 6,
      DesiredCapacity: 2,
      LaunchTemplate: { LaunchTemplateName: 'edu-web' },
    });
    expect(green?.Tags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Key: 'CodeDeployProvisioningDeploymentId', Value: id, ResourceId: copyOf(id) }),
        expect.objectContaining({ Key: 'app', Value: 'edu-web' }),
      ]),
    );
    expect(green?.SuspendedProcesses?.map((p) => p.ProcessName)).toContain('AddToLoadBalancer');
    expect(green?.Instances?.map((i) => i.InstanceType)).toEqual(['t3.micro', 't3.micro']);
    const greenIds = green?.Instances?.map((i) => i.InstanceId ?? '') ?? [];
    expect(
      sim.account
        .snapshot()
        .fleet.filter((i) => greenIds.includes(i.id))
        .map((i) => [i.group, i.credits < 2]),
    ).toEqual([
      [copyOf(id), true],
      [copyOf(id), true],
    ]);
    expect((await describeGroup(ORIGINAL))?.Instances?.map((i) => i.InstanceId)).toEqual(ORIGINAL_INSTANCES);
  });

  it('on success points the deployment group at the copy and deletes the original group with its instances', async () => {
    // Act
    const id = await deploy();
    const info = await groupInfo();
    // Assess
    expect(info?.autoScalingGroups?.map((g) => g.name)).toEqual([copyOf(id)]);
    expect(info?.lastSuccessfulDeployment).toMatchObject({ deploymentId: id, status: 'Succeeded' });
    expect(info?.lastSuccessfulDeployment?.endTime?.getTime()).toBeGreaterThan(0);
    expect(info?.lastAttemptedDeployment).toMatchObject({ deploymentId: id, status: 'Succeeded' });
    expect(await fleetOf()).toEqual({
      serving: [copyOf(id)],
      replacedOnDeploy: true,
      stopOnAlarms: [CPU_ALARM, STATUS_ALARM],
      terminationWaitMinutes: 1,
    });
    expect(await existing([ORIGINAL, copyOf(id), 'edu-web-staging-asg'])).toEqual(
      new Set([copyOf(id), 'edu-web-staging-asg']),
    );
    expect(
      (await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [ORIGINAL] })))
        .AutoScalingGroups,
    ).toEqual([]);
    const { Reservations = [] } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ORIGINAL_INSTANCES }));
    expect(Reservations.flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name)).toEqual([
      'terminated',
      'terminated',
    ]);
    const { AutoScalingInstances = [] } = await autoscaling.send(new DescribeAutoScalingInstancesCommand({}));
    expect(new Set(AutoScalingInstances.map((i) => i.AutoScalingGroupName))).toEqual(
      new Set([copyOf(id), 'edu-web-staging-asg']),
    );
    const { InstanceInformationList = [] } = await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(InstanceInformationList.map((i) => i.InstanceId)).not.toEqual(
      expect.arrayContaining([ORIGINAL_INSTANCES[0]]),
    );
    const activities = (input: { AutoScalingGroupName: string; IncludeDeletedGroups?: boolean }) =>
      autoscaling.send(new DescribeScalingActivitiesCommand(input)).then((page) => page.Activities ?? []);
    expect(await activities({ AutoScalingGroupName: ORIGINAL })).toEqual([]);
    expect((await activities({ AutoScalingGroupName: ORIGINAL, IncludeDeletedGroups: true })).length).toBeGreaterThan(
      0,
    );
    expect((await activities({ AutoScalingGroupName: copyOf(id) })).map((a) => a.Description)).toEqual([
      expect.stringMatching(/^Launching a new EC2 instance: i-0/),
      expect.stringMatching(/^Launching a new EC2 instance: i-0/),
    ]);
  });

  it('copies the copy on the next deployment, and deletes the first copy', async () => {
    // Act
    const first = await deploy();
    const second = await deploy();
    // Assess
    expect((await fleetOf()).serving).toEqual([copyOf(second)]);
    expect(await existing([ORIGINAL, copyOf(first), copyOf(second)])).toEqual(new Set([copyOf(second)]));
  });

  it('deletes the green group when stopped before the reroute; the original keeps serving', async () => {
    // Prepare
    const id = await start();
    await untilReady(id);
    const greenIds = (await describeGroup(copyOf(id)))?.Instances?.map((i) => i.InstanceId ?? '') ?? [];
    // Act
    await control.stop(id, true);
    await waitFor(async () => (await statusOf(id)) === 'Stopped', 'Stopped');
    // Assess
    expect(await existing([ORIGINAL, copyOf(id)])).toEqual(new Set([ORIGINAL]));
    expect((await fleetOf()).serving).toEqual([ORIGINAL]);
    const { Reservations = [] } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: greenIds }));
    expect(Reservations.flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name)).toEqual([
      'terminated',
      'terminated',
    ]);
    expect((await describeGroup(ORIGINAL))?.Instances?.map((i) => i.InstanceId)).toEqual(ORIGINAL_INSTANCES);
  });

  it('deletes the green group when the deployment fails in AfterInstall', async () => {
    // Prepare
    sim.account.scenarios.failNextDeployment();
    // Act
    const id = await start();
    await waitFor(async () => (await statusOf(id)) === 'Failed', 'Failed');
    // Assess
    expect(await existing([ORIGINAL, copyOf(id)])).toEqual(new Set([ORIGINAL]));
    expect((await fleetOf()).serving).toEqual([ORIGINAL]);
  });

  it('deletes the green group when stopped with rollback after the reroute; traffic and the deployment group stay on the original', async () => {
    // Prepare
    const id = await start();
    await untilRerouted(id);
    // Act
    await control.stop(id, true);
    await waitFor(async () => (await statusOf(id)) === 'Stopped', 'Stopped');
    // Assess
    expect(await existing([ORIGINAL, copyOf(id)])).toEqual(new Set([ORIGINAL]));
    expect((await groupInfo())?.autoScalingGroups?.map((g) => g.name)).toEqual([ORIGINAL]);
  });

  it('is stopped by CodeDeploy when an alarm of its stop-on-alarm list is in ALARM', async () => {
    // Prepare
    await sim.account.scenarios.creditExhaustion();
    // Act
    const id = await start();
    await waitFor(async () => (await statusOf(id)) === 'Stopped', 'Stopped');
    // Assess
    const detail = await control.get(id);
    expect(detail.error).toEqual({
      code: 'ALARM_ACTIVE',
      message: `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: ${CPU_ALARM}`,
    });
    expect(await existing([ORIGINAL, copyOf(id)])).toEqual(new Set([ORIGINAL]));
  });
});

describe('alarms on a replaced group', () => {
  it('cannot fire: the credit incident on the live group raises nothing and says why, and the old group gets no datapoints', async () => {
    // Prepare
    const id = await deploy();
    // Act
    const run = await sim.account.scenarios.creditExhaustion();
    // Assess
    expect(run).toMatchObject({ group: copyOf(id), alarms: [] });
    expect(run.note).toContain(`No CloudWatch alarm watches ${copyOf(id)}`);
    expect(run.note).toContain(`${CPU_ALARM} (on ${ORIGINAL})`);
    expect(run.note).toContain(`${STATUS_ALARM} (on ${ORIGINAL})`);
    expect(alarmEvents()).toEqual([]);
    expect((await describeAlarm(CPU_ALARM))?.StateValue).toBe('OK');
    expect(await groupCpu(ORIGINAL, 1)).toEqual([]);
    expect((await groupCpu(ORIGINAL, 24)).length).toBeGreaterThan(200); // its history stays
    expect((await groupCpu(copyOf(id), 1)).at(-1)).toBe(10);
    expect(sim.account.snapshot().alarms.find((a) => a.name === CPU_ALARM)?.watches).toEqual([`${ORIGINAL} (gone)`]);
  });

  it('fires again once PutMetricAlarm moved it to the live group: the move is evaluated on the new metric', async () => {
    // Prepare
    const id = await deploy();
    await sim.account.scenarios.creditExhaustion();
    const before = await describeAlarm(CPU_ALARM);
    const found = await rewriter().watching('edu-web-', [STATUS_ALARM]);
    // Act
    const moved = await rewriter().move(CPU_ALARM, ORIGINAL, copyOf(id));
    const again = await rewriter().move(CPU_ALARM, ORIGINAL, copyOf(id));
    await waitFor(() => alarmEvents().length > 0, 'the alarm state change');
    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        { name: CPU_ALARM, kind: 'metric', groups: [ORIGINAL] },
        { name: STATUS_ALARM, kind: 'metric', groups: [ORIGINAL] },
      ]),
    );
    expect([moved, again]).toEqual(['moved', 'already-moved']);
    const after = await describeAlarm(CPU_ALARM);
    const changing = new Set([
      'AlarmConfigurationUpdatedTimestamp',
      'StateValue',
      'StateReason',
      'StateReasonData',
      'StateUpdatedTimestamp',
      'StateTransitionedTimestamp',
      'Dimensions',
    ]);
    const settings = (alarm: MetricAlarm) =>
      Object.fromEntries(Object.entries(alarm).filter(([field]) => !changing.has(field)));
    expect(settings(after ?? {})).toEqual(settings(before ?? {}));
    expect(after?.Dimensions).toEqual([{ Name: 'AutoScalingGroupName', Value: copyOf(id) }]);
    const { Tags } = await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: after?.AlarmArn }));
    expect(Tags).toEqual([{ Key: 'team', Value: 'edu-web' }]);
    const [event] = alarmEvents();
    expect(event?.detail).toMatchObject({ alarmName: CPU_ALARM, state: { value: 'ALARM' } });
    expect(event?.detail.configuration.metrics[0]?.metricStat?.metric.dimensions).toEqual({
      AutoScalingGroupName: copyOf(id),
    });
  });

  it('fires in the next credit incident when it was moved before', async () => {
    // Prepare
    const id = await deploy();
    await rewriter().move(CPU_ALARM, ORIGINAL, copyOf(id));
    // Act
    const run = await sim.account.scenarios.creditExhaustion();
    // Assess
    expect(run).toEqual({ group: copyOf(id), alarms: [CPU_ALARM] });
    expect(alarmEvents().map((e) => [e.detail.alarmName, e.detail.state.value])).toEqual([[CPU_ALARM, 'ALARM']]);
  });
});

describe('the simulated CloudWatch alarm API', () => {
  it('answers DescribeAlarms by names, refuses names with a prefix, and pages with MaxRecords', async () => {
    // Act
    const byName = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [STATUS_ALARM, 'no-such-alarm'] }));
    const both = await cloudwatch
      .send(new DescribeAlarmsCommand({ AlarmNames: [CPU_ALARM], AlarmNamePrefix: 'edu-' }))
      .catch((err: unknown) => err);
    const names: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 1, NextToken }));
      names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName ?? ''));
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken);
    // Assess
    expect(byName.MetricAlarms?.map((a) => a.AlarmName)).toEqual([STATUS_ALARM]);
    expect(both).toBeInstanceOf(InvalidParameterCombinationException);
    expect(names).toEqual(['edu-web-prod-cpu-high', 'edu-web-staging-cpu-high', 'edu-web-prod-5xx', STATUS_ALARM]);
    expect(pages).toBe(4);
  });

  it('replaces the whole configuration on PutMetricAlarm: what the input leaves out is gone, the state and tags stay', async () => {
    // Act
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: CPU_ALARM,
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Statistic: 'Maximum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 50,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: ORIGINAL }],
        Tags: [{ Key: 'ignored', Value: 'on update' }],
      }),
    );
    const alarm = await describeAlarm(CPU_ALARM);
    const { Tags } = await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarm?.AlarmArn }));
    // Assess
    expect(alarm).toMatchObject({
      Statistic: 'Maximum',
      Threshold: 50,
      EvaluationPeriods: 1,
      ActionsEnabled: true,
      AlarmActions: [],
      OKActions: [],
      StateValue: 'OK',
    });
    expect(alarm?.AlarmDescription).toBeUndefined();
    expect(alarm?.DatapointsToAlarm).toBeUndefined();
    expect(alarm?.Unit).toBeUndefined();
    expect(Tags).toEqual([{ Key: 'team', Value: 'edu-web' }]);
  });

  it('creates an alarm INSUFFICIENT_DATA with its tags, and evaluates it a step later', async () => {
    // Act
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'edu-web-prod-credits-low',
        Namespace: 'AWS/EC2',
        MetricName: 'CPUCreditBalance',
        Statistic: 'Minimum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 20,
        ComparisonOperator: 'LessThanThreshold',
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: ORIGINAL }],
        Tags: [{ Key: 'team', Value: 'edu-web' }],
      }),
    );
    const created = await describeAlarm('edu-web-prod-credits-low');
    await waitFor(() => alarmEvents().length > 0, 'the first evaluation');
    // Assess
    expect(created).toMatchObject({
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
    });
    expect((await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: created?.AlarmArn }))).Tags).toEqual([
      { Key: 'team', Value: 'edu-web' },
    ]);
    expect(alarmEvents()[0]?.detail).toMatchObject({ alarmName: 'edu-web-prod-credits-low', state: { value: 'OK' } });
  });
});

describe('a deployment driven by hand', () => {
  it('moves the deployment group to the copy when it succeeds', async () => {
    // Prepare
    sim.account.stop();
    const world = new CodeDeployWorld();
    try {
      const id = await codeDeployControl(codedeploy).start({
        application: 'edu-web',
        group: 'edu-web-prod',
        revision: { bucket: 'edu-artifacts', key: 'web/v41.zip', bundleType: 'zip' },
        description: 'by hand',
      });
      const during = await groupInfo();
      // Act
      for (const step of ['start', 'installed', 'rerouting', 'termination-wait', 'succeeded'] as const)
        world.advance(id, step);
      const after = await groupInfo();
      // Assess
      expect(during?.autoScalingGroups?.map((g) => g.name)).toEqual([ORIGINAL]);
      expect(during?.lastAttemptedDeployment).toMatchObject({ deploymentId: id, status: 'Created' });
      expect(after?.autoScalingGroups?.map((g) => g.name)).toEqual([copyOf(id)]);
    } finally {
      world.mock.restore();
    }
  });
});
