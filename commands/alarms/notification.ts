import { fromAlarmAction, fromEventBridge } from './eventbridge-alarm';
import { AlarmParseError } from './parse-support';
import type { AlarmNotification } from './alarm-notification';
import { fromSnsMessage } from './sns-alarm';

export { AlarmParseError } from './parse-support';

export type { AlarmMetric, AlarmNotification, AlarmState, MetricIdentity, MetricQuery } from './alarm-notification';

type Loose = Record<string, unknown>;
const isRecord = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);

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

/** Every alarm notification in a Lambda event or an SNS HTTP body; throws AlarmParseError for anything else. */
export function parseAlarmEvent(event: unknown): AlarmNotification[] {
  if (!isRecord(event)) throw new AlarmParseError('unknown', ['not a JSON object']);
  if ('detail-type' in event) return [fromEventBridge(event)];
  if ('alarmData' in event) return [fromAlarmAction(event)];
  if (Array.isArray(event.Records)) {
    if (!event.Records.length) throw new AlarmParseError('SNS Lambda event', ['Records is empty']);
    return event.Records.map((record: unknown, i) => {
      const sns = isRecord(record) ? record.Sns : undefined;
      if (!isRecord(sns)) throw new AlarmParseError('SNS Lambda event', [`Records.${i}.Sns missing`]);
      return snsEnvelopeMessage(sns, 'SNS Lambda event');
    });
  }
  if ('Message' in event || 'Type' in event) return [snsEnvelopeMessage(event, 'SNS HTTP notification')];
  if ('AlarmName' in event) return [fromSnsMessage(event, 'SNS alarm message')];
  throw new AlarmParseError('unknown', ['none of detail-type (EventBridge), Records (SNS Lambda), Message (SNS HTTP), alarmData (alarm action)']);
}

/** The alarm's page in the CloudWatch console, in the alarm's own region. */
export function alarmConsoleUrl(notification: Pick<AlarmNotification, 'region' | 'alarmName'>): string {
  const region = encodeURIComponent(notification.region);
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(notification.alarmName)}`;
}

/** Every dimension set the alarm watches: its metric's, or each metric-math query's. */
export function alarmDimensions(notification: Pick<AlarmNotification, 'metric' | 'metrics'>): Record<string, string>[] {
  if (notification.metric) return [notification.metric.dimensions];
  return (notification.metrics ?? []).flatMap((query) => (query.metric ? [query.metric.dimensions] : []));
}
