import type { CheckResult } from './types';

/**
 * Continuous checks: every few minutes the sweeper runs each app's checks outside deployments. A check that starts
 * failing opens an episode: one message in the environment's channel, edited while it fails, resolved when every
 * check passes again (like an alarm's).
 */
export const CHECK_EVERY_MINUTES = 5;

/** The last results of an app's checks in an environment, for /status. */
export interface CheckRun {
  app: string;
  env: string;
  at: Date;
  results: CheckResult[];
}

/** An open episode: where its message is and what it last showed. */
export interface CheckEpisode {
  app: string;
  env: string;
  since: Date;
  channel: string | undefined;
  ts: string | undefined;
  /** What the message last showed, so an unchanged failure edits nothing. */
  shown: string;
}

/** Checks' last results and open episodes in the state table (lib/state/check-runs.ts). */
export interface CheckRuns {
  saveLast(run: CheckRun): Promise<void>;
  last(app: string, env: string): Promise<CheckRun | undefined>;
  episode(app: string, env: string): Promise<CheckEpisode | undefined>;
  /** Opens the episode unless one is open; true for exactly one caller. */
  open(app: string, env: string, since: Date): Promise<boolean>;
  /** Where the episode's message is, once posted, and what it shows. */
  show(app: string, env: string, where: { channel: string; ts: string } | undefined, shown: string): Promise<void>;
  /** Closes the episode; true for exactly one caller. */
  close(app: string, env: string): Promise<boolean>;
}

/** What a run's message shows, to compare with what it showed: which checks fail, and how. */
export function shownOf(results: CheckResult[]): string {
  return results
    .filter((result) => !result.passed)
    .map((result) => `${result.check}:${result.status ?? '-'}:${result.problem ?? ''}`)
    .join('\n');
}
