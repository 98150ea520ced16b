import { fromAlarmAction, fromEventBridge } from './eventbridge-alarm';
import { AlarmParseError } from './parse-support';
import type { AlarmNotification } from './alarm-notification';
import { fromSnsMessage } from './sns-alarm';

export { AlarmParseError } from './parse-support';

export type { AlarmMetric, AlarmNotification, AlarmState, MetricIdentity, MetricQuery } from './alarm-notification';

type Loose = Record<string, unknown>;
const isRecord = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function snsEnvelopeMessage(envelope: Loose, form: string): AlarmNotification {
  if (envelope.Type !== undefined && envelope.Type !== 'Notification') {
    throw new AlarmParseError(form, [`Type is ${JSON.stringify(envelope.Type)}, not Notification`]);
  }
  if (typeof envelope.Message !== 'string') throw new AlarmParseError(form, ['Message missing']);
  let message: unknown;
  try {
    message = JSON.parse(envelope.Message);
  } catch {
    throw new AlarmParseError(form, ['Message is not JSON']);
  }
  return fromSnsMessage(message, form);
}

/**
 * What an alarm can be: CloudWatch allows names of 1-255 characters, and accounts and regions are short words
 * (a test message's placeholders, `EXAMPLE` and `REGION`, included: they are routed to the audit channel). Anything
 * else is no alarm, whatever published it (an SNS topic takes any text), and is unreadable, not a state key.
 */
function asCloudWatchSays(notification: AlarmNotification, form: string): AlarmNotification {
  const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text);
  const problems = [
    ...(notification.alarmName.length >= 1 && notification.alarmName.length <= 255
      ? []
      : [`AlarmName is ${notification.alarmName.length} characters, not 1-255`]),
    ...(/^[\w-]{1,64}$/.test(notification.account)
      ? []
      : [`account ${shown(notification.account)} is no AWS account ID`]),
    ...(/^[\w-]{1,64}$/.test(notification.region) ? [] : [`region ${shown(notification.region)} is no AWS region`]),
  ];
  if (problems.length) throw new AlarmParseError(form, problems);
  return notification;
}

/** Every alarm notification in a Lambda event or an SNS HTTP body; throws AlarmParseError for anything else. */
export function parseAlarmEvent(event: unknown): AlarmNotification[] {
  if (!isRecord(event)) throw new AlarmParseError('unknown', ['not a JSON object']);
  if ('detail-type' in event) return [asCloudWatchSays(fromEventBridge(event), 'EventBridge event')];
  if ('alarmData' in event) return [asCloudWatchSays(fromAlarmAction(event), 'alarm Lambda action')];
  if (Array.isArray(event.Records)) {
    if (!event.Records.length) throw new AlarmParseError('SNS Lambda event', ['Records is empty']);
    return event.Records.map((record: unknown, i) => {
      const sns = isRecord(record) ? record.Sns : undefined;
      if (!isRecord(sns)) throw new AlarmParseError('SNS Lambda event', [`Records.${i}.Sns missing`]);
      return asCloudWatchSays(snsEnvelopeMessage(sns, 'SNS Lambda event'), 'SNS Lambda event');
    });
  }
  if ('Message' in event || 'Type' in event)
    return [asCloudWatchSays(snsEnvelopeMessage(event, 'SNS HTTP notification'), 'SNS HTTP notification')];
  if ('AlarmName' in event) return [asCloudWatchSays(fromSnsMessage(event, 'SNS alarm message'), 'SNS alarm message')];
  throw new AlarmParseError('unknown', [
    'none of detail-type (EventBridge), Records (SNS Lambda), Message (SNS HTTP), alarmData (alarm action)',
  ]);
}

/** encodeURIComponent throws URIError on a lone UTF-16 surrogate; an event (or a forger) can carry one. */
const encoded = (text: string): string => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));

/** The alarm's page in the CloudWatch console, in the alarm's own region. */
export function alarmConsoleUrl(notification: Pick<AlarmNotification, 'region' | 'alarmName'>): string {
  const region = encoded(notification.region);
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encoded(notification.alarmName)}`;
}

/** Every dimension set the alarm watches: its metric's, or each metric-math query's. */
export function alarmDimensions(notification: Pick<AlarmNotification, 'metric' | 'metrics'>): Record<string, string>[] {
  if (notification.metric) return [notification.metric.dimensions];
  return (notification.metrics ?? []).flatMap((query) => (query.metric ? [query.metric.dimensions] : []));
}
