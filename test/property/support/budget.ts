/**
 * How many cases each property runs in one `npm test`. The pure parsers take most of them; the paths through the
 * real functions with the worker and the state table (about 0.1-1 s a case on a 2-core machine) take few, so the
 * property tests stay well under a minute. budget.test.ts keeps the total at 10,000 or more. `FC_SCALE=10` runs
 * ten times as many (a longer local hunt); the seed and the replay work the same.
 */
export const RUNS = {
  commandParse: 4_000,
  commandAnswers: 2_500,
  transport: 400,
  commandAck: 600,
  commandWorker: 40,
  commandStored: 12,
  clickAck: 700,
  clickForged: 60,
  alarmParse: 2_500,
  deployEvents: 300,
  alarmEvents: 150,
  /** Forged clicks on the buttons that act on instances (processes, credits, runbooks), through the worker. */
  clickActs: 40,
  /** Pure: any text against the fleet ref and runbook binding. */
  actsParse: 1_500,
} as const;

export type PropertyName = keyof typeof RUNS;

/** The cases a property runs this time: its budget, times FC_SCALE when set. */
export function runs(name: PropertyName): number {
  const scale = Number(process.env.FC_SCALE ?? '1');
  return Math.max(1, Math.round(RUNS[name] * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
