import type { AlarmNotification } from './notification';
import { alarmNameFromArn, bandFromReason, formatNumber, thresholdFromReason } from './reason';

type Explained = Pick<
  AlarmNotification,
  'reason' | 'metric' | 'metrics' | 'threshold' | 'comparison' | 'thresholdMetricId' | 'currentValue'
>;

/** What each comparison operator means when the condition holds, and when it does not ("was not greater"). */
const WORDS: Record<string, [holds: string, fails: string]> = {
  GreaterThanThreshold: ['above', 'at or below'],
  GreaterThanOrEqualToThreshold: ['at or above', 'below'],
  LessThanThreshold: ['below', 'at or above'],
  LessThanOrEqualToThreshold: ['at or below', 'above'],
};

/** What the alarm watches, in its own words: the metric's name, or the math expression's label. */
export function watchedMetric(
  notification: Pick<AlarmNotification, 'metric' | 'metrics' | 'thresholdMetricId'>,
): string {
  if (notification.metric) return notification.metric.name;
  const shown = (notification.metrics ?? []).filter(
    (query) =>
      query.returnData &&
      query.id !== notification.thresholdMetricId &&
      !/^ANOMALY_DETECTION_BAND/i.test(query.expression ?? ''),
  );
  const [first] = shown;
  return first?.label ?? first?.metric?.name ?? first?.expression ?? 'The metric';
}

function condition(notification: Explained, negated: boolean): string | undefined {
  const { reason } = notification;
  if (reason.includes('thresholds [')) {
    const { lower, upper } = bandFromReason(reason);
    const range = [lower, upper].map((value) => (value === undefined ? '?' : formatNumber(value))).join('–');
    return `${negated ? 'back inside' : 'outside'} the expected band (${range})`;
  }
  const words = WORDS[notification.comparison ?? ''];
  const threshold = notification.threshold ?? thresholdFromReason(reason);
  if (!words || threshold === undefined) return undefined;
  return `${negated ? words[1] : words[0]} ${formatNumber(threshold)}`;
}

/**
 * CloudWatch's reason in plain words: "Threshold Crossed: 3 out of the last 3 datapoints […] were greater than
 * the threshold (80.0)…" → "CPUUtilization has been above 80 for 3 of the last 3 periods (now 97.3)". Reasons
 * it does not recognise are returned as they are.
 */
export function plainReason(notification: Explained): string {
  const reason = notification.reason.trim();
  const child = /^(arn:\S+) transitioned to (\w+) at /.exec(reason);
  if (child?.[1] && child[2]) return `${alarmNameFromArn(child[1])} went to ${child[2]}`;
  const unknown = /^Insufficient Data: (\d+) datapoints? (?:was|were) unknown/.exec(reason);
  if (unknown?.[1]) return `No data for the last ${unknown[1] === '1' ? 'period' : `${unknown[1]} periods`}`;
  if (!/^Thresholds? Crossed:/.test(reason)) return reason;
  const how = condition(notification, /\] (?:was|were) not /.test(reason));
  if (!how) return reason;
  const [, crossed, evaluated] = /Crossed: (\d+) out of the last (\d+) datapoints?/.exec(reason) ?? [];
  const many = evaluated !== undefined && evaluated !== '1';
  const span =
    evaluated === undefined
      ? ''
      : many
        ? ` for ${crossed ?? '?'} of the last ${evaluated} periods`
        : ' in the last period';
  const now = notification.currentValue === undefined ? '' : ` (now ${formatNumber(notification.currentValue)})`;
  return `${watchedMetric(notification)} ${many ? 'has been' : 'was'} ${how}${span}${now}`;
}
