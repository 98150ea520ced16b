import { throttleLifted } from '../../../commands/alarms/throttle-lifted';
import type { Diagnosis, Measures, Verdict } from '../../../commands/alarms/throttling';

const measured = (measures: Partial<Measures>): Measures => ({
  minutesPinned: 0,
  surplusCharged: 0,
  replacements: [],
  ...measures,
});

function diagnosis(verdict: Verdict, measures: Partial<Measures>, creditMode?: 'standard' | 'unlimited'): Diagnosis {
  return {
    verdict,
    headline: verdict,
    facts: [],
    advice: [],
    measures: measured(measures),
    ...(creditMode ? { creditMode } : {}),
  };
}

describe('whether a warned fleet’s throttle is lifted', () => {
  it.each([
    ['throttled still', diagnosis('exhausted', { cpuNow: 10, balanceNow: 0 }, 'standard'), undefined],
    [
      'draining still',
      diagnosis('draining', { cpuNow: 40, balanceNow: 80, balancePerHour: -30 }, 'standard'),
      undefined,
    ],
    ['no data', diagnosis('insufficient-data', {}, 'standard'), undefined],
    ['no burstable instance to judge', undefined, undefined],
    [
      'a drain that only slowed down',
      diagnosis('not-credit-related', { cpuNow: 12, balanceNow: 80, balancePerHour: -1 }, 'standard'),
      undefined,
    ],
    [
      'a flat balance',
      diagnosis('not-credit-related', { cpuNow: 10, balanceNow: 0, balancePerHour: 0 }, 'standard'),
      undefined,
    ],
    [
      'unlimited now',
      diagnosis('not-credit-related', { cpuNow: 88.5, balanceNow: 0 }, 'unlimited'),
      {
        because: 'unlimited',
        detail: 'no longer held at the baseline; CPU above the baseline is billed per vCPU-hour',
      },
    ],
    [
      'unlimited, spending surplus credits',
      diagnosis('unlimited-surplus', { cpuNow: 90, balanceNow: 0, surplusBalance: 16 }),
      {
        because: 'unlimited',
        detail:
          'no longer held at the baseline, 16 surplus credits spent; CPU above the baseline is billed per vCPU-hour',
      },
    ],
    [
      'credits climbing back',
      diagnosis('not-credit-related', { cpuNow: 4, balanceNow: 60, balancePerHour: 36 }, 'standard'),
      { because: 'recovering', detail: 'balance 60, +36/h over the last hour; CPU 4 % now' },
    ],
  ])('%s', (_name, given, lifted) => {
    expect(throttleLifted(given)).toEqual(lifted);
  });
});
