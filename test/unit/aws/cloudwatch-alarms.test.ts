import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudWatchAlarms } from '../../../lib/aws/cloudwatch';

const cloudwatch = mockClient(CloudWatchClient);
const alarms = cloudWatchAlarms(new CloudWatchClient({ region: 'ap-northeast-2' }));

const cpuHigh: MetricAlarm = {
  AlarmName: 'edu-web-prod-cpu-high',
  AlarmArn: 'arn:aws:cloudwatch:ap-northeast-2:111111111111:alarm:edu-web-prod-cpu-high',
  ActionsEnabled: true,
  AlarmActions: ['arn:aws:sns:ap-northeast-2:111111111111:ops-alerts'],
  OKActions: [],
  InsufficientDataActions: [],
  StateValue: 'ALARM',
  StateReason:
    'Threshold Crossed: 3 out of the last 3 datapoints [10.02 (02/03/26 09:15:00), 10.01 (02/03/26 09:10:00), 10.0 (02/03/26 09:05:00)] were greater than or equal to the threshold (9.5) (minimum 3 datapoints for OK -> ALARM transition).',
  StateUpdatedTimestamp: new Date('2026-03-02T09:40:12.345Z'),
  StateTransitionedTimestamp: new Date('2026-03-02T09:20:12.345Z'),
  MetricName: 'CPUUtilization',
  Namespace: 'AWS/EC2',
  Statistic: 'Average',
  Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'edu-web-prod-asg' }],
  Period: 300,
  EvaluationPeriods: 3,
  DatapointsToAlarm: 3,
  Threshold: 9.5,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'missing',
};

const errorRate: MetricAlarm = {
  AlarmName: 'edu-web-prod-5xx-rate',
  StateValue: 'ALARM',
  StateReason: 'Threshold Crossed: 1 datapoint [7.3 (02/03/26 09:30:00)] was greater than the threshold (5.0).',
  StateUpdatedTimestamp: new Date('2026-03-02T09:31:00Z'),
  Metrics: [
    {
      Id: 'errors',
      MetricStat: {
        Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count' },
        Period: 60,
        Stat: 'Sum',
      },
      ReturnData: false,
    },
    {
      Id: 'requests',
      MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }, Period: 60, Stat: 'Sum' },
      ReturnData: false,
    },
    { Id: 'rate', Expression: '100 * errors / requests', Label: '5xx rate', ReturnData: true },
  ],
  EvaluationPeriods: 1,
  Threshold: 5,
  ComparisonOperator: 'GreaterThanThreshold',
};

beforeEach(() => {
  cloudwatch.reset();
});

describe('cloudWatchAlarms', () => {
  it('returns metric, math and composite alarms in ALARM, across pages', async () => {
    // Prepare
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [cpuHigh], CompositeAlarms: [], NextToken: 'eyJwYWdlIjoyfQ==' })
      .resolvesOnce({
        MetricAlarms: [errorRate],
        CompositeAlarms: [
          {
            AlarmName: 'edu-web-prod-unhealthy',
            AlarmRule: 'ALARM("edu-web-prod-cpu-high") AND ALARM("edu-web-prod-5xx-rate")',
            StateValue: 'ALARM',
            StateReason:
              'arn:aws:cloudwatch:ap-northeast-2:111111111111:alarm:edu-web-prod-cpu-high transitioned to ALARM at Monday 02 March, 2026 09:20:12 UTC',
            StateTransitionedTimestamp: new Date('2026-03-02T09:31:05Z'),
          },
        ],
      });
    // Act
    const firing = await alarms.firing('edu-web-');
    // Assess
    expect(firing).toEqual([
      {
        name: 'edu-web-prod-cpu-high',
        reason: cpuHigh.StateReason,
        since: new Date('2026-03-02T09:20:12.345Z'),
        metric: 'AWS/EC2 CPUUtilization',
      },
      {
        name: 'edu-web-prod-5xx-rate',
        reason: errorRate.StateReason,
        since: new Date('2026-03-02T09:31:00Z'),
        metric: 'metric math',
      },
      {
        name: 'edu-web-prod-unhealthy',
        reason: expect.stringContaining('transitioned to ALARM') as unknown,
        since: new Date('2026-03-02T09:31:05Z'),
      },
    ]);
    expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNamePrefix: 'edu-web-',
      StateValue: 'ALARM',
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
    expect(cloudwatch).toHaveReceivedNthCommandWith(2, DescribeAlarmsCommand, { NextToken: 'eyJwYWdlIjoyfQ==' });
  });

  it('returns nothing when no alarm fires', async () => {
    // Prepare
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
    // Act
    const firing = await alarms.firing('edu-web-');
    // Assess
    expect(firing).toEqual([]);
    expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 1);
  });
});
