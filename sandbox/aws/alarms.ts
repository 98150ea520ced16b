import type { DescribeAlarmsCommandInput, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { Fleet } from './fleet';
import { series, type Datapoint, type MetricIdentity } from './metrics';
import { uuid } from './sdk-stub';
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

const comparisonOf = (alarm: MetricAlarm) => COMPARISONS[alarm.ComparisonOperator ?? ''] ?? { words: 'greater than', breaches: () => false };

export class Alarms {
  readonly alarms = new Map<string, MetricAlarm>();

  constructor(private readonly fleet: Fleet, private readonly origin: { account: string; region: string }) {}

  add(alarm: MetricAlarm): void {
    const name = alarm.AlarmName ?? '';
    const { region, account } = this.origin;
    this.alarms.set(name, {
      AlarmArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`, ActionsEnabled: true, OKActions: [], InsufficientDataActions: [],
      AlarmActions: [`arn:aws:sns:${region}:${account}:edu-web-alerts`], AlarmConfigurationUpdatedTimestamp: new Date(this.fleet.now().getTime() - 40 * 86_400_000),
      Statistic: 'Average', Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: 'missing', ...alarm,
    });
  }

  metricOf(alarm: MetricAlarm): MetricIdentity {
    const dimensions = Object.fromEntries((alarm.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
    return { namespace: alarm.Namespace ?? '', name: alarm.MetricName ?? '', dimensions };
  }

  private recent(alarm: MetricAlarm, end: Date): Datapoint[] {
    const period = alarm.Period ?? 300;
    const start = new Date(end.getTime() - (alarm.EvaluationPeriods ?? 1) * period * 1000 - 10 * 60_000);
    return series(this.fleet, this.metricOf(alarm), alarm.Statistic ?? 'Average', period, start, end).slice(-(alarm.EvaluationPeriods ?? 1));
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
    const next: State = breaching >= (alarm.DatapointsToAlarm ?? 1) ? 'ALARM' : points.length || missingIsFine ? 'OK' : 'INSUFFICIENT_DATA';
    if (next === alarm.StateValue) return undefined;
    const previous = { value: alarm.StateValue ?? 'INSUFFICIENT_DATA', reason: alarm.StateReason ?? '', reasonData: alarm.StateReasonData ?? '', timestamp: alarmTime(alarm.StateUpdatedTimestamp ?? at) };
    this.setState(alarm, next, points, breaching, at);
    return this.event(alarm, previous);
  }

  /** The state, StateReason and StateReasonData CloudWatch writes after evaluating `points` (newest last). */
  private setState(alarm: MetricAlarm, state: State, points: Datapoint[], breaching: number, now: Date): void {
    const quoted = [...points].reverse().map((p) => `${double(p.value)} (${reasonTime(p.at)})`).join(', ');
    const missing = alarm.EvaluationPeriods ?? 1;
    alarm.StateReason = points.length === 0
      ? `Threshold Crossed: no datapoints were received for ${missing} periods and ${missing} missing datapoints were treated as [${state === 'OK' ? 'NonBreaching' : 'Missing'}].`
      : `Threshold Crossed: ${state === 'ALARM' ? breaching : points.length - breaching} out of the last ${points.length} datapoints [${quoted}] ` +
        `${state === 'ALARM' ? 'were' : 'were not'} ${comparisonOf(alarm).words} the threshold (${double(alarm.Threshold ?? 0)}) ` +
        `(minimum ${alarm.DatapointsToAlarm ?? 1} datapoints for ${state === 'ALARM' ? 'OK -> ALARM' : 'ALARM -> OK'} transition).`;
    alarm.StateReasonData = JSON.stringify({
      version: '1.0', queryDate: alarmTime(now), startDate: alarmTime(points[0]?.at ?? now), statistic: alarm.Statistic, period: alarm.Period,
      recentDatapoints: points.map((p) => p.value), threshold: alarm.Threshold,
      evaluatedDatapoints: [...points].reverse().map((p) => ({ timestamp: alarmTime(p.at), value: p.value })),
    });
    Object.assign(alarm, { StateValue: state, StateUpdatedTimestamp: now, StateTransitionedTimestamp: now });
  }

  private event(alarm: MetricAlarm, previousState: { value: string; reason: string; reasonData: string; timestamp: string }) {
    const event = template<Record<string, unknown>>('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json');
    const metric = this.metricOf(alarm);
    const now = this.fleet.now();
    return {
      ...event, id: uuid(), account: this.origin.account, region: this.origin.region, time: eventTime(now), resources: [alarm.AlarmArn ?? ''],
      detail: {
        alarmName: alarm.AlarmName,
        configuration: {
          description: alarm.AlarmDescription,
          metrics: [{ id: uuid(), metricStat: { metric: { dimensions: metric.dimensions, name: metric.name, namespace: metric.namespace }, period: alarm.Period, stat: alarm.Statistic }, returnData: true }],
        },
        previousState,
        state: { reason: alarm.StateReason, reasonData: alarm.StateReasonData, timestamp: alarmTime(now), value: alarm.StateValue },
      },
    };
  }

  /**
   * DescribeAlarms: by names or prefix and state; without AlarmTypes, metric alarms only (there are no others here).
   */
  describe(input: DescribeAlarmsCommandInput) {
    const found = [...this.alarms.values()].filter((alarm) =>
      (!input.AlarmNames?.length || input.AlarmNames.includes(alarm.AlarmName ?? ''))
      && (!input.AlarmNamePrefix || (alarm.AlarmName ?? '').startsWith(input.AlarmNamePrefix))
      && (!input.StateValue || alarm.StateValue === input.StateValue));
    const types = input.AlarmTypes ?? ['MetricAlarm'];
    return { MetricAlarms: types.includes('MetricAlarm') ? found : [], CompositeAlarms: [] };
  }

  setActionsEnabled(names: string[] | undefined, enabled: boolean): void {
    for (const name of names ?? []) {
      const alarm = this.alarms.get(name);
      if (alarm) alarm.ActionsEnabled = enabled;
    }
  }
}
