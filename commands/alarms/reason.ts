/**
 * Reading what CloudWatch writes about a state change: its timestamps, the `StateReason` sentence and the
 * `reasonData` JSON. EventBridge events carry no threshold or comparison operator, so those come from here.
 */

/** CloudWatch writes `2021-06-18T07:28:21.921+0000`; only `+00:00` is ISO 8601, so add the colon. */
export function parseAwsTime(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface ReasonData {
  recentDatapoints?: number[];
  threshold?: number;
  statistic?: string;
  period?: number;
  evaluatedDatapoints?: { timestamp?: string; value?: number }[];
  triggeringAlarms?: { arn?: string }[];
}

/** `reasonData` is a JSON string; a bad one is ignored rather than failing the whole notification. */
export function parseReasonData(text: string | undefined): ReasonData {
  if (!text) return {};
  try {
    const data: unknown = JSON.parse(text);
    return typeof data === 'object' && data !== null ? data : {};
  } catch {
    return {};
  }
}

const DATAPOINT = /(-?\d+(?:\.\d+)?(?:E[+-]?\d+)?) \((\d{2})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2})\)/gi;

/** The datapoints quoted in the reason, `[99.5 (02/10/19 16:59:00), …]`, newest first. The dates are dd/mm/yy. */
export function reasonDatapoints(reason: string): { value: number; sortKey: string }[] {
  return [...reason.matchAll(DATAPOINT)]
    .map(([, value = '', day = '', month = '', year = '', time = '']) => ({
      value: Number(value),
      sortKey: `${year}${month}${day}${time}`,
    }))
    .sort((a, b) => b.sortKey.localeCompare(a.sortKey));
}

/**
 * The newest value the alarm saw: the reason's timestamped datapoints first (their order is explicit), then
 * reasonData's evaluated datapoints, then the last of `recentDatapoints` (assumed oldest-first).
 */
export function currentValueOf(reason: string, data: ReasonData): number | undefined {
  const quoted = reasonDatapoints(reason)[0];
  if (quoted) return quoted.value;
  const evaluated = (data.evaluatedDatapoints ?? [])
    .filter((point) => typeof point.value === 'number')
    .sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? ''))[0];
  return evaluated?.value ?? data.recentDatapoints?.at(-1);
}

/** `… was greater than the threshold (50.0) …` → 50. */
export function thresholdFromReason(reason: string): number | undefined {
  const match = /the threshold \((-?\d+(?:\.\d+)?(?:E[+-]?\d+)?)\)/i.exec(reason);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The comparison operator a reason sentence implies (EventBridge events do not carry it). */
export function comparisonFromReason(reason: string): string | undefined {
  const lower = reason.includes('less than the lower thresholds');
  const upper = reason.includes('greater than the upper thresholds');
  if (lower && upper) return 'LessThanLowerOrGreaterThanUpperThreshold';
  if (upper) return 'GreaterThanUpperThreshold';
  if (lower) return 'LessThanLowerThreshold';
  const match = /(greater|less) than (or equal to )?the threshold/.exec(reason);
  if (!match) return undefined;
  return `${match[1] === 'greater' ? 'Greater' : 'Less'}Than${match[2] ? 'OrEqualTo' : ''}Threshold`;
}

/** `[0.0206]` after "lower thresholds" and "upper thresholds", for anomaly-detection bands. */
export function bandFromReason(reason: string): { lower?: number; upper?: number } {
  const lower = /lower thresholds \[(-?[\d.E+-]+)\]/i.exec(reason)?.[1];
  const upper = /upper thresholds \[(-?[\d.E+-]+)\]/i.exec(reason)?.[1];
  return {
    lower: lower === undefined ? undefined : Number(lower),
    upper: upper === undefined ? undefined : Number(upper),
  };
}

/** `arn:aws:cloudwatch:us-east-1:123456789012:alarm:Name` → `Name`; anything else unchanged. */
export function alarmNameFromArn(arn: string): string {
  return /^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(arn)?.[1] ?? arn;
}

/** Numbers as people read them: 99.50160229693434 → 99.5, 0.020599 → 0.0206, 80.0 → 80. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Math.abs(value) >= 1 ? Number(value.toFixed(2)) : Number(value.toPrecision(3)));
}
