import type * as z from 'zod';
import type { AlarmMetric, MetricQuery } from './alarm-notification';

/** The input is not an alarm notification this bot understands; `missing` says what it lacked. */
export class AlarmParseError extends Error {
  override readonly name = 'AlarmParseError';
  constructor(
    readonly form: string,
    readonly missing: string[],
  ) {
    super(`Not a CloudWatch alarm notification (${form}): ${missing.join('; ')}`);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path)
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** Zod's issues as `path missing` or `path: what is wrong` lines, for AlarmParseError. */
export function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(top level)';
    return valueAt(input, issue.path) === undefined ? `${path} missing` : `${path}: ${issue.message}`;
  });
}

/**
 * Single metric when the query list is one plain metric (EventBridge always sends a list), metric math
 * otherwise; the alarm's condition is copied into a single metric, as the SNS Trigger has it.
 */
export function metricOrMath(
  queries: MetricQuery[],
  condition: { threshold?: number; comparison?: string },
): { metric?: AlarmMetric; metrics?: MetricQuery[] } {
  const [only] = queries;
  if (queries.length === 1 && only?.metric && !only.expression) {
    return { metric: { ...only.metric, statistic: only.stat, period: only.period, ...condition } };
  }
  return queries.length ? { metrics: queries } : {};
}
