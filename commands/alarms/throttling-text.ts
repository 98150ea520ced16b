import { burstableProfile, type BurstableProfile } from '../burstable';
import { formatNumber } from './reason';
import type { Measures, ThrottlingInput, Verdict } from './throttling-types';
import { THRESHOLDS } from './throttling-thresholds';

/** The words of a diagnosis: headline, facts and advice, from the verdict and its numbers. */
interface About {
  verdict: Verdict;
  input: ThrottlingInput;
  profile: BurstableProfile | undefined;
  measures: Measures;
}

const SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];

/** The next size up in the same family with a higher baseline: t3.micro → t3.small (t3.small → t3.large). */
export function largerBaselineType(instanceType: string | undefined): string | undefined {
  const [family, size = ''] = (instanceType ?? '').split('.');
  const current = burstableProfile(instanceType);
  if (!family || !current) return undefined;
  const next = SIZES.slice(SIZES.indexOf(size) + 1).find(
    (candidate) => (burstableProfile(`${family}.${candidate}`)?.baselinePercent ?? 0) > current.baselinePercent,
  );
  return next && `${family}.${next}`;
}

/** 90 → `90 min`, 150 → `2 h 30 min`. */
export function minutesText(minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded < 120) return `${rounded} min`;
  const rest = rounded % 60;
  return `${Math.floor(rounded / 60)} h${rest ? ` ${rest} min` : ''}`;
}

/** A projection is rough: `under 5 min`, `~35 min`, `~2 h`, `~2.5 h`. */
function approximately(minutes: number): string {
  if (minutes < 5) return 'under 5 min';
  if (minutes < 90) return `~${Math.round(minutes / 5) * 5} min`;
  return `~${Math.round(minutes / 30) / 2} h`;
}

export function headlineFor({ verdict, input, measures }: About): string {
  switch (verdict) {
    case 'exhausted':
      return 'throttled at baseline — credits exhausted';
    case 'draining':
      return `credits draining, throttling in ${approximately(measures.minutesToZero ?? 0)}`;
    case 'unlimited-surplus':
      return 'unlimited mode: surplus credits are being charged';
    case 'not-credit-related':
      return 'not credit-related';
    case 'not-burstable':
      return `not credit-related — ${input.instanceType ?? 'this type'} is not a burstable type`;
    case 'insufficient-data':
      return 'not enough data to tell whether CPU credits are involved';
  }
}

function trend(perHour: number | undefined): string {
  if (perHour === undefined) return '';
  if (Math.abs(perHour) < 0.05) return ', flat over the last hour';
  return `, ${perHour > 0 ? '+' : '−'}${formatNumber(Math.abs(perHour))}/h over the last hour`;
}

function replacementFact(measures: Measures, now: Date): string {
  const { replacements } = measures;
  const hours = THRESHOLDS.replacementHours;
  const newest = [...replacements].sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  if (!newest) return `No Auto Scaling health replacements in the last ${hours} h`;
  const ago = minutesText((now.getTime() - newest.at.getTime()) / 60_000);
  const count =
    replacements.length === 1
      ? '1 Auto Scaling health replacement'
      : `${replacements.length} Auto Scaling health replacements`;
  return `${count} in the last ${hours} h; latest ${ago} ago: ${newest.description}`;
}

export function factsFor({ verdict, input, profile, measures: m }: About): string[] {
  if (verdict === 'not-burstable') {
    return [
      `${input.instanceType ?? 'The instance'} has a fixed CPU allowance, no credits`,
      ...(m.cpuNow === undefined ? [] : [`CPU: ${formatNumber(m.cpuNow)}% now`]),
    ];
  }
  if (!profile) return [`Instance type ${input.instanceType ?? 'unknown'}: its baseline is not known`];
  const baseline = `${profile.baselinePercent}%`;
  return [
    `${input.instanceType ?? ''}: baseline ${baseline} CPU, earns ${profile.creditsPerHour} credits/h, holds at most ${profile.maxBalance}`,
    `Credit mode: ${input.creditMode ?? 'unknown (treated as standard)'}`,
    m.balanceNow === undefined
      ? 'Credit balance: no recent datapoint'
      : `Credit balance: ${formatNumber(m.balanceNow)} now${trend(m.balancePerHour)}`,
    m.cpuNow === undefined
      ? 'CPU: no recent datapoint'
      : `CPU: ${formatNumber(m.cpuNow)}% now${m.minutesPinned ? `, at the ${baseline} baseline for ${minutesText(m.minutesPinned)}` : ''}`,
    ...((m.surplusBalance ?? 0) > 0 || m.surplusCharged > 0
      ? [
          `Surplus credits: ${formatNumber(m.surplusBalance ?? 0)} outstanding, ${formatNumber(m.surplusCharged)} charged in the last ${THRESHOLDS.replacementHours} h`,
        ]
      : []),
    replacementFact(m, input.now),
  ];
}

function biggerType(input: ThrottlingInput): string {
  const next = largerBaselineType(input.instanceType);
  const nextBaseline = burstableProfile(next)?.baselinePercent;
  return next
    ? `${next} (baseline ${nextBaseline ?? '?'}%) or a non-burstable type (m- or c-family)`
    : 'a non-burstable type (m- or c-family)';
}

export function adviceFor({ verdict, input, profile, measures: m }: About): string[] {
  const busy = (m.cpuNow ?? 0) >= THRESHOLDS.busyCpu;
  const baseline = `${profile?.baselinePercent ?? '?'}%`;
  switch (verdict) {
    case 'exhausted':
      return [
        `Move to a type whose baseline covers the load: ${biggerType(input)}.`,
        'Or switch to unlimited mode (launch template CreditSpecification: unlimited): no throttling; CPU above the baseline is billed.',
        `Or cut the background load (agents, cron jobs) that eats into the ${baseline} baseline.`,
        ...(m.replacements.length
          ? ['Replacing instances will not fix it: each new one gets the same load and runs out again.']
          : []),
      ];
    case 'draining':
      return [
        'Before the balance reaches 0: scale out to spread the load, or switch to unlimited mode.',
        `For good: ${biggerType(input)}, or fewer agents per instance.`,
      ];
    case 'unlimited-surplus':
      return [
        `If this load is normal, ${biggerType(input)} is usually cheaper than paying for surplus credits.`,
        'If it is not, find what is using the CPU (agents, runaway processes) before the bill grows.',
      ];
    case 'not-credit-related':
    case 'not-burstable':
      return busy
        ? ['The CPU is simply busy: scale out, move to a larger type, or find the process using it.']
        : ['Credits are not the cause: look at the alarm’s metric itself.'];
    case 'insufficient-data':
      return ['Check that the instance is running and reporting CPU metrics (they arrive every 5 minutes).'];
  }
}
