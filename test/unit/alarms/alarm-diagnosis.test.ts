import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeInstanceCreditSpecificationsCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { alarmInsights } from '../../../lib/aws/alarm-diagnosis';

const cloudwatch = mockClient(CloudWatchClient);
const ec2 = mockClient(EC2Client);
const autoscaling = mockClient(AutoScalingClient);
const NOW = new Date('2026-03-02T09:17:30.000Z');
const region = 'ap-northeast-2';
const insights = alarmInsights(
  {
    cloudwatch: new CloudWatchClient({ region }),
    ec2: new EC2Client({ region }),
    autoscaling: new AutoScalingClient({ region }),
  },
  { now: () => NOW },
);
const at = (time: string): Date => new Date(`2026-03-02T${time}Z`);
const awsError = (name: string): Error => Object.assign(new Error(`${name} for test`), { name });

beforeEach(() => {
  cloudwatch.reset();
  ec2.reset();
  autoscaling.reset();
});

describe('alarmInsights.instancesFor', () => {
  it('an InstanceId: that instance, its type and its Auto Scaling group from the tag', async () => {
    // Prepare
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-0a1b2c3d4e5f60001',
              InstanceType: 't3.micro',
              Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'edu-web-prod-asg' }],
            },
          ],
        },
      ],
    });
    // Act
    const target = await insights.instancesFor({ InstanceId: 'i-0a1b2c3d4e5f60001' });
    // Assess
    expect(target).toEqual({
      instances: [{ id: 'i-0a1b2c3d4e5f60001', type: 't3.micro' }],
      groupName: 'edu-web-prod-asg',
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { InstanceIds: ['i-0a1b2c3d4e5f60001'] });
  });

  it.each(['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed'])(
    'an instance EC2 answers %s for: undefined',
    async (name) => {
      ec2.on(DescribeInstancesCommand).rejects(awsError(name));
      await expect(insights.instancesFor({ InstanceId: 'TestInstance' })).resolves.toBeUndefined();
    },
  );

  it('other EC2 failures propagate', async () => {
    ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(insights.instancesFor({ InstanceId: 'i-0a1b2c3d4e5f60001' })).rejects.toThrow('UnauthorizedOperation');
  });

  it('an AutoScalingGroupName: the group’s instances with their types', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'edu-web-prod-asg',
          MinSize: 2,
          MaxSize: 4,
          DesiredCapacity: 2,
          DefaultCooldown: 300,
          AvailabilityZones: ['ap-northeast-2a'],
          HealthCheckType: 'ELB',
          CreatedTime: at('00:00:00'),
          Instances: [
            {
              InstanceId: 'i-0a1b2c3d4e5f60001',
              InstanceType: 't3.micro',
              AvailabilityZone: 'ap-northeast-2a',
              LifecycleState: 'InService',
              HealthStatus: 'Healthy',
              ProtectedFromScaleIn: false,
            },
            {
              InstanceId: 'i-0a1b2c3d4e5f60002',
              InstanceType: 't3.micro',
              AvailabilityZone: 'ap-northeast-2a',
              LifecycleState: 'InService',
              HealthStatus: 'Unhealthy',
              ProtectedFromScaleIn: false,
            },
          ],
        },
      ],
    });
    // Act
    const target = await insights.instancesFor({ AutoScalingGroupName: 'edu-web-prod-asg' });
    // Assess
    expect(target).toEqual({
      groupName: 'edu-web-prod-asg',
      instances: [
        { id: 'i-0a1b2c3d4e5f60001', type: 't3.micro' },
        { id: 'i-0a1b2c3d4e5f60002', type: 't3.micro' },
      ],
    });
  });

  it('neither dimension: undefined, and no AWS call', async () => {
    await expect(insights.instancesFor({ LoadBalancer: 'app/edu-web/123' })).resolves.toBeUndefined();
    expect(ec2.calls()).toHaveLength(0);
    expect(autoscaling.calls()).toHaveLength(0);
  });
});

describe('alarmInsights.creditModes', () => {
  it('reads each instance’s mode, following NextToken', async () => {
    // Prepare
    ec2
      .on(DescribeInstanceCreditSpecificationsCommand)
      .resolvesOnce({
        InstanceCreditSpecifications: [{ InstanceId: 'i-0a1b2c3d4e5f60001', CpuCredits: 'standard' }],
        NextToken: 'page-2',
      })
      .resolvesOnce({ InstanceCreditSpecifications: [{ InstanceId: 'i-0a1b2c3d4e5f60002', CpuCredits: 'unlimited' }] });
    // Act
    const modes = await insights.creditModes(['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60001']);
    // Assess
    expect(modes).toEqual(
      new Map([
        ['i-0a1b2c3d4e5f60001', 'standard'],
        ['i-0a1b2c3d4e5f60002', 'unlimited'],
      ]),
    );
    expect(ec2).toHaveReceivedNthCommandWith(1, DescribeInstanceCreditSpecificationsCommand, {
      InstanceIds: ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002'],
    });
    expect(ec2).toHaveReceivedNthCommandWith(2, DescribeInstanceCreditSpecificationsCommand, { NextToken: 'page-2' });
  });
});

describe('alarmInsights.series', () => {
  it('asks once for five metrics per instance, ids starting with a lowercase letter, at 300 s', async () => {
    // Prepare
    cloudwatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'cpu0', Timestamps: [at('09:15:00'), at('09:10:00')], Values: [10.1, 9.9], StatusCode: 'PartialData' },
          { Id: 'bal0', Timestamps: [at('09:15:00')], Values: [0], StatusCode: 'Complete' },
          { Id: 'spc1', Timestamps: [at('09:15:00')], Values: [2.5], StatusCode: 'Complete' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [{ Id: 'cpu0', Timestamps: [at('09:05:00')], Values: [10.0], StatusCode: 'Complete' }],
      });
    // Act
    const series = await insights.series(['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002'], 6);
    // Assess
    const first = cloudwatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    const queries = first.MetricDataQueries ?? [];
    expect(queries.map((query) => query.Id)).toEqual([
      'cpu0',
      'bal0',
      'use0',
      'spb0',
      'spc0',
      'cpu1',
      'bal1',
      'use1',
      'spb1',
      'spc1',
    ]);
    expect(queries.every((query) => /^[a-z]\w*$/.test(query.Id ?? ''))).toBe(true);
    expect(
      queries
        .slice(0, 5)
        .map((query: MetricDataQuery) => [
          query.MetricStat?.Metric?.MetricName,
          query.MetricStat?.Stat,
          query.MetricStat?.Period,
        ]),
    ).toEqual([
      ['CPUUtilization', 'Average', 300],
      ['CPUCreditBalance', 'Minimum', 300],
      ['CPUCreditUsage', 'Sum', 300],
      ['CPUSurplusCreditBalance', 'Maximum', 300],
      ['CPUSurplusCreditsCharged', 'Sum', 300],
    ]);
    expect(queries[5]?.MetricStat?.Metric).toEqual({
      Namespace: 'AWS/EC2',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'InstanceId', Value: 'i-0a1b2c3d4e5f60002' }],
    });
    expect(first).toMatchObject({ StartTime: new Date('2026-03-02T03:17:30.000Z'), EndTime: NOW });
    expect(cloudwatch).toHaveReceivedNthCommandWith(2, GetMetricDataCommand, { NextToken: 'page-2' });
    expect(series.get('i-0a1b2c3d4e5f60001')?.cpu.map((point) => point.value)).toEqual([10.1, 9.9, 10.0]);
    expect(series.get('i-0a1b2c3d4e5f60001')?.creditBalance).toEqual([{ at: at('09:15:00'), value: 0 }]);
    expect(series.get('i-0a1b2c3d4e5f60002')?.surplusCharged).toEqual([{ at: at('09:15:00'), value: 2.5 }]);
  });
  it('splits more than 100 instances into calls of at most 500 queries', async () => {
    // Prepare
    const ids = Array.from({ length: 101 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    // Act
    const series = await insights.series(ids, 6);
    // Assess
    expect(
      cloudwatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input.MetricDataQueries?.length),
    ).toEqual([500, 5]);
    expect(series.size).toBe(101);
    expect(series.get(ids[100]!)).toEqual({
      cpu: [],
      creditBalance: [],
      creditUsage: [],
      surplusBalance: [],
      surplusCharged: [],
    });
  });
});

describe('alarmInsights.replacements', () => {
  it('keeps health terminations and their replacement launches within the window, newest first', async () => {
    // Prepare
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [
        {
          ActivityId: 'a1',
          AutoScalingGroupName: 'edu-web-prod-asg',
          StatusCode: 'Successful',
          StartTime: at('08:40:00'),
          Description: 'Launching a new EC2 instance: i-0a1b2c3d4e5f60009',
          Cause:
            'At 2026-03-02T08:39:58Z an instance was launched in response to an unhealthy instance needing to be replaced.',
        },
        {
          ActivityId: 'a2',
          AutoScalingGroupName: 'edu-web-prod-asg',
          StatusCode: 'Successful',
          StartTime: at('08:39:00'),
          Description: 'Terminating EC2 instance: i-0a1b2c3d4e5f60001',
          Cause:
            'At 2026-03-02T08:38:51Z an instance was taken out of service in response to an ELB system health check failure.',
        },
        {
          ActivityId: 'a3',
          AutoScalingGroupName: 'edu-web-prod-asg',
          StatusCode: 'Successful',
          StartTime: at('07:00:00'),
          Description: 'Launching a new EC2 instance: i-0a1b2c3d4e5f60008',
          Cause:
            'At 2026-03-02T06:59:58Z a user request update of AutoScalingGroup constraints to min: 2, max: 4, desired: 3 changing the desired capacity from 2 to 3.',
        },
        {
          ActivityId: 'a4',
          AutoScalingGroupName: 'edu-web-prod-asg',
          StatusCode: 'Successful',
          StartTime: at('01:00:00'),
          Description: 'Terminating EC2 instance: i-0a1b2c3d4e5f60000',
          Cause:
            'At 2026-03-02T00:59:00Z an instance was taken out of service in response to an EC2 instance status checks failure.',
        },
      ],
      NextToken: 'older',
    });
    // Act
    const found = await insights.replacements('edu-web-prod-asg', 6);
    // Assess
    expect(found).toEqual([
      {
        at: at('08:40:00'),
        description: 'Launching a new EC2 instance: i-0a1b2c3d4e5f60009 (an unhealthy instance needing to be replaced)',
      },
      {
        at: at('08:39:00'),
        description: 'Terminating EC2 instance: i-0a1b2c3d4e5f60001 (an ELB system health check failure)',
      },
    ]);
    // The page already reached past the 6-hour window, so older pages are not read.
    expect(autoscaling).toHaveReceivedCommandTimes(DescribeScalingActivitiesCommand, 1);
    expect(autoscaling).toHaveReceivedCommandWith(DescribeScalingActivitiesCommand, {
      AutoScalingGroupName: 'edu-web-prod-asg',
    });
  });
});
