import type { AlarmNotification, MetricIdentity, MetricQuery } from './notification';
import { formatNumber } from './reason';

/**
 * GetMetricWidgetImage's MetricWidget JSON, the parts the alarm graph uses
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Metric-Widget-Structure.html).
 */
export type MetricRow = (string | Record<string, unknown>)[];

export interface MetricWidget {
  metrics: MetricRow[];
  view: 'timeSeries';
  stacked: false;
  region: string;
  title: string;
  start: string;
  end: string;
  period?: number;
  width: number;
  height: number;
  legend: { position: 'bottom' };
  annotations: {
    horizontal?: { label: string; value: number; color: string }[];
    vertical?: { label: string; value: string; color: string }[];
  };
}

const SYMBOLS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

function metricRow(metric: MetricIdentity, options: Record<string, unknown>): MetricRow {
  const dimensions = Object.entries(metric.dimensions).flat();
  // Undefined options would be dropped by JSON.stringify anyway; dropping them here keeps tests exact.
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return [metric.namespace, metric.name, ...dimensions, defined];
}

function queryRow(query: MetricQuery): MetricRow {
  if (query.metric)
    return metricRow(query.metric, {
      id: query.id,
      stat: query.stat,
      period: query.period,
      label: query.label,
      visible: query.returnData,
    });
  return [
    {
      expression: query.expression ?? '',
      id: query.id,
      label: query.label ?? query.expression,
      visible: query.returnData,
    },
  ];
}

/** The rows to plot: the alarm's metric, or every metric-math query (hidden when the alarm hides it). */
function rowsOf(notification: AlarmNotification): MetricRow[] {
  const { metric, metrics } = notification;
  if (metric) return [metricRow(metric, { stat: metric.statistic ?? 'Average', period: metric.period })];
  return (metrics ?? []).map(queryRow);
}

/**
 * The graph for an alarm message: the last `hours` of its metric, a red line at the threshold and a mark at
 * the state change, 800×400 (Slack shows it full width without scaling text down). Undefined for composite alarms.
 */
export function metricWidget(
  notification: AlarmNotification,
  options: { hours?: number; width?: number; height?: number } = {},
): MetricWidget | undefined {
  const metrics = rowsOf(notification);
  if (!metrics.length) return undefined;
  const { threshold, comparison } = notification;
  const symbol = comparison === undefined ? undefined : SYMBOLS[comparison];
  const period =
    notification.metric?.period ?? notification.metrics?.find((query) => query.period !== undefined)?.period;
  return {
    metrics,
    view: 'timeSeries',
    stacked: false,
    region: notification.region,
    title: notification.alarmName.slice(0, 200),
    start: `-PT${options.hours ?? 3}H`,
    end: 'P0D',
    ...(period === undefined ? {} : { period }),
    width: options.width ?? 800,
    height: options.height ?? 400,
    legend: { position: 'bottom' },
    annotations: {
      ...(threshold === undefined
        ? {}
        : {
            horizontal: [
              {
                label: ['threshold', symbol, formatNumber(threshold)].filter(Boolean).join(' '),
                value: threshold,
                color: '#d62728',
              },
            ],
          }),
      vertical: [{ label: notification.state, value: notification.changedAt.toISOString(), color: '#7f7f7f' }],
    },
  };
}
