import {
  diagnoseThrottling,
  mostSevere,
  type CreditSeries,
  type Point,
  type ThrottlingInput,
  type Verdict,
} from '../../../commands/alarms/throttling';

const NOW = new Date('2026-03-02T09:15:00.000Z');
const MIN = 60_000;

/** One point every 5 minutes for the last `minutes` (the newest at `now - endAgo`), valued by minutes-ago. */
function every5(minutes: number, value: (minutesAgo: number) => number, endAgo = 0): Point[] {
  const points: Point[] = [];
  for (let ago = endAgo; ago < endAgo + minutes; ago += 5)
    points.push({ at: new Date(NOW.getTime() - ago * MIN), value: value(ago) });
  return points;
}

const jitter = (ago: number): number => ((ago * 7) % 5) / 10 - 0.2; // deterministic ±0.2

function input(overrides: Partial<ThrottlingInput> & { series: CreditSeries }): ThrottlingInput {
  return { instanceType: 't3.micro', creditMode: 'standard', replacements: [], now: NOW, ...overrides };
}

// t3.micro, standard: bursting at 60% three hours ago, balance gone, pinned at 10% for the last 90 minutes.
const exhaustedSeries: CreditSeries = {
  cpu: [...every5(90, (ago) => 10 + jitter(ago)), ...every5(90, () => 60, 90)],
  creditBalance: [...every5(90, () => 0), ...every5(90, (ago) => (ago - 90) * 1.2, 90)],
  creditUsage: every5(180, (ago) => (ago < 90 ? 1 : 6)),
};

const CASES: [name: string, given: ThrottlingInput, verdict: Verdict, headline: RegExp][] = [
  [
    'exhausted: standard t3.micro pinned at 10% for 90 min with balance 0',
    input({
      series: exhaustedSeries,
      replacements: [
        {
          at: new Date(NOW.getTime() - 40 * MIN),
          description: 'Terminating EC2 instance: i-0a1b2c3d4e5f60001 (an ELB system health check failure)',
        },
        { at: new Date(NOW.getTime() - 8 * 3_600_000), description: 'too old to count' },
      ],
    }),
    'exhausted',
    /^throttled at baseline — credits exhausted$/,
  ],
  [
    'draining: balance falling 30/h from 60 with CPU at 35%',
    input({ series: { cpu: every5(120, () => 35), creditBalance: every5(120, (ago) => 60 + (ago / 60) * 30) } }),
    'draining',
    /^credits draining, throttling in ~2 h$/,
  ],
  [
    'draining fast: balance 20 falling 60/h with CPU at 50%',
    input({ series: { cpu: every5(60, () => 50), creditBalance: every5(60, (ago) => 20 + ago) } }),
    'draining',
    /^credits draining, throttling in ~20 min$/,
  ],
  [
    'unlimited with surplus charged',
    input({
      creditMode: 'unlimited',
      series: {
        cpu: every5(120, () => 40),
        creditBalance: every5(120, () => 0),
        surplusBalance: every5(120, (ago) => 30 - ago / 5),
        surplusCharged: every5(120, (ago) => (ago === 60 ? 4.5 : 0)),
      },
    }),
    'unlimited-surplus',
    /^unlimited mode: surplus credits are being charged$/,
  ],
  [
    'a c5.large at 95%: not burstable',
    input({
      instanceType: 'c5.large',
      creditMode: undefined,
      series: { cpu: every5(60, () => 95), creditBalance: [] },
    }),
    'not-burstable',
    /^not credit-related — c5\.large is not a burstable type$/,
  ],
  [
    't3.micro with a healthy balance at 95%: not credit-related',
    input({ series: { cpu: every5(60, () => 95), creditBalance: every5(60, () => 250) } }),
    'not-credit-related',
    /^not credit-related$/,
  ],
  [
    'unlimited, no surplus, at 95%: not credit-related (unlimited never throttles)',
    input({
      creditMode: 'unlimited',
      series: {
        cpu: every5(60, () => 95),
        creditBalance: every5(60, (ago) => 5 + ago),
        surplusBalance: every5(60, () => 0),
      },
    }),
    'not-credit-related',
    /^not credit-related$/,
  ],
  [
    'empty series: insufficient data',
    input({ series: { cpu: [], creditBalance: [] } }),
    'insufficient-data',
    /not enough data/,
  ],
  [
    'data that stopped an hour ago: insufficient data',
    input({ series: { cpu: every5(60, () => 10, 60), creditBalance: every5(60, () => 0, 60) } }),
    'insufficient-data',
    /not enough data/,
  ],
  [
    'usage equal to earnings proves throttling even when CPU wobbles',
    input({
      series: {
        cpu: every5(30, (ago) => (ago % 10 ? 14 : 7)),
        creditBalance: every5(30, () => 0.4),
        creditUsage: every5(30, () => 1.1),
      },
    }),
    'exhausted',
    /credits exhausted/,
  ],
];

describe('diagnoseThrottling', () => {
  it.each(CASES)('%s', (_name, given, verdict, headline) => {
    const diagnosis = diagnoseThrottling(given);
    expect(diagnosis.verdict).toBe(verdict);
    expect(diagnosis.headline).toMatch(headline);
    expect(diagnosis.advice.length).toBeGreaterThan(0);
  });

  it('says how long CPU sat at the baseline, the balance, the mode and the replacements', () => {
    const diagnosis = diagnoseThrottling(CASES[0]![1]);
    expect(diagnosis.measures).toMatchObject({ minutesPinned: 90, balanceNow: 0 });
    expect(diagnosis.measures.replacements).toHaveLength(1);
    expect(diagnosis.facts).toEqual([
      't3.micro: baseline 10% CPU, earns 12 credits/h, holds at most 288',
      'Credit mode: standard',
      'Credit balance: 0 now, flat over the last hour',
      'CPU: 9.8% now, at the 10% baseline for 90 min',
      '1 Auto Scaling health replacement in the last 6 h; latest 40 min ago: Terminating EC2 instance: i-0a1b2c3d4e5f60001 (an ELB system health check failure)',
    ]);
    expect(diagnosis.advice.join('\n')).toMatch(/t3\.small \(baseline 20%\)/);
    expect(diagnosis.advice.join('\n')).toMatch(/unlimited mode/);
    expect(diagnosis.advice.join('\n')).toMatch(/background load \(agents/);
    expect(diagnosis.advice.join('\n')).toMatch(/Replacing instances will not fix it/);
  });

  it('projects the time to zero from the last hour’s trend', () => {
    const diagnosis = diagnoseThrottling(CASES[1]![1]);
    expect(diagnosis.measures.balancePerHour).toBeCloseTo(-30, 5);
    expect(diagnosis.measures.minutesToZero).toBeCloseTo(120, 5);
    expect(diagnosis.facts).toContain('Credit balance: 60 now, −30/h over the last hour');
  });

  it('reports surplus credits outstanding and charged', () => {
    const diagnosis = diagnoseThrottling(CASES[3]![1]);
    expect(diagnosis.facts).toContain('Surplus credits: 30 outstanding, 4.5 charged in the last 6 h');
  });

  it('does not care what order the points come in', () => {
    const reversed = (points: Point[] = []): Point[] => [...points].reverse();
    const shuffled: CreditSeries = {
      cpu: reversed(exhaustedSeries.cpu),
      creditBalance: reversed(exhaustedSeries.creditBalance),
      creditUsage: reversed(exhaustedSeries.creditUsage),
    };
    expect(diagnoseThrottling(input({ series: shuffled })).measures).toEqual(
      diagnoseThrottling(input({ series: exhaustedSeries })).measures,
    );
  });

  it('treats an unknown credit mode as standard, and says so', () => {
    const diagnosis = diagnoseThrottling(input({ creditMode: undefined, series: exhaustedSeries }));
    expect(diagnosis.verdict).toBe('exhausted');
    expect(diagnosis.facts).toContain('Credit mode: unknown (treated as standard)');
  });

  it('does not call a slowly falling, far-from-empty balance draining', () => {
    const diagnosis = diagnoseThrottling(
      input({ series: { cpu: every5(60, () => 25), creditBalance: every5(60, (ago) => 280 + ago / 60) } }),
    );
    expect(diagnosis.verdict).toBe('not-credit-related');
  });
});

describe('mostSevere', () => {
  it('puts a throttled instance before a healthy one and no data last', () => {
    const items = (['insufficient-data', 'not-credit-related', 'exhausted', 'draining'] as Verdict[]).map(
      (verdict, i) => ({
        i,
        diagnosis: {
          verdict,
          headline: '',
          facts: [],
          advice: [],
          measures: { minutesPinned: 0, surplusCharged: 0, replacements: [] },
        },
      }),
    );
    expect(mostSevere(items)?.i).toBe(2);
  });
});
