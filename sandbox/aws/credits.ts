import { burstableProfile, type BurstableProfile } from '../../commands/burstable';

/**
 * CPU-credit accounting of a burstable instance, one 5-minute CloudWatch period at a time
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-credits-baseline-concepts.html): it earns
 * creditsPerHour/12 a period, spends CPU% × vCPUs × 5 min / 100, keeps at most maxBalance. In standard mode, once the
 * balance is gone it gets only what it earns: CPU pinned at the baseline. In unlimited mode it gets what it wants and
 * spends surplus credits beyond its balance
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-unlimited-mode-concepts.html):
 * credits it earns later pay them back first, and surplus beyond what it can earn in 24 hours (maxBalance) is charged.
 */
export interface CreditPeriod {
  /** CPUUtilization, % per vCPU as CloudWatch reports it. */
  cpu: number;
  /** CPUCreditUsage: credits spent in the period. */
  usage: number;
  /** CPUCreditBalance at the end of the period. */
  balance: number;
  /** CPUSurplusCreditBalance at the end of the period (unlimited mode only). */
  surplus?: number;
  /** CPUSurplusCreditsCharged in the period (unlimited mode only). */
  charged?: number;
}

export const PERIOD_MS = 5 * 60_000;

export function profileOf(instanceType: string): BurstableProfile {
  const profile = burstableProfile(instanceType);
  if (!profile) throw new Error(`The sandbox simulates burstable instance types only, not ${instanceType}`);
  return profile;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * One period of an instance whose workload wants `demand` % CPU, starting from `balance` credits (and `surplus`
 * surplus credits owed, in unlimited mode). In unlimited mode it gets what it wants and is never held at the baseline.
 */
export function simulatePeriod(
  profile: BurstableProfile,
  balance: number,
  demand: number,
  unlimited = false,
  surplus = 0,
): CreditPeriod {
  const earned = profile.creditsPerHour / 12;
  const creditsPerPercent = (profile.vcpus * 5) / 100;
  const wanted = Math.max(0, demand) * creditsPerPercent;
  const available = balance + earned;
  if (!unlimited) {
    const usage = Math.min(wanted, available);
    return {
      cpu: round(usage / creditsPerPercent, 3),
      usage: round(usage, 4),
      balance: round(Math.max(0, Math.min(profile.maxBalance, available - usage)), 3),
    };
  }
  const usage = Math.min(wanted, profile.vcpus * 5);
  const left = available - usage;
  // What is left after the period first pays back surplus credits; what is missing is spent as surplus.
  const owed = left >= 0 ? Math.max(0, surplus - left) : surplus - left;
  const charged = Math.max(0, owed - profile.maxBalance);
  return {
    cpu: round(usage / creditsPerPercent, 3),
    usage: round(usage, 4),
    balance: round(Math.max(0, Math.min(profile.maxBalance, left - surplus)), 3),
    surplus: round(owed - charged, 3),
    charged: round(charged, 3),
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
