import { eventBridgeAlarm, payload, snsHttpAlarm, snsLambdaAlarm, type Retarget } from '../unit/alarms/payloads';

/**
 * Alarm events for the integration tests, built from the real payloads in test/fixtures/payloads with the
 * builders of test/unit/alarms/payloads.ts: moved to a configured account, region and alarm name, and given
 * the state and time a story needs. Everything else is what AWS sent.
 */
type Json = Record<string, unknown>;

export const PROD = { account: '111111111111', region: 'ap-northeast-2' };
export const STAGING = { account: '222222222222', region: 'ap-northeast-2' };

export const FIXTURES = {
  ebSingle: 'eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json',
  ebMath: 'eventbridge__cw-alarm-state-change__metric-math__aws-docs.json',
  ebComposite: 'eventbridge__cw-alarm-state-change__composite-with-suppressor__aws-docs.json',
  snsHttpInstance: 'sns-http__cw-alarm__ec2-cpu-instanceid-alarm__cloudforet.json',
  snsHttpGroup: 'sns-http__cw-alarm__ec2-cpu-asg-dimension-ok__cloudforet.json',
  snsMath: 'sns-lambda__cw-alarm__metric-math-metrics-array__aws-lambda-go.json',
  snsComposite: 'sns-lambda__cw-alarm__composite-alarm__rheoceros.json',
  snsCustom: 'sns-lambda__cw-alarm__metric-alarm-custom-namespace__rheoceros.json',
  snsEnvelope: 'sns-lambda__cw-alarm__single-metric-networkout__aws-lambda-go.json',
} as const;

/** CloudWatch's own time format: milliseconds and `+0000`. */
export const awsTime = (at: Date): string => at.toISOString().replace('Z', '+0000');

export interface Change {
  state: 'ALARM' | 'OK';
  at: Date;
}

/**
 * The EventBridge single-metric CPU alarm of the docs, moved and set to a state at a time. OK takes the
 * sample's own OK reason ("was not greater than the threshold"); `group` swaps the InstanceId dimension for an
 * Auto Scaling group, as an alarm on a group's average CPU has.
 */
export function ebCpuAlarm(target: Retarget, change: Change, group?: string): Json {
  const event = eventBridgeAlarm(FIXTURES.ebSingle, target);
  const detail = event.detail as {
    state: Json;
    previousState: Json;
    configuration: { metrics: { metricStat: { metric: Json } }[] };
  };
  const [alarmState, okState] = [detail.state, detail.previousState];
  const state = {
    ...(change.state === 'OK' ? okState : alarmState),
    value: change.state,
    timestamp: awsTime(change.at),
  };
  const previousState = { ...(change.state === 'OK' ? alarmState : okState) };
  const metrics = detail.configuration.metrics.map((query) => ({
    ...query,
    metricStat: {
      ...query.metricStat,
      metric: { ...query.metricStat.metric, ...(group ? { dimensions: { AutoScalingGroupName: group } } : {}) },
    },
  }));
  return {
    ...event,
    time: `${change.at.toISOString().slice(0, 19)}Z`,
    detail: { ...detail, state, previousState, configuration: { ...detail.configuration, metrics } },
  };
}

/** Any EventBridge sample, moved (its own state and time kept). */
export const ebAlarm = (file: string, target: Retarget): Json => eventBridgeAlarm(file, target);

/** A Lambda SNS sample, moved; `extra` overrides fields of the alarm message (NewStateValue, StateChangeTime…). */
export const snsAlarm = (file: string, target: Retarget, extra: Json = {}): Json => snsLambdaAlarm(file, target, extra);

/**
 * An SNS HTTP sample's alarm message as Lambda receives it: inside a Lambda SNS record (the envelope of a real
 * Lambda sample), with the HTTP delivery's subject, message id and message.
 */
export function snsFromHttp(file: string, target: Retarget, extra: Json = {}): Json {
  const body = snsHttpAlarm(file, target, extra);
  const envelope = payload(FIXTURES.snsEnvelope);
  const [record] = envelope.Records as Json[];
  const sns = {
    ...(record?.Sns as Json),
    TopicArn: body.TopicArn,
    MessageId: body.MessageId,
    Subject: body.Subject,
    Message: body.Message,
    Timestamp: body.Timestamp,
  };
  return { Records: [{ ...record, Sns: sns }] };
}
