import { burstableProfile, isBurstable, type BurstableProfile } from '../burstable';
import {
  chronological,
  lastPoints,
  latest,
  mean,
  newestRunMinutes,
  since,
  slopePerHour,
  total,
  type Point,
} from './series';
import { adviceFor, factsFor, headlineFor } from './throttling-text';
import { THRESHOLDS } from './throttling-thresholds';
import type { Diagnosis, Measures, ThrottlingInput, Verdict } from './throttling-types';

export { THRESHOLDS } from './throttling-thresholds';

export type { Point } from './series';
export type {
  CreditMode,
  CreditSeries,
  Diagnosis,
  Measures,
  Replacement,
  ThrottlingInput,
  Verdict,
} from './throttling-types';

function fresh(points: readonly Point[], now: Date): Point[] {
  const newest = latest(points);
  return newest && now.getTime() - newest.at.getTime() <= THRESHOLDS.staleMinutes * 60_000 ? chronological(points) : [];
}

function measure(input: ThrottlingInput, baseline: number | undefined): Measures {
  const { series, now } = input;
  const cpu = fresh(series.cpu, now);
  const balance = fresh(series.creditBalance, now);
  const hourAgo = new Date(now.getTime() - THRESHOLDS.trendMinutes * 60_000);
  const recentBalance = since(balance, hourAgo, now);
  const windowStart = new Date(now.getTime() - THRESHOLDS.replacementHours * 3_600_000);
  const surplusBalance = latest(fresh(series.surplusBalance ?? [], now))?.value;
  return {
    cpuNow: mean(lastPoints(cpu, THRESHOLDS.pinnedPeriods)),
    balanceNow: latest(balance)?.value,
    balancePerHour: recentBalance.length >= THRESHOLDS.trendPoints ? slopePerHour(recentBalance) : undefined,
    minutesPinned:
      baseline === undefined
        ? 0
        : newestRunMinutes(cpu, (point) => Math.abs(point.value - baseline) <= THRESHOLDS.pinTolerance),
    surplusBalance,
    surplusCharged: total(since(series.surplusCharged ?? [], windowStart, now)),
    replacements: input.replacements.filter((replacement) => replacement.at >= windowStart && replacement.at <= now),
  };
}

const earnedPerPeriod = (profile: BurstableProfile): number => profile.creditsPerHour / 12;

/** Throttled: the balance is down to one period's earnings and CPU sits at the baseline (or usage = earnings). */
function isExhausted(input: ThrottlingInput, profile: BurstableProfile, m: Measures): boolean {
  if (m.balanceNow === undefined || m.balanceNow > earnedPerPeriod(profile)) return false;
  const pinned = m.minutesPinned >= THRESHOLDS.pinnedPeriods * 5;
  const usage = lastPoints(fresh(input.series.creditUsage ?? [], input.now), THRESHOLDS.pinnedPeriods);
  const spendsEarnings =
    usage.length === THRESHOLDS.pinnedPeriods &&
    usage.every(
      (point) => Math.abs(point.value - earnedPerPeriod(profile)) <= THRESHOLDS.usageMatch * earnedPerPeriod(profile),
    );
  return pinned || spendsEarnings;
}

/** Minutes until the balance reaches 0 at the last hour's rate, when it is falling and CPU is above baseline. */
function minutesToZero(profile: BurstableProfile, m: Measures): number | undefined {
  if (
    m.cpuNow === undefined ||
    m.balanceNow === undefined ||
    m.cpuNow <= profile.baselinePercent + THRESHOLDS.pinTolerance
  )
    return undefined;
  if (m.balanceNow <= earnedPerPeriod(profile)) return 0; // "gradually lowered to the baseline" is under way
  if (m.balancePerHour === undefined || m.balancePerHour > -THRESHOLDS.drainFraction * profile.creditsPerHour)
    return undefined;
  const minutes = (m.balanceNow / -m.balancePerHour) * 60;
  return minutes <= THRESHOLDS.drainHorizonHours * 60 ? minutes : undefined;
}

function verdictOf(input: ThrottlingInput, profile: BurstableProfile | undefined, m: Measures): Verdict {
  if (input.instanceType && !isBurstable(input.instanceType)) return 'not-burstable';
  if (!profile) return 'insufficient-data';
  // Surplus metrics exist only in unlimited mode, so they settle the mode even when it is unknown.
  if ((m.surplusBalance ?? 0) > 0 || m.surplusCharged > 0) return 'unlimited-surplus';
  if (m.cpuNow === undefined || m.balanceNow === undefined) return 'insufficient-data';
  if (input.creditMode === 'unlimited') return 'not-credit-related'; // unlimited never throttles
  if (isExhausted(input, profile, m)) return 'exhausted';
  return m.minutesToZero === undefined ? 'not-credit-related' : 'draining';
}

/** Whether CPU credits explain an instance's CPU alarm, and what to do about it. Pure: series in, verdict out. */
export function diagnoseThrottling(input: ThrottlingInput): Diagnosis {
  const profile = burstableProfile(input.instanceType);
  const measured = measure(input, profile?.baselinePercent);
  const measures = profile ? { ...measured, minutesToZero: minutesToZero(profile, measured) } : measured;
  const verdict = verdictOf(input, profile, measures);
  const about = { verdict, input, profile, measures };
  return {
    verdict,
    headline: headlineFor(about),
    facts: factsFor(about),
    advice: adviceFor(about),
    measures,
    ...(input.creditMode ? { creditMode: input.creditMode } : {}),
  };
}

const SEVERITY: Verdict[] = [
  'exhausted',
  'draining',
  'unlimited-surplus',
  'not-credit-related',
  'not-burstable',
  'insufficient-data',
];

/** Most severe first: throttled, then draining, then billed, then fine; no data last. */
export function bySeverity<T extends { diagnosis: Diagnosis }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => SEVERITY.indexOf(a.diagnosis.verdict) - SEVERITY.indexOf(b.diagnosis.verdict));
}

/** The diagnosis that matters most among a group's instances. */
export function mostSevere<T extends { diagnosis: Diagnosis }>(items: readonly T[]): T | undefined {
  return bySeverity(items)[0];
}
