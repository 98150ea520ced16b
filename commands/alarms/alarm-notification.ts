/**
 * One CloudWatch alarm state change, whichever way it arrived: an EventBridge "CloudWatch Alarm State Change"
 * event, a Lambda SNS event, an SNS HTTP delivery body, or an alarm's direct Lambda action.
 */
export type AlarmState = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';

export interface MetricIdentity {
  namespace: string;
  name: string;
  /** `{ InstanceId: 'i-…' }`; SNS's lowercase `name`/`value` items are normalised into this. */
  dimensions: Record<string, string>;
}

export interface AlarmMetric extends MetricIdentity {
  /** `Average`, `Sum`…, or an extended statistic such as `p99` (SNS's `AVERAGE` is normalised). */
  statistic?: string;
  period?: number;
  threshold?: number;
  comparison?: string;
  unit?: string;
}

/** One entry of a metric-math alarm's query list. */
export interface MetricQuery {
  id: string;
  expression?: string;
  label?: string;
  returnData: boolean;
  metric?: MetricIdentity;
  stat?: string;
  period?: number;
}

export interface AlarmNotification {
  alarmName: string;
  alarmArn?: string;
  account: string;
  /** A region code, from the ARN; the SNS `Region` field is a display name and only a fallback. */
  region: string;
  state: AlarmState;
  previousState?: AlarmState;
  reason: string;
  changedAt: Date;
  description?: string;
  /** Single-metric alarms. */
  metric?: AlarmMetric;
  /** Metric-math (and anomaly-detection) alarms. */
  metrics?: MetricQuery[];
  /** For single and math alarms alike (for a single metric it repeats `metric.threshold`/`comparison`). */
  threshold?: number;
  comparison?: string;
  thresholdMetricId?: string;
  composite?: { rule: string; triggeredBy: string[] };
  currentValue?: number;
}
