import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';

/**
 * What DescribeAlarms reports about a metric alarm's state, written out here rather than taken from
 * lib/aws/alarm-rewrite.ts, so a wrong list in the code cannot make its own tests pass.
 */
const STATE_FIELDS = [
  'AlarmArn',
  'AlarmConfigurationUpdatedTimestamp',
  'StateValue',
  'StateReason',
  'StateReasonData',
  'StateUpdatedTimestamp',
  'StateTransitionedTimestamp',
  'EvaluationState',
];

/** An alarm's settings: what PutMetricAlarm must be sent to rewrite it unchanged. */
export const alarmSettings = (alarm: MetricAlarm): Record<string, unknown> =>
  Object.fromEntries(Object.entries(alarm).filter(([field]) => !STATE_FIELDS.includes(field)));
