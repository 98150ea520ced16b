import type { SlackCall } from '../../../test/fakes/slack-api';
import { lambdaContext } from '../../../test/integration/harness';
import { summarise, type Summary } from '../stats';

export const context = lambdaContext;
export const now = (): number => performance.now();

/** The first call matching `holds` that reached Slack after `since`, by when Slack answered it. */
export function firstAnswered(
  calls: SlackCall[],
  since: number,
  holds: (call: SlackCall) => boolean,
): number | undefined {
  const answered = calls
    .filter((call) => (call.at ?? 0) >= since && call.answeredAt !== undefined && !call.rateLimited && holds(call))
    .map((call) => call.answeredAt ?? Number.POSITIVE_INFINITY);
  return answered.length ? Math.min(...answered) : undefined;
}

export const mentions = (call: SlackCall, text: string): boolean => JSON.stringify(call.args).includes(text);

/** Runs `once` `runs` times after one discarded warm-up, and summarises each named figure. */
export async function repeat<Figures extends Record<string, number>>(
  runs: number,
  once: (run: number) => Promise<Figures>,
): Promise<Record<keyof Figures, Summary>> {
  await once(-1);
  const samples: Figures[] = [];
  for (let run = 0; run < runs; run += 1) samples.push(await once(run));
  const names = Object.keys(samples[0] ?? {}) as (keyof Figures)[];
  return Object.fromEntries(names.map((name) => [name, summarise(samples.map((sample) => sample[name]))])) as Record<
    keyof Figures,
    Summary
  >;
}
