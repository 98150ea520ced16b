import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { CreditSeries, Point } from '../../commands/alarms/throttling';

/**
 * CPU and credit history per instance, for the throttling diagnosis. Queried per InstanceId rather than per
 * AutoScalingGroupName: type and credit mode are per instance, and a group aggregate would hide one throttled
 * instance among healthy ones (and mix sizes with different baselines).
 */
const METRICS = [
  { key: 'cpu', metric: 'CPUUtilization', stat: 'Average', series: 'cpu' },
  { key: 'bal', metric: 'CPUCreditBalance', stat: 'Minimum', series: 'creditBalance' },
  // Sum, not Average: usage is credits spent per period, and periods longer than 5 minutes add up
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-monitoring-cpu-credits.html).
  { key: 'use', metric: 'CPUCreditUsage', stat: 'Sum', series: 'creditUsage' },
  { key: 'spb', metric: 'CPUSurplusCreditBalance', stat: 'Maximum', series: 'surplusBalance' },
  { key: 'spc', metric: 'CPUSurplusCreditsCharged', stat: 'Sum', series: 'surplusCharged' },
] as const;

/** GetMetricData takes at most 500 queries: 100 instances of five metrics each. */
export const INSTANCES_PER_CALL = 100;

function queriesFor(instanceId: string, index: number): MetricDataQuery[] {
  return METRICS.map(({ key, metric, stat }) => ({
    Id: `${key}${index}`, // query ids must start with a lowercase letter
    MetricStat: {
      Metric: { Namespace: 'AWS/EC2', MetricName: metric, Dimensions: [{ Name: 'InstanceId', Value: instanceId }] },
      Period: 300,
      Stat: stat,
    },
    ReturnData: true,
  }));
}

function emptySeries(): Required<CreditSeries> {
  return { cpu: [], creditBalance: [], creditUsage: [], surplusBalance: [], surplusCharged: [] };
}

async function seriesChunk(
  client: CloudWatchClient,
  instanceIds: string[],
  start: Date,
  end: Date,
): Promise<Map<string, CreditSeries>> {
  const byId = new Map(instanceIds.map((id) => [id, emptySeries()]));
  const targets = new Map<string, { points: Point[] }>();
  instanceIds.forEach((id, index) => {
    const series = byId.get(id) ?? emptySeries();
    for (const { key, series: name } of METRICS) targets.set(`${key}${index}`, { points: series[name] });
  });
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: instanceIds.flatMap(queriesFor),
        StartTime: start,
        EndTime: end,
        NextToken,
      }),
    );
    for (const result of page.MetricDataResults ?? []) {
      const target = targets.get(result.Id ?? '');
      // A page can split one series: append, and let the diagnosis sort by time.
      (result.Timestamps ?? []).forEach((at, i) => {
        const value = result.Values?.[i];
        if (target && value !== undefined) target.points.push({ at, value });
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return byId;
}

/** Five metrics per instance over the last `hours`, one GetMetricData call (and its pages) per 100 instances. */
export async function creditSeries(
  client: CloudWatchClient,
  instanceIds: string[],
  hours: number,
  now: Date,
): Promise<Map<string, CreditSeries>> {
  const unique = [...new Set(instanceIds)];
  const start = new Date(now.getTime() - hours * 3_600_000);
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += INSTANCES_PER_CALL) chunks.push(unique.slice(i, i + INSTANCES_PER_CALL));
  const results = await Promise.all(chunks.map((chunk) => seriesChunk(client, chunk, start, now)));
  return new Map(results.flatMap((result) => [...result]));
}
