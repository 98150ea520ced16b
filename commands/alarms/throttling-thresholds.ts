/**
 * The verdict's thresholds. Standard-mode instances that spent their balance are held at the baseline
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-standard-mode-concepts.html),
 * so "throttled" is a balance near zero with CPU at the baseline for several periods; AWS publishes no rule for it,
 * these numbers are ours. Credit metrics come every 5 minutes
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-monitoring-cpu-credits.html), so
 * "now" is the last 15 minutes (three periods), and trends are fitted over the last hour (twelve).
 */
export const THRESHOLDS = {
  /** CPU within this many percentage points of the baseline counts as sitting at it. */
  pinTolerance: 2,
  /** Periods at the baseline (with a low balance) before calling it throttled: three, so one quiet period is not. */
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
