import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type CloudWatchClient,
  type CompositeAlarm,
  type MetricAlarm,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmReader, CreditReader, FiringAlarm } from '../../commands/ports';

function metricAlarm(alarm: MetricAlarm): FiringAlarm {
  const metric =
    alarm.Namespace && alarm.MetricName
      ? `${alarm.Namespace} ${alarm.MetricName}`
      : alarm.Metrics?.length
        ? 'metric math'
        : undefined;
  return {
    name: alarm.AlarmName ?? '',
    reason: alarm.StateReason ?? '',
    // StateUpdatedTimestamp moves on every evaluation update; the transition time is when it started firing.
    since: alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp,
    metric,
  };
}

function compositeAlarm(alarm: CompositeAlarm): FiringAlarm {
  return {
    name: alarm.AlarmName ?? '',
    reason: alarm.StateReason ?? '',
    since: alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp,
  };
}

/** Alarms in ALARM by name prefix; an empty prefix means every alarm in the account and region. */
export function cloudWatchAlarms(client: CloudWatchClient): AlarmReader {
  return {
    firing: async (namePrefix) => {
      const firing: FiringAlarm[] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(
          new DescribeAlarmsCommand({
            AlarmNamePrefix: namePrefix || undefined, // the API rejects an empty prefix
            StateValue: 'ALARM',
            // Without AlarmTypes, DescribeAlarms returns metric alarms only.
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
            MaxRecords: 100,
            NextToken,
          }),
        );
        firing.push(...(page.MetricAlarms ?? []).map(metricAlarm), ...(page.CompositeAlarms ?? []).map(compositeAlarm));
        NextToken = page.NextToken;
      } while (NextToken);
      return firing;
    },
  };
}

// GetMetricData takes at most 500 queries per call.
const MAX_QUERIES = 500;
const WINDOW_MS = 15 * 60_000;

interface Datapoint {
  at: number;
  value: number;
}

function creditQuery(instanceId: string, index: number): MetricDataQuery {
  return {
    Id: `c${index}`, // query IDs must start with a lowercase letter
    MetricStat: {
      Metric: {
        Namespace: 'AWS/EC2',
        MetricName: 'CPUCreditBalance',
        Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
      },
      Period: 300,
      Stat: 'Minimum',
    },
  };
}

async function newestBalances(
  client: CloudWatchClient,
  instanceIds: string[],
  end: Date,
): Promise<Map<string, Datapoint>> {
  const newest = new Map<string, Datapoint>();
  const byQueryId = new Map(instanceIds.map((id, index) => [`c${index}`, id]));
  const StartTime = new Date(end.getTime() - WINDOW_MS);
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new GetMetricDataCommand({ MetricDataQueries: instanceIds.map(creditQuery), StartTime, EndTime: end, NextToken }),
    );
    for (const result of page.MetricDataResults ?? []) {
      const instanceId = byQueryId.get(result.Id ?? '');
      if (!instanceId) continue;
      // Newest first is only the default order, and pages can split a series: compare timestamps.
      (result.Timestamps ?? []).forEach((timestamp, i) => {
        const value = result.Values?.[i];
        const seen = newest.get(instanceId);
        if (value !== undefined && (!seen || timestamp.getTime() > seen.at))
          newest.set(instanceId, { at: timestamp.getTime(), value });
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return newest;
}

/** Latest CPUCreditBalance per instance over the last 15 minutes, one GetMetricData call per 500 instances. */
export function cloudWatchCredits(client: CloudWatchClient, options: { now?: () => Date } = {}): CreditReader {
  const now = options.now ?? (() => new Date());
  return {
    creditBalances: async (instanceIds) => {
      const unique = [...new Set(instanceIds)];
      const balances = new Map<string, number | undefined>(unique.map((id) => [id, undefined]));
      const end = now();
      const chunks: string[][] = [];
      for (let i = 0; i < unique.length; i += MAX_QUERIES) chunks.push(unique.slice(i, i + MAX_QUERIES));
      const results = await Promise.all(chunks.map((chunk) => newestBalances(client, chunk, end)));
      for (const [id, point] of results.flatMap((result) => [...result])) balances.set(id, point.value);
      return balances;
    },
  };
}
