import { burstableProfile, type BurstableProfile } from '../../commands/burstable';

/**
 * CPU-credit accounting of a burstable instance in standard mode, one 5-minute CloudWatch period at a time
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-credits-baseline-concepts.html): it earns
 * creditsPerHour/12 a period, spends CPU% × vCPUs × 5 min / 100, keeps at
 * most maxBalance, and once the balance is gone it gets only what it earns: CPU pinned at the baseline.
 */
export interface CreditPeriod {
  /** CPUUtilization, % per vCPU as CloudWatch reports it. */
  cpu: number;
  /** CPUCreditUsage: credits spent in the period. */
  usage: number;
  /** CPUCreditBalance at the end of the period. */
  balance: number;
}

export const PERIOD_MS = 5 * 60_000;

export function profileOf(instanceType: string): BurstableProfile {
  const profile = burstableProfile(instanceType);
  if (!profile) throw new Error(`The sandbox simulates burstable instance types only, not ${instanceType}`);
  return profile;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * One period of an instance whose workload wants `demand` % CPU, starting from `balance` credits. In unlimited mode
 * it gets what it wants: beyond its balance it spends surplus credits (billed), and is never held at the baseline.
 */
export function simulatePeriod(
  profile: BurstableProfile,
  balance: number,
  demand: number,
  unlimited = false,
): CreditPeriod {
  const earned = profile.creditsPerHour / 12;
  const creditsPerPercent = (profile.vcpus * 5) / 100;
  const wanted = Math.max(0, demand) * creditsPerPercent;
  const available = balance + earned;
  const usage = unlimited ? Math.min(wanted, profile.vcpus * 5) : Math.min(wanted, available);
  return {
    cpu: round(usage / creditsPerPercent, 3),
    usage: round(usage, 4),
    balance: round(Math.max(0, Math.min(profile.maxBalance, available - usage)), 3),
  };
}

/** A small deterministic random source (mulberry32), so a sandbox run and a test see the same noise. */
export function noiseSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A quiet day of a small web app: 3–8 % CPU following the daily cycle, below the t3.micro baseline. */
export function quietDemand(tick: number, random: () => number): number {
  const day = Math.sin((2 * Math.PI * (tick % 288)) / 288);
  return Math.max(1, 5 + 2.5 * day + (random() - 0.5) * 2);
}
