import {
  AlarmParseError,
  alarmConsoleUrl,
  parseAlarmEvent,
  type AlarmNotification,
} from '../../../commands/alarms/notification';
import { ALARM_PAYLOADS, payload } from './payloads';

const parseOne = (file: string): AlarmNotification => {
  const notifications = parseAlarmEvent(payload(file));
  expect(notifications).toHaveLength(1);
  return notifications[0]!;
};

describe('parseAlarmEvent on every real alarm payload', () => {
  it('knows all fourteen of them', () => {
    expect(ALARM_PAYLOADS).toHaveLength(14);
  });

  it.each(ALARM_PAYLOADS)('%s parses to a notification with a region code and a time', (file) => {
    const notification = parseOne(file);
    expect(notification.alarmName).not.toBe('');
    expect(['ALARM', 'OK', 'INSUFFICIENT_DATA']).toContain(notification.state);
    expect(Number.isNaN(notification.changedAt.getTime())).toBe(false);
    // Either a real region code or the ARN's own placeholder, never a display name such as "EU (London)".
    expect(notification.region).toMatch(/^([a-z]{2}(-[a-z]+)+-\d|REGION)$/);
  });
});

describe('parseAlarmEvent, field by field', () => {
  it('EventBridge single metric: metric, threshold and comparison from reasonData and the reason', () => {
    const n = parseOne('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json');
    expect(n).toMatchObject({
      alarmName: 'ServerCpuTooHigh',
      alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
      account: '123456789012',
      region: 'us-east-1',
      state: 'ALARM',
      previousState: 'OK',
      changedAt: new Date('2019-10-02T17:04:40.989Z'), // "+0000" read as UTC
      description: 'Goes into alarm when server CPU utilization is too high!',
      metric: {
        namespace: 'AWS/EC2',
        name: 'CPUUtilization',
        dimensions: { InstanceId: 'i-12345678901234567' },
        statistic: 'Average',
        period: 300,
        threshold: 50,
        comparison: 'GreaterThanThreshold',
      },
      threshold: 50,
      currentValue: 99.50160229693434,
    });
    expect(n.metrics).toBeUndefined();
  });

  it('EventBridge metric math: the query list, no single metric', () => {
    const n = parseOne('eventbridge__cw-alarm-state-change__metric-math__aws-docs.json');
    expect(n.metric).toBeUndefined();
    expect(n.metrics?.map((query) => query.id)).toEqual(['e1', 'm1', 'm2']);
    expect(n.metrics?.[0]).toEqual({
      id: 'e1',
      expression: 'SUM(METRICS())',
      label: 'Total Network Traffic',
      returnData: true,
    });
    expect(n.metrics?.[1]).toMatchObject({
      returnData: false,
      stat: 'Maximum',
      period: 300,
      metric: { namespace: 'AWS/EC2', name: 'NetworkIn' },
    });
    expect(n).toMatchObject({
      threshold: 10000,
      comparison: 'GreaterThanThreshold',
      currentValue: 45628,
      previousState: 'INSUFFICIENT_DATA',
    });
  });

  it('EventBridge anomaly detection: a band, so no threshold, and the band comparison', () => {
    const n = parseOne('eventbridge__cw-alarm-state-change__anomaly-detection__aws-docs.json');
    expect(n.threshold).toBeUndefined();
    expect(n.comparison).toBe('LessThanLowerOrGreaterThanUpperThreshold');
    expect(n.metrics?.[1]?.expression).toBe('ANOMALY_DETECTION_BAND(m1, 0.8)');
  });

  it('EventBridge composite: the rule and the child that triggered it, no metric', () => {
    const n = parseOne('eventbridge__cw-alarm-state-change__composite-with-suppressor__aws-docs.json');
    expect(n.composite).toEqual({
      rule: 'ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)',
      triggeredBy: ['ServerCpuTooHigh'],
    });
    expect(n.metric).toBeUndefined();
    expect(n.metrics).toBeUndefined();
    expect(n.currentValue).toBeUndefined();
  });

  it('SNS HTTP, InstanceId: region code from the ARN, not "Asia Pacific (Seoul)"; lowercase dimension keys read', () => {
    const n = parseOne('sns-http__cw-alarm__ec2-cpu-instanceid-alarm__cloudforet.json');
    expect(n).toMatchObject({
      alarmName: 'EC2-CPU',
      account: '257706363616',
      region: 'ap-northeast-2',
      state: 'ALARM',
      previousState: 'INSUFFICIENT_DATA',
      changedAt: new Date('2021-06-23T08:41:06.622Z'),
      metric: {
        namespace: 'AWS/EC2',
        name: 'CPUUtilization',
        dimensions: { InstanceId: 'i-0f672ea50a80cda4b' },
        statistic: 'Average',
        period: 300,
        threshold: 15,
      },
      currentValue: 17.2564528039004,
    });
    expect(n.description).toBeUndefined(); // AlarmDescription: null
    expect(n.metric?.unit).toBeUndefined(); // Unit: null
  });

  it('SNS HTTP, Auto Scaling group dimension, ALARM → OK', () => {
    const n = parseOne('sns-http__cw-alarm__ec2-cpu-asg-dimension-ok__cloudforet.json');
    expect(n).toMatchObject({
      state: 'OK',
      previousState: 'ALARM',
      region: 'ap-northeast-1',
      metric: { dimensions: { AutoScalingGroupName: 'eks-6ebcce7e-400b-8a69-f0e9-d9e14bb635d2' } },
    });
  });

  it('SNS HTTP, Trigger.Metrics: metric math with the threshold metric id', () => {
    const n = parseOne('sns-http__cw-alarm__anomaly-detection-metrics-array-ok__cloudforet.json');
    expect(n.thresholdMetricId).toBe('ad1');
    expect(n.metrics?.[0]).toMatchObject({
      id: 'm1',
      metric: {
        namespace: 'ContainerInsights',
        name: 'pod_cpu_utilization',
        dimensions: { ClusterName: 'cloudone-dev-v1-eks-cluster' },
      },
    });
  });

  it('SNS Lambda without AlarmArn: region from the display name "EU (London)"', () => {
    const n = parseOne('sns-lambda__cw-alarm__ok-transition-logmetrics__terraform-aws-notify-slack.json');
    expect(n).toMatchObject({
      alarmName: 'DBMigrationRequired',
      account: '735598076380',
      region: 'eu-west-2',
      state: 'OK',
      changedAt: new Date('2019-02-12T15:45:24.006Z'),
    });
    expect(n.alarmArn).toBeUndefined();
    expect(n.metric).toMatchObject({
      namespace: 'LogMetrics',
      dimensions: {},
      statistic: 'Sum',
      comparison: 'LessThanThreshold',
    });
  });

  it('SNS Lambda with Region "EXAMPLE": the region is the ARN’s, whatever it says', () => {
    const n = parseOne('sns-lambda__cw-alarm__single-metric-networkout__aws-lambda-go.json');
    expect(n).toMatchObject({
      region: 'REGION',
      account: '123456789012',
      metric: { name: 'NetworkOut', unit: 'Bytes', statistic: 'Average' },
    });
  });

  it('SNS Lambda, custom namespace: SUM → Sum, two dimensions, Unit "None" dropped', () => {
    const n = parseOne('sns-lambda__cw-alarm__metric-alarm-custom-namespace__rheoceros.json');
    expect(n.metric).toMatchObject({
      statistic: 'Sum',
      dimensions: { MetricGroupId: 'routing_table.receive.hook', RouteID: 'metric_emitting_node' },
      comparison: 'GreaterThanOrEqualToThreshold',
    });
    expect(n.metric?.unit).toBeUndefined();
  });

  it('SNS Lambda composite: AlarmRule and TriggeringChildren', () => {
    const n = parseOne('sns-lambda__cw-alarm__composite-alarm__rheoceros.json');
    expect(n.composite?.triggeredBy).toEqual(['if-sim-app_427809481713_us-east-1-metric_emitting_node_failure']);
    expect(n.composite?.rule).toMatch(/^ALARM\(arn:aws:cloudwatch/);
    expect(n.description).toBeUndefined(); // AlarmDescription: ""
  });

  it('the direct Lambda alarm action', () => {
    const n = parseOne('lambda-alarm-action__metric-alarm__aws-lambda-java-libs.json');
    expect(n).toMatchObject({
      account: '444455556666',
      region: 'us-east-1',
      reason: 'test',
      metric: { namespace: 'AWS/Logs', name: 'CallCount', statistic: 'Average', period: 60 },
    });
  });
});

describe('parseAlarmEvent on things that are not alarm notifications', () => {
  it.each([
    ['a scheduled event', { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, /detail-type/],
    [
      'an SNS subscription confirmation',
      { Type: 'SubscriptionConfirmation', Message: 'You have chosen to subscribe…' },
      /SubscriptionConfirmation/,
    ],
    ['an SNS message that is not JSON', { Type: 'Notification', Message: 'hello' }, /not JSON/],
    [
      'an alarm message without a state',
      {
        Type: 'Notification',
        Message: JSON.stringify({
          AlarmName: 'x',
          AWSAccountId: '111111111111',
          StateChangeTime: '2026-01-01T00:00:00.000+0000',
        }),
      },
      /NewStateValue missing/,
    ],
    ['an empty SNS event', { Records: [] }, /Records is empty/],
    ['a string', 'ALARM', /not a JSON object/],
  ])('%s → AlarmParseError saying what is wrong', (_name, event, message) => {
    expect(() => parseAlarmEvent(event)).toThrow(AlarmParseError);
    expect(() => parseAlarmEvent(event)).toThrow(message);
  });
});

describe('alarmConsoleUrl', () => {
  it('links to the alarm in its own region, the name encoded', () => {
    expect(alarmConsoleUrl({ region: 'us-east-1', alarmName: 'EC2 CPU Utilization Anomaly' })).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/EC2%20CPU%20Utilization%20Anomaly',
    );
  });
});

describe('alarmConsoleUrl', () => {
  it('links an alarm whose name holds a lone UTF-16 surrogate instead of throwing URIError', () => {
    // Act
    const url = alarmConsoleUrl({ region: 'us-east-1', alarmName: 'cpu \ud800 high' });
    // Assess
    expect(url).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/cpu%20%EF%BF%BD%20high',
    );
  });
});
