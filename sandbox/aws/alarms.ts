import {
  CloudWatchServiceException,
  InvalidNextToken,
  InvalidParameterCombinationException,
  type DescribeAlarmsCommandInput,
  type MetricAlarm,
  type MetricDataQuery,
  type PutMetricAlarmInput,
  type Tag,
} from '@aws-sdk/client-cloudwatch';
import type { Fleet } from './fleet';
import { series, type Datapoint, type MetricIdentity } from './metrics';
import { awsError, errorMeta, uuid } from './sdk-stub';
import { alarmTime, eventTime, reasonTime, template } from './templates';

/**
 * The account's CloudWatch alarms and their state. The web prod CPU alarm is on the Auto Scaling group's average
 * CPUUtilization, ≥ 9.5 % (just under the t3.micro 10 % baseline) for 3 of 3 five-minute periods: "the fleet has
 * been at or above its baseline for 15 minutes", which is true of a fleet throttled to its baseline, where a
 * "CPU > 80 %" alarm would never fire (CloudWatch shows a throttled t3.micro at 10 %).
 */

type State = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

const COMPARISONS: Record<string, { words: string; breaches: (value: number, threshold: number) => boolean }> = {
  GreaterThanOrEqualToThreshold: { words: 'greater than or equal to', breaches: (v, t) => v >= t },
  GreaterThanThreshold: { words: 'greater than', breaches: (v, t) => v > t },
  LessThanThreshold: { words: 'less than', breaches: (v, t) => v < t },
  LessThanOrEqualToThreshold: { words: 'less than or equal to', breaches: (v, t) => v <= t },
};
/** CloudWatch writes numbers as Java doubles: `10.0`, `9.5`, `99.50160229693434`. */
const double = (value: number): string => (Number.isInteger(value) ? value.toFixed(1) : String(value));

const comparisonOf = (alarm: MetricAlarm) =>
  COMPARISONS[alarm.ComparisonOperator ?? ''] ?? { words: 'greater than', breaches: () => false };

/**
 * What an alarm evaluates: its single metric, or the metric a math alarm returns (expressions are not evaluated here).
 */
interface Evaluated {
  metric: MetricIdentity;
  stat: string;
  period: number;
}

const dimensionsOf = (dimensions: { Name?: string; Value?: string }[] | undefined): Record<string, string> =>
  Object.fromEntries((dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));

/** The Auto Scaling groups an alarm's dimensions name, in its single metric or any metric of its math. */
export function watchedGroups(alarm: MetricAlarm): string[] {
  const lists = [alarm.Dimensions, ...(alarm.Metrics ?? []).map((query) => query.MetricStat?.Metric?.Dimensions)];
  return [...new Set(lists.flatMap((list) => dimensionsOf(list).AutoScalingGroupName ?? []))];
}

/** The fields PutMetricAlarm sets; everything else on a MetricAlarm is state CloudWatch keeps. */
const SETTINGS = [
  'AlarmDescription',
  'ActionsEnabled',
  'OKActions',
  'AlarmActions',
  'InsufficientDataActions',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Dimensions',
  'Period',
  'Unit',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
  'EvaluateLowSampleCountPercentile',
  'Metrics',
  'ThresholdMetricId',
] as const satisfies readonly (keyof PutMetricAlarmInput & keyof MetricAlarm)[];

/** DescribeAlarms pages: MaxRecords 1–100 (50 unless said), NextToken an offset of our own making. */
const DEFAULT_PAGE = 50;
const MAX_NAMES = 100;

const invalid = (message: string) => awsError('ValidationError', message, CloudWatchServiceException);

/**
 * CloudWatch's alarm API, as https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * and API_DescribeAlarms.html describe it: PutMetricAlarm on an existing alarm "completely overwrites the previous
 * configuration of the alarm" and leaves its state unchanged (a new alarm starts INSUFFICIENT_DATA); the tags of
 * the input are used only when the alarm is created ("If you are using this operation to update an existing alarm,
 * any tags you specify in this parameter are ignored"). DescribeAlarms takes AlarmNames or AlarmNamePrefix, not
 * both. An alarm whose AutoScalingGroupName dimension names a deleted group gets no datapoints any more: it stays in
 * the state it was in until it is evaluated, and then it can only go to INSUFFICIENT_DATA (or OK, when missing data
 * is not breaching): it can never fire again.
 */
export class Alarms {
  readonly alarms = new Map<string, MetricAlarm>();
  private readonly tags = new Map<string, Tag[]>();

  constructor(
    private readonly fleet: Fleet,
    private readonly origin: { account: string; region: string },
  ) {}

  /** An alarm that was there before the simulation began (40 days old, actions to the team's SNS topic). */
  add(alarm: MetricAlarm, tags: Tag[] = []): void {
    const name = alarm.AlarmName ?? '';
    const { region, account } = this.origin;
    this.alarms.set(name, {
      AlarmArn: this.arn(name),
      ActionsEnabled: true,
      OKActions: [],
      InsufficientDataActions: [],
      AlarmActions: [`arn:aws:sns:${region}:${account}:edu-web-alerts`],
      AlarmConfigurationUpdatedTimestamp: new Date(this.fleet.now().getTime() - 40 * 86_400_000),
      Statistic: 'Average',
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'missing',
      ...alarm,
    });
    this.tags.set(
      name,
      tags.map((tag) => ({ ...tag })),
    );
  }

  private arn(name: string): string {
    return `arn:aws:cloudwatch:${this.origin.region}:${this.origin.account}:alarm:${name}`;
  }

  /** PutMetricAlarm: creates the alarm, or replaces every setting of an existing one (state and tags kept). */
  put(input: PutMetricAlarmInput): void {
    const name = input.AlarmName ?? '';
    if (!name || name.length > 255)
      throw invalid(
        "1 validation error detected: Value at 'alarmName' failed to satisfy constraint: Member must have length between 1 and 255",
      );
    if (!input.EvaluationPeriods || input.EvaluationPeriods < 1)
      throw invalid('The parameter EvaluationPeriods must be greater than or equal to 1.');
    if (!input.ComparisonOperator)
      throw invalid(
        "1 validation error detected: Value null at 'comparisonOperator' failed to satisfy constraint: Member must not be null",
      );
    const single = input.MetricName !== undefined || input.Namespace !== undefined;
    if (single && input.Metrics?.length) {
      throw new InvalidParameterCombinationException({
        ...errorMeta,
        message: 'The parameters MetricName and Metrics are mutually exclusive and you have specified both.',
      });
    }
    if (!single && !input.Metrics?.length) throw invalid('Either MetricName or Metrics must be specified.');
    if (input.Threshold === undefined && !input.ThresholdMetricId)
      throw invalid('Either Threshold or ThresholdMetricId must be specified.');
    const existing = this.alarms.get(name);
    const now = this.fleet.now();
    const state: Partial<MetricAlarm> = existing
      ? {
          StateValue: existing.StateValue,
          StateReason: existing.StateReason,
          StateReasonData: existing.StateReasonData,
          StateUpdatedTimestamp: existing.StateUpdatedTimestamp,
          StateTransitionedTimestamp: existing.StateTransitionedTimestamp,
        }
      : {
          StateValue: 'INSUFFICIENT_DATA',
          StateReason: 'Unchecked: Initial alarm creation',
          StateUpdatedTimestamp: now,
          StateTransitionedTimestamp: now,
        };
    const settings = Object.fromEntries(
      SETTINGS.flatMap((field) => (input[field] === undefined ? [] : [[field, structuredClone(input[field])]])),
    );
    this.alarms.set(name, {
      AlarmName: name,
      AlarmArn: this.arn(name),
      AlarmConfigurationUpdatedTimestamp: now,
      ...settings,
      ActionsEnabled: input.ActionsEnabled ?? true,
      OKActions: input.OKActions ?? [],
      AlarmActions: input.AlarmActions ?? [],
      InsufficientDataActions: input.InsufficientDataActions ?? [],
      ...(single ? { Dimensions: input.Dimensions ?? [] } : {}),
      ...state,
    });
    if (!existing)
      this.tags.set(
        name,
        (input.Tags ?? []).map((tag) => ({ ...tag })),
      );
  }

  /** ListTagsForResource for an alarm ARN. */
  tagsOf(arn: string): Tag[] {
    const name = [...this.alarms.values()].find((alarm) => alarm.AlarmArn === arn)?.AlarmName;
    if (name === undefined)
      throw awsError(
        'ResourceNotFoundException',
        `Alarm ${arn.split(':alarm:')[1] ?? arn} does not exist.`,
        CloudWatchServiceException,
        404,
      );
    return this.tags.get(name) ?? [];
  }

  /** The alarms whose metric (or any metric of their math) has this AutoScalingGroupName, by name. */
  watching(group: string): string[] {
    return [...this.alarms.values()]
      .filter((alarm) => watchedGroups(alarm).includes(group))
      .map((alarm) => alarm.AlarmName ?? '');
  }

  metricOf(alarm: MetricAlarm): MetricIdentity {
    return (
      this.evaluated(alarm)?.metric ?? {
        namespace: alarm.Namespace ?? '',
        name: alarm.MetricName ?? '',
        dimensions: dimensionsOf(alarm.Dimensions),
      }
    );
  }

  private evaluated(alarm: MetricAlarm): Evaluated | undefined {
    if (!alarm.Metrics?.length) {
      return {
        metric: {
          namespace: alarm.Namespace ?? '',
          name: alarm.MetricName ?? '',
          dimensions: dimensionsOf(alarm.Dimensions),
        },
        stat: alarm.Statistic ?? 'Average',
        period: alarm.Period ?? 300,
      };
    }
    const returned = alarm.Metrics.find((query) => query.ReturnData !== false && query.Id !== alarm.ThresholdMetricId);
    const stat = returned?.MetricStat;
    if (!stat?.Metric) return undefined; // an expression: the sandbox does not do metric math
    return {
      metric: {
        namespace: stat.Metric.Namespace ?? '',
        name: stat.Metric.MetricName ?? '',
        dimensions: dimensionsOf(stat.Metric.Dimensions),
      },
      stat: stat.Stat ?? 'Average',
      period: stat.Period ?? 300,
    };
  }

  private recent(alarm: MetricAlarm, end: Date): Datapoint[] {
    const evaluated = this.evaluated(alarm);
    if (!evaluated) return [];
    const { period } = evaluated;
    const start = new Date(end.getTime() - (alarm.EvaluationPeriods ?? 1) * period * 1000 - 10 * 60_000);
    return series(this.fleet, evaluated.metric, evaluated.stat, period, start, end).slice(
      -(alarm.EvaluationPeriods ?? 1),
    );
  }

  /**
   * Evaluates the alarm on its metric as of `at` (now unless said); returns the "CloudWatch Alarm State Change"
   * event when the state changed, else undefined.
   */
  evaluate(name: string, at = this.fleet.now()): unknown {
    const alarm = this.alarms.get(name);
    if (!alarm) throw new Error(`No alarm ${name} in the sandbox account`);
    const points = this.recent(alarm, at);
    const breaching = points.filter((p) => comparisonOf(alarm).breaches(p.value, alarm.Threshold ?? 0)).length;
    const missingIsFine = points.length === 0 && alarm.TreatMissingData === 'notBreaching';
    const next: State =
      breaching >= (alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods ?? 1)
        ? 'ALARM'
        : points.length || missingIsFine
          ? 'OK'
          : 'INSUFFICIENT_DATA';
    if (next === alarm.StateValue) return undefined;
    const previous = {
      value: alarm.StateValue ?? 'INSUFFICIENT_DATA',
      reason: alarm.StateReason ?? '',
      reasonData: alarm.StateReasonData ?? '',
      timestamp: alarmTime(alarm.StateUpdatedTimestamp ?? at),
    };
    this.setState(alarm, next, points, breaching, at);
    return this.event(alarm, previous);
  }

  /** The state, StateReason and StateReasonData CloudWatch writes after evaluating `points` (newest last). */
  private setState(alarm: MetricAlarm, state: State, points: Datapoint[], breaching: number, now: Date): void {
    const quoted = [...points]
      .reverse()
      .map((p) => `${double(p.value)} (${reasonTime(p.at)})`)
      .join(', ');
    const missing = alarm.EvaluationPeriods ?? 1;
    alarm.StateReason =
      points.length === 0
        ? `Threshold Crossed: no datapoints were received for ${missing} periods and ${missing} missing datapoints were treated as [${state === 'OK' ? 'NonBreaching' : 'Missing'}].`
        : `Threshold Crossed: ${state === 'ALARM' ? breaching : points.length - breaching} out of the last ${points.length} datapoints [${quoted}] ` +
          `${state === 'ALARM' ? 'were' : 'were not'} ${comparisonOf(alarm).words} the threshold (${double(alarm.Threshold ?? 0)}) ` +
          `(minimum ${alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods ?? 1} datapoints for ${state === 'ALARM' ? 'OK -> ALARM' : 'ALARM -> OK'} transition).`;
    const evaluated = this.evaluated(alarm);
    alarm.StateReasonData = JSON.stringify({
      version: '1.0',
      queryDate: alarmTime(now),
      startDate: alarmTime(points[0]?.at ?? now),
      statistic: alarm.Metrics?.length ? undefined : alarm.Statistic,
      period: evaluated?.period,
      recentDatapoints: points.map((p) => p.value),
      threshold: alarm.Threshold,
      evaluatedDatapoints: [...points].reverse().map((p) => ({ timestamp: alarmTime(p.at), value: p.value })),
    });
    Object.assign(alarm, { StateValue: state, StateUpdatedTimestamp: now, StateTransitionedTimestamp: now });
  }

  private event(
    alarm: MetricAlarm,
    previousState: { value: string; reason: string; reasonData: string; timestamp: string },
  ) {
    const event = template<Record<string, unknown>>(
      'eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json',
    );
    const metric = this.metricOf(alarm);
    const now = this.fleet.now();
    const metrics = alarm.Metrics?.length
      ? alarm.Metrics.map(eventQuery)
      : [
          {
            id: uuid(),
            metricStat: {
              metric: { dimensions: metric.dimensions, name: metric.name, namespace: metric.namespace },
              period: alarm.Period,
              stat: alarm.Statistic,
            },
            returnData: true,
          },
        ];
    return {
      ...event,
      id: uuid(),
      account: this.origin.account,
      region: this.origin.region,
      time: eventTime(now),
      resources: [alarm.AlarmArn ?? ''],
      detail: {
        alarmName: alarm.AlarmName,
        configuration: { description: alarm.AlarmDescription, metrics },
        previousState,
        state: {
          reason: alarm.StateReason,
          reasonData: alarm.StateReasonData,
          timestamp: alarmTime(now),
          value: alarm.StateValue,
        },
      },
    };
  }

  /**
   * DescribeAlarms: by AlarmNames (at most 100) or AlarmNamePrefix (not both) and StateValue, MaxRecords at a
   * time; without AlarmTypes, metric alarms only (there are no others here).
   */
  describe(input: DescribeAlarmsCommandInput) {
    if (input.AlarmNames?.length && input.AlarmNamePrefix !== undefined) {
      throw new InvalidParameterCombinationException({
        ...errorMeta,
        message: 'AlarmNamePrefix and AlarmNames cannot be used together.',
      });
    }
    if ((input.AlarmNames?.length ?? 0) > MAX_NAMES)
      throw invalid(
        `1 validation error detected: Value at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAMES}`,
      );
    const size = input.MaxRecords ?? DEFAULT_PAGE;
    if (size < 1 || size > 100)
      throw invalid(
        `1 validation error detected: Value '${size}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100`,
      );
    const types = input.AlarmTypes ?? ['MetricAlarm'];
    const found = !types.includes('MetricAlarm')
      ? []
      : [...this.alarms.values()].filter(
          (alarm) =>
            (!input.AlarmNames?.length || input.AlarmNames.includes(alarm.AlarmName ?? '')) &&
            (!input.AlarmNamePrefix || (alarm.AlarmName ?? '').startsWith(input.AlarmNamePrefix)) &&
            (!input.StateValue || alarm.StateValue === input.StateValue),
        );
    const start =
      input.NextToken === undefined ? 0 : Number.parseInt(Buffer.from(input.NextToken, 'base64').toString('utf8'), 10);
    if (!Number.isInteger(start) || start < 0 || start > found.length)
      throw new InvalidNextToken({ ...errorMeta, message: 'The service cannot find the NextToken given.' });
    const end = start + size;
    return {
      MetricAlarms: found.slice(start, end),
      CompositeAlarms: [],
      ...(end < found.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}),
    };
  }

  setActionsEnabled(names: string[] | undefined, enabled: boolean): void {
    for (const name of names ?? []) {
      const alarm = this.alarms.get(name);
      if (alarm) alarm.ActionsEnabled = enabled;
    }
  }
}

/**
 * A metric-math alarm's query as the "Alarm State Change" event writes it (lower camel case, dimensions as an object).
 */
function eventQuery(query: MetricDataQuery) {
  const stat = query.MetricStat;
  return {
    id: query.Id,
    ...(query.Expression ? { expression: query.Expression } : {}),
    ...(query.Label ? { label: query.Label } : {}),
    ...(stat
      ? {
          metricStat: {
            metric: {
              dimensions: dimensionsOf(stat.Metric?.Dimensions),
              name: stat.Metric?.MetricName,
              namespace: stat.Metric?.Namespace,
            },
            period: stat.Period,
            stat: stat.Stat,
          },
        }
      : {}),
    returnData: query.ReturnData ?? true,
  };
}
