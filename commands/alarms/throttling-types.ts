import type { Point } from './series';

/** What the throttling diagnosis reads and says (throttling.ts decides, throttling-text.ts words it). */

export type CreditMode = 'standard' | 'unlimited';

export interface CreditSeries {
  cpu: Point[];
  creditBalance: Point[];
  creditUsage?: Point[];
  surplusBalance?: Point[];
  surplusCharged?: Point[];
}

export interface Replacement {
  at: Date;
  description: string;
}

export interface ThrottlingInput {
  instanceType?: string;
  creditMode?: CreditMode;
  series: CreditSeries;
  replacements: Replacement[];
  now: Date;
}

export type Verdict =
  'exhausted' | 'draining' | 'unlimited-surplus' | 'not-credit-related' | 'not-burstable' | 'insufficient-data';

/** The numbers behind a verdict, for facts, tests and whoever wants to show them differently. */
export interface Measures {
  cpuNow?: number;
  balanceNow?: number;
  balancePerHour?: number;
  minutesPinned: number;
  minutesToZero?: number;
  surplusBalance?: number;
  surplusCharged: number;
  replacements: Replacement[];
}

export interface Diagnosis {
  verdict: Verdict;
  headline: string;
  facts: string[];
  advice: string[];
  measures: Measures;
  /** Which instance this is about, when the alarm covers several (set by diagnoseAlarm). */
  subject?: string;
  /** The credit mode EC2 reports; for a group, `unlimited` only when every burstable instance in it is. */
  creditMode?: CreditMode;
}
