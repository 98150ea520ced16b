/**
 * The verdict's thresholds (aws-slack-facts.md §2.5 heuristic). Credit metrics come every 5 minutes, so
 * "now" is the last 15 minutes (three periods), and trends are fitted over the last hour (twelve).
 */
export const THRESHOLDS = {
  /** CPU within this many percentage points of the baseline counts as sitting at it. */
  pinTolerance: 2,
  /** Periods at the baseline (with a low balance) before calling it throttled: the fact sheet's N ≥ 3. */
  pinnedPeriods: 3,
  /** Credit usage within ±25 % of the earn rate: the instance spends exactly what it earns. */
  usageMatch: 0.25,
  trendMinutes: 60,
  trendPoints: 3,
  /** Falling slower than 10 % of the hourly earn rate is noise (the balance is a per-period Minimum). */
  drainFraction: 0.1,
  /** A one-hour trend says little about tomorrow: beyond 12 h the daily load cycle dominates. */
  drainHorizonHours: 12,
  /** No CPU or balance datapoint this recent: the instance is stopped, gone or not reporting. */
  staleMinutes: 20,
  replacementHours: 6,
  busyCpu: 80,
} as const;
