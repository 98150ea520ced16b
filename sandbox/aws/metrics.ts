import type { GetMetricDataCommandInput, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { PERIOD_MS, type CreditPeriod } from './credits';
import type { Fleet, InstancePeriod, SimInstance } from './fleet';

/**
 * CloudWatch metrics of the simulated fleet: the AWS/EC2 CPU and credit metrics per InstanceId, or aggregated
 * per AutoScalingGroupName over the instances that were in the group in each period, at 5-minute resolution
 * (aggregated to longer periods on request). A deleted group keeps its history and gets no new datapoints; a
 * new group's series starts when its first instance launches.
 */

export interface MetricIdentity {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
}

export interface Datapoint {
  at: Date;
  value: number;
}

const VALUES: Record<string, (period: CreditPeriod) => number> = {
  CPUUtilization: (p) => p.cpu,
  CPUCreditBalance: (p) => p.balance,
  CPUCreditUsage: (p) => p.usage,
  // Surplus credits exist in unlimited mode only: 0 in standard mode.
  CPUSurplusCreditBalance: (p) => p.surplus ?? 0,
  CPUSurplusCreditsCharged: (p) => p.charged ?? 0,
  // Every instance passes its status checks.
  StatusCheckFailed: () => 0,
};

function combine(values: number[], stat: string): number {
  switch (stat) {
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'Sum':
      return values.reduce((sum, v) => sum + v, 0);
    case 'SampleCount':
      return values.length;
    default:
      return values.reduce((sum, v) => sum + v, 0) / values.length;
  }
}

/** The datapoints behind a metric's dimensions: one instance's, or every instance's while it was in the group. */
function periodsOf(
  fleet: Fleet,
  dimensions: Record<string, string>,
): { instance: SimInstance; index: number; point: InstancePeriod }[] {
  const all = (instance: SimInstance) => instance.periods.map((point, index) => ({ instance, index, point }));
  if (dimensions.InstanceId) return [fleet.instances.get(dimensions.InstanceId) ?? []].flat().flatMap(all);
  const group = dimensions.AutoScalingGroupName;
  if (group) return [...fleet.instances.values()].flatMap(all).filter(({ point }) => point.group === group);
  return [];
}

/** The metric's datapoints in [start, end), oldest first, `stat` over `period` seconds (a multiple of 300). */
export function series(
  fleet: Fleet,
  metric: MetricIdentity,
  stat: string,
  period: number,
  start: Date,
  end: Date,
): Datapoint[] {
  const value = metric.namespace === 'AWS/EC2' ? VALUES[metric.name] : undefined;
  if (!value) return [];
  const buckets = new Map<number, number[]>();
  const periodMs = Math.max(PERIOD_MS, Math.round(period / 300) * PERIOD_MS);
  for (const { instance, index, point } of periodsOf(fleet, metric.dimensions)) {
    const at = fleet.periodStart(instance.firstTick + index).getTime();
    if (at < start.getTime() || at >= end.getTime()) continue;
    const bucket = Math.floor(at / periodMs) * periodMs;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), value(point)]);
  }
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([at, values]) => ({ at: new Date(at), value: Number(combine(values, stat).toFixed(4)) }));
}

function result(fleet: Fleet, query: MetricDataQuery, input: GetMetricDataCommandInput): MetricDataResult {
  const stat = query.MetricStat;
  const metric = stat?.Metric;
  if (!stat || !metric?.Namespace || !metric.MetricName) {
    return {
      Id: query.Id,
      Label: query.Label ?? query.Id,
      Timestamps: [],
      Values: [],
      StatusCode: 'InternalError',
      Messages: [{ Code: 'Unsupported', Value: 'The sandbox does not evaluate metric math expressions.' }],
    };
  }
  const dimensions = Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
  const points = series(
    fleet,
    { namespace: metric.Namespace, name: metric.MetricName, dimensions },
    stat.Stat ?? 'Average',
    stat.Period ?? 300,
    input.StartTime ?? new Date(0),
    input.EndTime ?? fleet.now(),
  );
  if (input.ScanBy !== 'TimestampAscending') points.reverse();
  return {
    Id: query.Id,
    Label: query.Label ?? metric.MetricName,
    Timestamps: points.map((p) => p.at),
    Values: points.map((p) => p.value),
    StatusCode: 'Complete',
    Messages: [],
  };
}

/** GetMetricData: every query with ReturnData (the default), in one page. */
export function metricData(fleet: Fleet, input: GetMetricDataCommandInput) {
  const queries = (input.MetricDataQueries ?? []).filter((query) => query.ReturnData !== false);
  return { MetricDataResults: queries.map((query) => result(fleet, query, input)), Messages: [] };
}
