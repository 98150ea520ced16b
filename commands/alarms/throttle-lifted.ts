import { formatNumber } from './reason';
import type { Diagnosis } from './throttling-types';

/**
 * Whether a group the credit watch warned about is no longer throttled nor draining, and why: its instances are in
 * unlimited mode now (never held at the baseline), or its credit balance is climbing back. Anything less (no data,
 * a drain that only slowed down, a flat balance) is not called lifted: the warning stands until its quiet period
 * ends, so a fleet on the edge does not flap between warned and lifted every five minutes.
 */
export interface ThrottleLifted {
  because: 'unlimited' | 'recovering';
  /** The numbers behind it, for the message's parentheses. */
  detail: string;
}

export function throttleLifted(diagnosis: Diagnosis | undefined): ThrottleLifted | undefined {
  if (!diagnosis) return undefined;
  const { verdict, measures, creditMode } = diagnosis;
  if (verdict === 'exhausted' || verdict === 'draining' || verdict === 'insufficient-data') return undefined;
  if (creditMode === 'unlimited' || verdict === 'unlimited-surplus') {
    // No CPU figure: right after a switch the newest datapoint is still the throttled period before it.
    const surplus =
      (measures.surplusBalance ?? 0) > 0 ? `, ${formatNumber(measures.surplusBalance ?? 0)} surplus credits spent` : '';
    return {
      because: 'unlimited',
      detail: `no longer held at the baseline${surplus}; CPU above the baseline is billed per vCPU-hour`,
    };
  }
  const cpu = measures.cpuNow === undefined ? undefined : `CPU ${formatNumber(measures.cpuNow)} % now`;
  if (verdict !== 'not-credit-related' || measures.balancePerHour === undefined || measures.balancePerHour <= 0)
    return undefined;
  const balance = measures.balanceNow === undefined ? '' : `balance ${formatNumber(measures.balanceNow)}, `;
  return {
    because: 'recovering',
    detail: `${balance}+${formatNumber(measures.balancePerHour)}/h over the last hour${cpu ? `; ${cpu}` : ''}`,
  };
}
