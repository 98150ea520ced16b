import * as z from 'zod';
import type { AlarmNotification, MetricQuery } from './alarm-notification';
import { AlarmParseError, describeIssues, metricOrMath } from './parse-support';
import { alarmNameFromArn, currentValueOf, parseAwsTime } from './reason';
import { alarmRegion, arnParts } from './regions';

/**
 * The alarm JSON CloudWatch publishes to SNS
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
 * AWS documents no schema for it: this follows the real captures in test/fixtures/payloads (see its README).
 * Only what the bot reads is declared.
 */
const state = z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']);
// SNS writes dimension items as lowercase {name, value}; the API's Name/Value is accepted too.
const dimension = z.object({
  name: z.string().optional(),
  Name: z.string().optional(),
  value: z.string().optional(),
  Value: z.string().optional(),
});
const metricStat = z.object({
  Metric: z.object({ Namespace: z.string(), MetricName: z.string(), Dimensions: z.array(dimension).nullish() }),
  Period: z.number().nullish(),
  Stat: z.string().nullish(),
});
const query = z.object({
  Id: z.string(),
  Expression: z.string().nullish(),
  Label: z.string().nullish(),
  ReturnData: z.boolean().nullish(),
  MetricStat: metricStat.nullish(),
});
const trigger = z.object({
  MetricName: z.string().nullish(),
  Namespace: z.string().nullish(),
  Statistic: z.string().nullish(),
  ExtendedStatistic: z.string().nullish(),
  Unit: z.string().nullish(),
  Dimensions: z.array(dimension).nullish(),
  Period: z.number().nullish(),
  ComparisonOperator: z.string().nullish(),
  Threshold: z.number().nullish(),
  ThresholdMetricId: z.string().nullish(),
  Metrics: z.array(query).nullish(),
});
const snsAlarm = z.object({
  AlarmName: z.string(),
  AlarmDescription: z.string().nullish(),
  AWSAccountId: z.string().nullish(),
  NewStateValue: state,
  NewStateReason: z.string(),
  StateChangeTime: z.string(),
  Region: z.string().nullish(),
  AlarmArn: z.string().nullish(),
  OldStateValue: state.nullish(),
  Trigger: trigger.nullish(),
  AlarmRule: z.string().nullish(),
  TriggeringChildren: z.array(z.object({ Arn: z.string() })).nullish(),
});
type Trigger = z.infer<typeof trigger>;

function dimensionsOf(items: z.infer<typeof dimension>[] | null | undefined): Record<string, string> {
  const dimensions: Record<string, string> = {};
  for (const item of items ?? []) {
    const name = item.name ?? item.Name;
    if (name !== undefined) dimensions[name] = item.value ?? item.Value ?? '';
  }
  return dimensions;
}

/** SNS writes `AVERAGE`, `SAMPLE_COUNT`; the API and GetMetricData want `Average`, `SampleCount`. */
function statisticName(statistic: string): string {
  return statistic
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function queriesOf(trigger: Trigger): MetricQuery[] {
  return (trigger.Metrics ?? []).map((entry) => ({
    id: entry.Id,
    expression: entry.Expression ?? undefined,
    label: entry.Label ?? undefined,
    returnData: entry.ReturnData ?? true,
    metric: entry.MetricStat
      ? {
          namespace: entry.MetricStat.Metric.Namespace,
          name: entry.MetricStat.Metric.MetricName,
          dimensions: dimensionsOf(entry.MetricStat.Metric.Dimensions),
        }
      : undefined,
    stat: entry.MetricStat?.Stat ?? undefined,
    period: entry.MetricStat?.Period ?? undefined,
  }));
}

function metricFields(trigger: Trigger | null | undefined): Partial<AlarmNotification> {
  if (!trigger) return {};
  const threshold = trigger.Threshold ?? undefined;
  const comparison = trigger.ComparisonOperator ?? undefined;
  const condition = { threshold, comparison, thresholdMetricId: trigger.ThresholdMetricId ?? undefined };
  if (!trigger.MetricName || !trigger.Namespace)
    return { ...condition, ...metricOrMath(queriesOf(trigger), { threshold, comparison }) };
  const statistic = trigger.ExtendedStatistic ?? (trigger.Statistic ? statisticName(trigger.Statistic) : undefined);
  return {
    ...condition,
    metric: {
      namespace: trigger.Namespace,
      name: trigger.MetricName,
      dimensions: dimensionsOf(trigger.Dimensions),
      statistic,
      period: trigger.Period ?? undefined,
      threshold,
      comparison,
      unit: trigger.Unit && trigger.Unit !== 'None' ? trigger.Unit : undefined, // 'None' is CloudWatch's "no unit"
    },
  };
}

/** The SNS alarm message (already JSON-parsed) as an AlarmNotification. */
export function fromSnsMessage(message: unknown, form: string): AlarmNotification {
  const parsed = snsAlarm.safeParse(message);
  if (!parsed.success) throw new AlarmParseError(form, describeIssues(parsed.error, message));
  const alarm = parsed.data;
  const alarmArn = alarm.AlarmArn ?? undefined;
  const account = alarm.AWSAccountId ?? arnParts(alarmArn).account;
  const region = alarmRegion(alarmArn, alarm.Region ?? undefined);
  const changedAt = parseAwsTime(alarm.StateChangeTime);
  const missing = [
    ...(account ? [] : ['AWSAccountId missing (and no AlarmArn)']),
    ...(region
      ? []
      : [`no region: AlarmArn missing and Region ${JSON.stringify(alarm.Region)} is not a known region name`]),
    ...(changedAt ? [] : [`StateChangeTime ${JSON.stringify(alarm.StateChangeTime)} is not a time`]),
  ];
  if (!account || !region || !changedAt) throw new AlarmParseError(form, missing);
  return {
    alarmName: alarm.AlarmName,
    alarmArn,
    account,
    region,
    state: alarm.NewStateValue,
    previousState: alarm.OldStateValue ?? undefined,
    reason: alarm.NewStateReason,
    changedAt,
    description: alarm.AlarmDescription === '' ? undefined : (alarm.AlarmDescription ?? undefined),
    ...metricFields(alarm.Trigger),
    composite: alarm.AlarmRule
      ? {
          rule: alarm.AlarmRule,
          triggeredBy: (alarm.TriggeringChildren ?? []).map((child) => alarmNameFromArn(child.Arn)),
        }
      : undefined,
    currentValue: currentValueOf(alarm.NewStateReason, {}),
  };
}
