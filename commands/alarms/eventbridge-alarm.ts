import * as z from 'zod';
import type { AlarmNotification, MetricQuery } from './alarm-notification';
import { AlarmParseError, describeIssues, metricOrMath } from './parse-support';
import {
  alarmNameFromArn,
  comparisonFromReason,
  currentValueOf,
  parseAwsTime,
  parseReasonData,
  thresholdFromReason,
} from './reason';
import { alarmRegion } from './regions';

/**
 * EventBridge "CloudWatch Alarm State Change" events and the direct alarm-action payload share the same
 * `detail`/`alarmData` body. It has no threshold or comparison operator: those come from reasonData and the
 * reason sentence.
 */
const stateValue = z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']);
const state = z.object({
  value: stateValue,
  reason: z.string(),
  reasonData: z.string().nullish(),
  timestamp: z.string(),
});
const query = z.object({
  id: z.string(),
  expression: z.string().nullish(),
  label: z.string().nullish(),
  returnData: z.boolean().nullish(),
  metricStat: z
    .object({
      metric: z.object({
        namespace: z.string(),
        name: z.string(),
        dimensions: z.record(z.string(), z.string()).nullish(),
      }),
      period: z.number().nullish(),
      stat: z.string().nullish(),
    })
    .nullish(),
});
const body = z.object({
  alarmName: z.string(),
  state,
  previousState: state.partial().nullish(),
  configuration: z
    .object({ description: z.string().nullish(), metrics: z.array(query).nullish(), alarmRule: z.string().nullish() })
    .nullish(),
});
const eventBridgeEvent = z.object({
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  account: z.string(),
  region: z.string(),
  resources: z.array(z.string()).nullish(),
  detail: body,
});
const alarmAction = z.object({ alarmArn: z.string(), accountId: z.string(), region: z.string(), alarmData: body });
type Body = z.infer<typeof body>;

function queriesOf(entries: z.infer<typeof query>[]): MetricQuery[] {
  return entries.map((entry) => ({
    id: entry.id,
    expression: entry.expression ?? undefined,
    label: entry.label ?? undefined,
    returnData: entry.returnData ?? true,
    metric: entry.metricStat
      ? {
          namespace: entry.metricStat.metric.namespace,
          name: entry.metricStat.metric.name,
          dimensions: { ...entry.metricStat.metric.dimensions },
        }
      : undefined,
    stat: entry.metricStat?.stat ?? undefined,
    period: entry.metricStat?.period ?? undefined,
  }));
}

function notificationOf(
  detail: Body,
  where: { account: string; region: string; alarmArn?: string },
  form: string,
): AlarmNotification {
  const changedAt = parseAwsTime(detail.state.timestamp);
  if (!changedAt)
    throw new AlarmParseError(form, [`state.timestamp ${JSON.stringify(detail.state.timestamp)} is not a time`]);
  const data = parseReasonData(detail.state.reasonData ?? undefined);
  const reasons = [detail.state.reason, detail.previousState?.reason ?? ''];
  const threshold = data.threshold ?? thresholdFromReason(detail.state.reason);
  const comparison = comparisonFromReason(reasons[0] ?? '') ?? comparisonFromReason(reasons[1] ?? '');
  const queries = queriesOf(detail.configuration?.metrics ?? []);
  const { metric, metrics } = metricOrMath(queries, { threshold, comparison });
  const rule = detail.configuration?.alarmRule ?? undefined;
  return {
    alarmName: detail.alarmName,
    alarmArn: where.alarmArn,
    account: where.account,
    region: alarmRegion(where.alarmArn) ?? where.region,
    state: detail.state.value,
    previousState: detail.previousState?.value ?? undefined,
    reason: detail.state.reason,
    changedAt,
    description: detail.configuration?.description ?? undefined,
    metric: metric && {
      ...metric,
      statistic: metric.statistic ?? data.statistic,
      period: metric.period ?? data.period,
    },
    metrics,
    threshold,
    comparison,
    composite: rule
      ? {
          rule,
          triggeredBy: (data.triggeringAlarms ?? []).flatMap((alarm) =>
            alarm.arn ? [alarmNameFromArn(alarm.arn)] : [],
          ),
        }
      : undefined,
    currentValue: rule ? undefined : currentValueOf(detail.state.reason, data),
  };
}

/** An EventBridge "CloudWatch Alarm State Change" event (possibly forwarded from a target account's bus). */
export function fromEventBridge(event: unknown): AlarmNotification {
  const form = 'EventBridge event';
  const parsed = eventBridgeEvent.safeParse(event);
  if (!parsed.success) throw new AlarmParseError(form, describeIssues(parsed.error, event));
  const { account, region, resources, detail } = parsed.data;
  const alarmArn = resources?.find((arn) => arn.includes(':alarm:'));
  return notificationOf(detail, { account, region, alarmArn }, form);
}

/** The payload an alarm sends when its action invokes Lambda directly. */
export function fromAlarmAction(event: unknown): AlarmNotification {
  const form = 'alarm Lambda action';
  const parsed = alarmAction.safeParse(event);
  if (!parsed.success) throw new AlarmParseError(form, describeIssues(parsed.error, event));
  const { alarmArn, accountId, region, alarmData } = parsed.data;
  return notificationOf(alarmData, { account: accountId, region, alarmArn }, form);
}
