import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type CloudWatchClient,
  type Dimension,
  type MetricAlarm,
  type MetricDataQuery,
  type PutMetricAlarmInput,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmMoveResult, AlarmRewriter, WatchingAlarm } from '../../commands/fleet/ports';

const GROUP_DIMENSION = 'AutoScalingGroupName';
// DescribeAlarms takes at most 100 names per call.
const NAMES_PER_CALL = 100;

/**
 * Every field DescribeAlarms returns about a metric alarm: a setting PutMetricAlarm takes back (copied on a move) or
 * the alarm's state (left out). The type makes the list complete: a field a newer SDK adds fails the build here
 * instead of being dropped by a move, and only a field PutMetricAlarm accepts, with the same type, can be a `setting`.
 */
const ALARM_FIELDS = {
  AlarmName: 'setting',
  AlarmArn: 'state',
  AlarmDescription: 'setting',
  AlarmConfigurationUpdatedTimestamp: 'state',
  ActionsEnabled: 'setting',
  OKActions: 'setting',
  AlarmActions: 'setting',
  InsufficientDataActions: 'setting',
  StateValue: 'state',
  StateReason: 'state',
  StateReasonData: 'state',
  StateUpdatedTimestamp: 'state',
  MetricName: 'setting',
  Namespace: 'setting',
  Statistic: 'setting',
  ExtendedStatistic: 'setting',
  Dimensions: 'setting',
  Period: 'setting',
  Unit: 'setting',
  EvaluationPeriods: 'setting',
  DatapointsToAlarm: 'setting',
  Threshold: 'setting',
  ComparisonOperator: 'setting',
  TreatMissingData: 'setting',
  EvaluateLowSampleCountPercentile: 'setting',
  Metrics: 'setting',
  ThresholdMetricId: 'setting',
  EvaluationState: 'state',
  StateTransitionedTimestamp: 'state',
  EvaluationWindow: 'setting',
  WarmUpConfiguration: 'setting',
  EvaluationCriteria: 'setting',
  EvaluationInterval: 'setting',
  ActionConfiguration: 'setting',
} as const satisfies {
  [K in keyof Required<MetricAlarm>]: K extends keyof PutMetricAlarmInput
    ? MetricAlarm[K] extends PutMetricAlarmInput[K]
      ? 'setting' | 'state'
      : 'state'
    : 'state';
};

const SETTINGS = new Set(Object.entries(ALARM_FIELDS).flatMap(([field, kind]) => (kind === 'setting' ? [field] : [])));

const swapped = (dimensions: Dimension[] | undefined, from: string, to: string): Dimension[] | undefined =>
  dimensions?.map((dimension) =>
    dimension.Name === GROUP_DIMENSION && dimension.Value === from ? { ...dimension, Value: to } : dimension,
  );

function swappedQuery(query: MetricDataQuery, from: string, to: string): MetricDataQuery {
  const metric = query.MetricStat?.Metric;
  if (!query.MetricStat || !metric) return query;
  return {
    ...query,
    MetricStat: { ...query.MetricStat, Metric: { ...metric, Dimensions: swapped(metric.Dimensions, from, to) } },
  };
}

/**
 * The PutMetricAlarm input that rewrites `alarm` to watch `to` instead of `from`: every setting exactly as
 * DescribeAlarms returned it, only the group dimension changed. Tags are left out on purpose: PutMetricAlarm ignores
 * them when it updates an existing alarm, so the alarm keeps its own.
 */
export function movedAlarmInput(
  alarm: MetricAlarm & { AlarmName: string },
  from: string,
  to: string,
): PutMetricAlarmInput {
  // The entries are MetricAlarm's own fields filtered to those ALARM_FIELDS marks as settings, all of which
  // PutMetricAlarmInput takes with the same types (checked by ALARM_FIELDS' type), so the cast only restores what
  // filtering erased.
  const settings = Object.fromEntries(
    Object.entries(alarm).filter(([field]) => SETTINGS.has(field)),
  ) as PutMetricAlarmInput;
  return {
    ...settings,
    AlarmName: alarm.AlarmName,
    ...(settings.Dimensions ? { Dimensions: swapped(settings.Dimensions, from, to) } : {}),
    ...(settings.Metrics ? { Metrics: settings.Metrics.map((query) => swappedQuery(query, from, to)) } : {}),
  };
}

/** The Auto Scaling groups an alarm's dimensions name, in its single metric and in every math query alike. */
export function watchedGroups(alarm: MetricAlarm): string[] {
  const dimensions = [
    ...(alarm.Dimensions ?? []),
    ...(alarm.Metrics ?? []).flatMap((query) => query.MetricStat?.Metric?.Dimensions ?? []),
  ];
  return [...new Set(dimensions.filter((d) => d.Name === GROUP_DIMENSION && d.Value).map((d) => d.Value ?? ''))];
}

function watching(alarm: MetricAlarm): WatchingAlarm | undefined {
  const groups = watchedGroups(alarm);
  if (!alarm.AlarmName || !groups.length) return undefined;
  return { name: alarm.AlarmName, kind: alarm.Metrics?.length ? 'math' : 'metric', groups };
}

async function describe(
  client: CloudWatchClient,
  query: { AlarmNamePrefix?: string; AlarmNames?: string[] },
): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  let NextToken: string | undefined;
  do {
    // Without AlarmTypes, DescribeAlarms returns metric alarms only, which is what watches a metric.
    const page = await client.send(new DescribeAlarmsCommand({ ...query, MaxRecords: 100, NextToken }));
    alarms.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return alarms;
}

/** Finds alarms by the groups they watch and moves them to another group, as CloudWatch's own API sees them. */
export function cloudWatchAlarmRewriter(client: CloudWatchClient): AlarmRewriter {
  return {
    watching: async (prefix, names) => {
      const byPrefix = prefix ? await describe(client, { AlarmNamePrefix: prefix }) : [];
      const seen = new Set(byPrefix.map((alarm) => alarm.AlarmName));
      const rest = [...new Set(names)].filter((name) => !seen.has(name));
      const chunks = Array.from({ length: Math.ceil(rest.length / NAMES_PER_CALL) }, (_, i) =>
        rest.slice(i * NAMES_PER_CALL, (i + 1) * NAMES_PER_CALL),
      );
      const byName = (await Promise.all(chunks.map((AlarmNames) => describe(client, { AlarmNames })))).flat();
      return [...byPrefix, ...byName].flatMap((alarm) => watching(alarm) ?? []);
    },

    move: async (alarmName, from, to): Promise<AlarmMoveResult> => {
      const [alarm] = await describe(client, { AlarmNames: [alarmName] });
      if (!alarm?.AlarmName) return 'gone';
      const groups = watchedGroups(alarm);
      // Read again right before writing: a move redelivered after it succeeded finds nothing left to change.
      if (!groups.includes(from)) return 'already-moved';
      await client.send(new PutMetricAlarmCommand(movedAlarmInput({ ...alarm, AlarmName: alarm.AlarmName }, from, to)));
      return 'moved';
    },
  };
}
