import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudWatchAlarmRewriter, movedAlarmInput, watchedGroups } from '../../../lib/aws/alarm-rewrite';
import { alarmSettings } from '../../fakes/metric-alarms';

const OLD = 'edu-web-prod-asg';
const LIVE = 'CodeDeploy_edu-web-prod_d-7K2M9QX4B';
const cloudwatch = mockClient(CloudWatchClient);
const rewriter = cloudWatchAlarmRewriter(new CloudWatchClient({ region: 'ap-northeast-2' }));

// Every field DescribeAlarms returns for a metric alarm, state included, with the values CloudWatch would give.
const cpuAlarm = (group = OLD): MetricAlarm & { AlarmName: string } => ({
  AlarmName: 'edu-web-prod-cpu-high',
  AlarmArn: 'arn:aws:cloudwatch:ap-northeast-2:111111111111:alarm:edu-web-prod-cpu-high',
  AlarmDescription: 'CPU above 80 % for 10 minutes',
  AlarmConfigurationUpdatedTimestamp: new Date('2026-11-02T01:00:00Z'),
  ActionsEnabled: true,
  OKActions: ['arn:aws:sns:ap-northeast-2:111111111111:ops'],
  AlarmActions: [
    'arn:aws:sns:ap-northeast-2:111111111111:ops',
    'arn:aws:autoscaling:ap-northeast-2:111111111111:scalingPolicy:1:autoScalingGroupName/edu-web-prod-asg:policyName/out',
  ],
  InsufficientDataActions: [],
  StateValue: 'INSUFFICIENT_DATA',
  StateReason: 'Insufficient Data: 2 datapoints were unknown.',
  StateReasonData: '{"version":"1.0"}',
  StateUpdatedTimestamp: new Date('2026-12-01T00:00:00Z'),
  StateTransitionedTimestamp: new Date('2026-12-01T00:00:00Z'),
  MetricName: 'CPUUtilization',
  Namespace: 'AWS/EC2',
  Statistic: 'Average',
  Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
  Period: 300,
  Unit: 'Percent',
  EvaluationPeriods: 2,
  DatapointsToAlarm: 2,
  Threshold: 80,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'missing',
  EvaluationState: 'PARTIAL_DATA',
});

const mathAlarm = (group = OLD): MetricAlarm & { AlarmName: string } => ({
  AlarmName: 'edu-web-prod-5xx-rate',
  ActionsEnabled: true,
  AlarmActions: ['arn:aws:sns:ap-northeast-2:111111111111:ops'],
  StateValue: 'OK',
  EvaluationPeriods: 3,
  Threshold: 5,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
  Metrics: [
    { Id: 'rate', Expression: '100 * errors / requests', Label: '5xx %', ReturnData: true },
    {
      Id: 'errors',
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'Custom/Web',
          MetricName: 'Http5xx',
          Dimensions: [
            { Name: 'AutoScalingGroupName', Value: group },
            { Name: 'Service', Value: 'web' },
          ],
        },
        Period: 60,
        Stat: 'Sum',
      },
    },
    {
      Id: 'requests',
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'Custom/Web',
          MetricName: 'Requests',
          Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
        },
        Period: 60,
        Stat: 'Sum',
      },
    },
  ],
});

beforeEach(() => {
  cloudwatch.reset();
});

describe('movedAlarmInput', () => {
  it('copies every setting exactly and changes only the group dimension', () => {
    // Act
    const input = movedAlarmInput(cpuAlarm(), OLD, LIVE);
    // Assess: the same as the alarm on the live group, minus what DescribeAlarms reports as state.
    expect(input).toEqual(alarmSettings(cpuAlarm(LIVE)));
    // The scaling policy action names the old group too, but it is an action, not the metric: left as it was.
    expect(input.AlarmActions).toEqual(cpuAlarm().AlarmActions);
  });

  it('rewrites every math query that names the group and nothing else in it', () => {
    // Act
    const input = movedAlarmInput(mathAlarm(), OLD, LIVE);
    // Assess
    expect(input).toEqual(alarmSettings(mathAlarm(LIVE)));
  });

  it('reads the groups of single-metric and math alarms alike', () => {
    expect(watchedGroups(cpuAlarm())).toEqual([OLD]);
    expect(watchedGroups(mathAlarm())).toEqual([OLD]);
  });
});

describe('cloudWatchAlarmRewriter', () => {
  it('lists alarms by prefix and by name once each, with the groups they watch', async () => {
    // Prepare
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNamePrefix: 'edu-web-prod-' }).resolves({ MetricAlarms: [cpuAlarm()] });
    cloudwatch
      .on(DescribeAlarmsCommand, { AlarmNames: ['codedeploy-stop'] })
      .resolves({ MetricAlarms: [{ ...mathAlarm(), AlarmName: 'codedeploy-stop' }] });
    // Act
    const alarms = await rewriter.watching('edu-web-prod-', ['edu-web-prod-cpu-high', 'codedeploy-stop']);
    // Assess
    expect(alarms).toEqual([
      { name: 'edu-web-prod-cpu-high', kind: 'metric', groups: [OLD] },
      { name: 'codedeploy-stop', kind: 'math', groups: [OLD] },
    ]);
    expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 2);
  });

  it('moves an alarm with PutMetricAlarm, re-reading it first', async () => {
    // Prepare
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [cpuAlarm()] });
    cloudwatch.on(PutMetricAlarmCommand).resolves({});
    // Act
    const result = await rewriter.move('edu-web-prod-cpu-high', OLD, LIVE);
    // Assess
    expect(result).toBe('moved');
    // Exactly, not just containing: no field added, none dropped.
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand).map((call) => call.args[0].input)).toEqual([
      alarmSettings(cpuAlarm(LIVE)),
    ]);
  });

  it('does not write again when the alarm already watches the live group (a redelivered move)', async () => {
    // Prepare
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [cpuAlarm(LIVE)] });
    // Act
    const result = await rewriter.move('edu-web-prod-cpu-high', OLD, LIVE);
    // Assess
    expect(result).toBe('already-moved');
    expect(cloudwatch).not.toHaveReceivedCommand(PutMetricAlarmCommand);
  });

  it('says an alarm deleted in the meantime is gone', async () => {
    // Prepare
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    // Act & Assess
    await expect(rewriter.move('edu-web-prod-cpu-high', OLD, LIVE)).resolves.toBe('gone');
    expect(cloudwatch).not.toHaveReceivedCommand(PutMetricAlarmCommand);
  });
});
