import type { ActionsBlock, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { parseAlarmEvent, type AlarmNotification } from '../../../commands/alarms/notification';
import { plainReason } from '../../../commands/alarms/plain-reason';
import { diagnoseThrottling, type Diagnosis, type Point } from '../../../commands/alarms/throttling';
import { alarmMessage, unroutableNote, type AlarmView } from '../../../lib/slack/blocks/alarm';
import { expectWithinSlackLimits } from '../slack/limits';
import { eventBridgeAlarm, payload } from './payloads';

const NOW = new Date('2026-03-02T09:15:00.000Z');
const one = (event: unknown): AlarmNotification => parseAlarmEvent(event)[0]!;
const fromFile = (file: string): AlarmNotification => one(payload(file));

/** The EventBridge CPU sample, moved to prod and crossing 80 three times out of three. */
function cpuHigh(): AlarmNotification {
  const event = eventBridgeAlarm('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', {
    name: 'edu-web-prod-cpu-high',
    account: '111111111111',
    region: 'ap-northeast-2',
  });
  const detail = event.detail as { state: Record<string, unknown> };
  detail.state = {
    ...detail.state,
    reason:
      'Threshold Crossed: 3 out of the last 3 datapoints [97.3 (02/03/26 09:10:00), 95.0 (02/03/26 09:05:00), 92.1 (02/03/26 09:00:00)] were greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).',
    reasonData: JSON.stringify({
      version: '1.0',
      statistic: 'Average',
      period: 300,
      recentDatapoints: [92.1, 95.0, 97.3],
      threshold: 80.0,
    }),
    timestamp: '2026-03-02T09:14:40.989+0000',
  };
  return one(event);
}

const points = (value: number, minutes: number): Point[] =>
  Array.from({ length: minutes / 5 }, (_, i) => ({ at: new Date(NOW.getTime() - i * 300_000), value }));
const exhausted: Diagnosis = {
  ...diagnoseThrottling({
    instanceType: 't3.micro',
    creditMode: 'standard',
    series: { cpu: points(10, 90), creditBalance: points(0, 90) },
    replacements: [],
    now: NOW,
  }),
  subject: 'i-0a1b2c3d4e5f60001',
};
const buttons: ActionsBlock = {
  type: 'actions',
  block_id: 'alarm-actions',
  elements: [{ type: 'button', action_id: 'alarm.ack', text: { type: 'plain_text', text: 'Acknowledge' } }],
};
const route = { channel: 'C0PRODOPS01', env: 'prod', app: 'web' };

const headerOf = (blocks: KnownBlock[]): string => (blocks[0] as HeaderBlock).text.text;
const allText = (blocks: KnownBlock[]): string => JSON.stringify(blocks);

describe('plainReason', () => {
  it.each([
    ['the spec example, 3 of 3', cpuHigh(), 'CPUUtilization has been above 80 for 3 of the last 3 periods (now 97.3)'],
    [
      'EventBridge single metric, 1 of 1',
      fromFile('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json'),
      'CPUUtilization was above 50 in the last period (now 99.5)',
    ],
    [
      'SNS ASG back to OK',
      fromFile('sns-http__cw-alarm__ec2-cpu-asg-dimension-ok__cloudforet.json'),
      'CPUUtilization was at or below 5.5 in the last period (now 5.47)',
    ],
    [
      '≥ in a custom namespace',
      fromFile('sns-lambda__cw-alarm__metric-alarm-custom-namespace__rheoceros.json'),
      'IExecutionFailureHook was at or above 1 in the last period (now 1)',
    ],
    [
      'an old reason without "out of the last"',
      fromFile('sns-lambda__cw-alarm__ok-transition-logmetrics__terraform-aws-notify-slack.json'),
      'DBMigrationRequired was at or above 1 (now 1)',
    ],
    [
      'metric math by its label',
      fromFile('eventbridge__cw-alarm-state-change__metric-math__aws-docs.json'),
      'Total Network Traffic was above 10000 in the last period (now 45628)',
    ],
    [
      'anomaly band crossed',
      fromFile('eventbridge__cw-alarm-state-change__anomaly-detection__aws-docs.json'),
      'CPUUtilization was outside the expected band (0.0206–0.301) in the last period (now 0)',
    ],
    [
      'anomaly band OK again',
      fromFile('sns-http__cw-alarm__anomaly-detection-metrics-array-ok__cloudforet.json'),
      'pod_cpu_utilization was back inside the expected band (0.413–0.47) in the last period (now 0.465)',
    ],
    [
      'composite child',
      fromFile('eventbridge__cw-alarm-state-change__composite-with-suppressor__aws-docs.json'),
      'SuppressionDemo.EventBridge.FirstChild went to ALARM',
    ],
    [
      'insufficient data',
      { ...cpuHigh(), reason: 'Insufficient Data: 5 datapoints were unknown.' },
      'No data for the last 5 periods',
    ],
    ['a reason it does not know', fromFile('lambda-alarm-action__metric-alarm__aws-lambda-java-libs.json'), 'test'],
  ])('%s', (_name, notification, expected) => {
    expect(plainReason(notification)).toBe(expected);
  });
});

describe('alarmMessage', () => {
  it('an ALARM: state, name, app → env, plain reason, threshold and value, diagnosis, graph, link, buttons', () => {
    // Act
    const message = alarmMessage({
      notification: cpuHigh(),
      route,
      diagnosis: exhausted,
      graph: { fileId: 'F0GRAPH0001' },
      actions: buttons,
      episode: { count: 3, firstAt: new Date('2026-03-02T08:30:00Z'), lastAt: new Date('2026-03-02T09:14:40Z') },
    });
    // Assess
    expectWithinSlackLimits(message);
    expect(headerOf(message.blocks)).toBe('🔴 ALARM: edu-web-prod-cpu-high');
    expect(message.text).toBe(
      '🔴 ALARM: edu-web-prod-cpu-high (web → prod): CPUUtilization has been above 80 for 3 of the last 3 periods (now 97.3)',
    );
    const summary = message.blocks[1] as SectionBlock;
    expect(summary.text?.text).toMatch(
      /^\*web → prod\*\nCPUUtilization has been above 80 for 3 of the last 3 periods \(now 97\.3\)/,
    );
    expect(summary.fields?.map((field) => field.text)).toEqual([
      '*Threshold*\n> 80 (Average over 5m)',
      '*Current value*\n97.3',
      '*Metric*\n`AWS/EC2 CPUUtilization`\nInstanceId=i-12345678901234567',
      expect.stringMatching(/^\*Changed\*\nOK → ALARM, <!date\^\d+\^/) as unknown,
    ]);
    expect(allText(message.blocks)).toContain('*CPU credits: throttled at baseline — credits exhausted*');
    expect(allText(message.blocks)).toContain('*What to do*');
    expect(message.blocks).toContainEqual(
      expect.objectContaining({ type: 'image', slack_file: { id: 'F0GRAPH0001' } }),
    );
    const footer = message.blocks.at(-2) as ContextBlock;
    expect(footer.elements).toHaveLength(2);
    expect(JSON.stringify(footer)).toContain(
      '<https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/edu-web-prod-cpu-high|Open in CloudWatch>',
    );
    expect(JSON.stringify(footer)).toMatch(/repeated 3 times, last seen <!date/);
    expect(message.blocks.at(-1)).toBe(buttons);
  });

  it('back to OK: a resolved line with how long it lasted, no diagnosis needed', () => {
    const notification = fromFile('sns-http__cw-alarm__ec2-cpu-asg-dimension-ok__cloudforet.json');
    const message = alarmMessage({
      notification,
      route,
      episode: {
        count: 1,
        firstAt: new Date('2021-06-18T06:46:00Z'),
        lastAt: new Date('2021-06-18T06:46:00Z'),
        resolvedAt: notification.changedAt,
        acknowledgedBy: 'U0ALICE',
      },
    });
    expectWithinSlackLimits(message);
    expect(headerOf(message.blocks)).toBe('✅ OK: ec2CPUUtilization');
    expect(allText(message.blocks)).toMatch(/✅ \*Resolved\* after 42m/);
    expect(allText(message.blocks)).toContain('acknowledged by <@U0ALICE>');
    expect(allText(message.blocks)).not.toContain('repeated');
  });

  it.each<[string, AlarmView, RegExp]>([
    [
      'insufficient data',
      { notification: { ...cpuHigh(), state: 'INSUFFICIENT_DATA' }, route },
      /^⚪ INSUFFICIENT_DATA: /,
    ],
    [
      'a composite alarm shows its rule',
      {
        notification: fromFile('sns-lambda__cw-alarm__composite-alarm__rheoceros.json'),
        route: { channel: 'C0PRODOPS01', env: 'prod' },
      },
      /\*Rule\*/,
    ],
    [
      'metric math names its expression',
      { notification: fromFile('eventbridge__cw-alarm-state-change__metric-math__aws-docs.json'), route },
      /\*Metric math\*\\nTotal Network Traffic/,
    ],
    [
      'an unroutable one says where it came from',
      {
        notification: fromFile('sns-lambda__cw-alarm__single-metric-networkout__aws-lambda-go.json'),
        route: { channel: 'C0AUDIT0001', unroutable: 'no environment' },
      },
      /account 123456789012 · REGION/,
    ],
    [
      'a snoozed one says until when',
      {
        notification: cpuHigh(),
        route,
        episode: { count: 1, firstAt: NOW, lastAt: NOW, snoozedUntil: new Date(NOW.getTime() + 3_600_000) },
      },
      /snoozed until <!date/,
    ],
    [
      'a graph by URL',
      { notification: cpuHigh(), route, graph: { url: 'https://example.com/graph.png' } },
      /"image_url":"https:\/\/example.com\/graph.png"/,
    ],
  ])('%s', (_name, view, pattern) => {
    const message = alarmMessage(view);
    expectWithinSlackLimits(message);
    expect(`${headerOf(message.blocks)}\n${allText(message.blocks)}`).toMatch(pattern);
  });

  it('stays within Slack’s limits with the longest names, reasons and facts CloudWatch allows', () => {
    const long = cpuHigh();
    const dimensions = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`Dimension${i}`, 'v'.repeat(255)]));
    const notification: AlarmNotification = {
      ...long,
      alarmName: 'a<&>'.repeat(64),
      description: 'd'.repeat(1024),
      reason: `Threshold Crossed: ${'x'.repeat(1000)}`,
      metric: { ...long.metric!, dimensions },
    };
    const diagnosis: Diagnosis = {
      ...exhausted,
      facts: Array.from({ length: 40 }, () => 'f'.repeat(200)),
      advice: Array.from({ length: 20 }, () => 'a'.repeat(300)),
    };
    const message = alarmMessage({
      notification,
      route,
      diagnosis,
      graph: { fileId: 'F1' },
      actions: buttons,
      episode: { count: 99, firstAt: NOW, lastAt: NOW, acknowledgedBy: 'U0ALICE', snoozedUntil: NOW },
    });
    expectWithinSlackLimits(message);
    expect(allText(message.blocks.slice(1))).not.toMatch(/a<&>/); // escaped in mrkdwn (the header is plain text)
    // Slack refuses block payloads far past ~13 k characters even within the per-block limits.
    expect(JSON.stringify(message.blocks).length).toBeLessThan(13_000);
  });
});

describe('unroutableNote', () => {
  it('tells the audit channel which alarm matched nothing, and why', () => {
    const note = unroutableNote(
      fromFile('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json'),
      'no environment is configured for account 123456789012 in us-east-1',
    );
    expectWithinSlackLimits(note);
    expect(headerOf(note.blocks)).toBe('⚠️ Unroutable alarm: ServerCpuTooHigh');
    expect(allText(note.blocks)).toContain(
      '*Why it is here:* no environment is configured for account 123456789012 in us-east-1',
    );
    expect(allText(note.blocks)).toContain('`123456789012`');
    expect(note.text).toMatch(/ServerCpuTooHigh.*no environment is configured/);
  });
});
