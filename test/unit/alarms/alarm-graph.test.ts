import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { parseAlarmEvent, type AlarmNotification } from '../../../commands/alarms/notification';
import { alarmInsights } from '../../../lib/aws/alarm-diagnosis';
import { payload } from './payloads';

const cloudwatch = mockClient(CloudWatchClient);
// The graph is drawn in the alarm's region, whatever region the client was built for.
const region = 'eu-central-1';
const insights = alarmInsights({
  cloudwatch: new CloudWatchClient({ region }),
  ec2: new EC2Client({ region }),
  autoscaling: new AutoScalingClient({ region }),
});
const notificationFrom = (file: string): AlarmNotification => parseAlarmEvent(payload(file))[0]!;

beforeEach(() => {
  cloudwatch.reset();
});

describe('alarmInsights.graph', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const widgetSent = (): Record<string, unknown> =>
    JSON.parse(cloudwatch.commandCalls(GetMetricWidgetImageCommand)[0]!.args[0].input.MetricWidget ?? '{}') as Record<
      string,
      unknown
    >;

  it('plots the alarm’s metric for 3 hours with the threshold line, in the alarm’s region, 800×400', async () => {
    // Prepare
    cloudwatch.on(GetMetricWidgetImageCommand).resolves({ MetricWidgetImage: png });
    const notification = notificationFrom('sns-http__cw-alarm__ec2-cpu-instanceid-alarm__cloudforet.json');
    // Act
    const image = await insights.graph(notification);
    // Assess
    expect(image).toEqual(png);
    expect(cloudwatch).toHaveReceivedCommandWith(GetMetricWidgetImageCommand, { OutputFormat: 'png' });
    expect(widgetSent()).toMatchObject({
      region: 'ap-northeast-2',
      start: '-PT3H',
      width: 800,
      height: 400,
      metrics: [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0f672ea50a80cda4b', { stat: 'Average', period: 300 }]],
      annotations: {
        horizontal: [{ value: 15, label: 'threshold > 15', color: '#d62728' }],
        vertical: [{ value: '2021-06-23T08:41:06.622Z', label: 'ALARM' }],
      },
    });
  });

  it('plots metric math as expressions and metrics, hiding what the alarm hides', async () => {
    cloudwatch.on(GetMetricWidgetImageCommand).resolves({ MetricWidgetImage: png });
    await insights.graph(notificationFrom('eventbridge__cw-alarm-state-change__metric-math__aws-docs.json'), 6);
    expect(widgetSent()).toMatchObject({
      region: 'us-east-1',
      start: '-PT6H',
      metrics: [
        [{ expression: 'SUM(METRICS())', id: 'e1', label: 'Total Network Traffic', visible: true }],
        [
          'AWS/EC2',
          'NetworkIn',
          'InstanceId',
          'i-12345678901234567',
          { id: 'm1', stat: 'Maximum', period: 300, visible: false },
        ],
        [
          'AWS/EC2',
          'NetworkOut',
          'InstanceId',
          'i-12345678901234567',
          { id: 'm2', stat: 'Maximum', period: 300, visible: false },
        ],
      ],
      annotations: { horizontal: [{ value: 10000 }] },
    });
  });

  it('draws no threshold line for an anomaly band (the band is the threshold)', async () => {
    cloudwatch.on(GetMetricWidgetImageCommand).resolves({ MetricWidgetImage: png });
    await insights.graph(notificationFrom('eventbridge__cw-alarm-state-change__anomaly-detection__aws-docs.json'));
    const widget = widgetSent();
    expect(widget.annotations).not.toHaveProperty('horizontal');
    expect(widget.metrics).toContainEqual([
      { expression: 'ANOMALY_DETECTION_BAND(m1, 0.8)', id: 'ad1', label: 'CPUUtilization (expected)', visible: true },
    ]);
  });

  it('has nothing to plot for a composite alarm', async () => {
    await expect(
      insights.graph(notificationFrom('sns-lambda__cw-alarm__composite-alarm__rheoceros.json')),
    ).resolves.toBeUndefined();
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricWidgetImageCommand, 0);
  });
});
