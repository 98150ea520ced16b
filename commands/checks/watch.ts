import type { CheckResult, CheckSet, WafBlame } from './types';

/**
 * The watch after Reroute: while CodeDeploy keeps the blue fleet in its termination wait, the checks run every
 * WATCH_TICK_MS and the app's alarms are read; a failure rolls back to the still-warm blue fleet (or asks), and
 * Terminate blue is offered once the watch has passed.
 */
export const WATCH_TICK_MS = 30_000;

export type WatchStatus = 'watching' | 'passed' | 'failed' | 'waf-blocked' | 'ended';

export interface WatchRecord {
  deploymentId: string;
  app: string;
  env: string;
  startedAt: Date;
  until: Date;
  status: WatchStatus;
  /** Bumped by every tick; a tick writes only if nobody wrote since it read, so two deliveries act once. */
  tick: number;
  lastTickAt: Date | undefined;
  results: CheckResult[];
  /** Alarms of the app in ALARM at the last tick. */
  alarms: string[];
  /** What failed, in a sentence, once the watch failed or found a WAF block. */
  failure: string | undefined;
  blame: WafBlame | undefined;
  /** Who ended the watch early (an approver overriding it to terminate blue), with their reason. */
  overriddenBy: string | undefined;
  overrideReason: string | undefined;
}

/** What one tick found. */
export interface TickFindings {
  results: CheckResult[];
  alarms: string[];
  /** For each failed check answered 403, the WAF rule that blocked its path, when the samples show one. */
  blames: Map<string, WafBlame>;
}

export type TickVerdict =
  | { kind: 'continue' }
  | { kind: 'passed' }
  | { kind: 'waf-blocked'; failure: string; blame: WafBlame }
  | { kind: 'failed'; failure: string };

const seconds = (ms: number) => Math.round(ms / 1000);

/** Why a check failed, in a few words. */
function failedCheck(result: CheckResult): string {
  return `${result.check} ${result.problem ?? 'failed'}`;
}

/**
 * A tick's verdict. A failing check or a firing alarm fails the watch, except a 403 that the web ACL's samples pin
 * on a WAF rule: rolling back does not fix what the WAF blocks, so that is told, not rolled back.
 */
export function judgeTick(record: WatchRecord, findings: TickFindings, now: Date): TickVerdict {
  const failed = findings.results.filter((result) => !result.passed);
  const unexplained = failed.filter((result) => !findings.blames.has(result.check));
  if (unexplained.length || findings.alarms.length) {
    const parts = [...unexplained.map(failedCheck), ...findings.alarms.map((alarm) => `alarm ${alarm} is firing`)];
    return { kind: 'failed', failure: parts.join('; ') };
  }
  const [blocked] = failed;
  const blame = blocked && findings.blames.get(blocked.check);
  if (blocked && blame) {
    const within = blame.ruleWithinGroup ? ` (${blame.ruleWithinGroup})` : '';
    return {
      kind: 'waf-blocked',
      failure: `403 on ${blame.path} came from the WAF rule ${blame.rule}${within}, not from your code: rolling back will not fix it`,
      blame,
    };
  }
  return now.getTime() >= record.until.getTime() ? { kind: 'passed' } : { kind: 'continue' };
}

/** When the watch of a deployment ends, from when traffic moved. */
export function watchUntil(startedAt: Date, checks: CheckSet): Date {
  return new Date(startedAt.getTime() + checks.watchMs);
}

/** Whether a termination wait (minutes) is too short for the watch: CodeDeploy would end blue before it passes. */
export function waitTooShort(terminationWaitMinutes: number | undefined, checks: CheckSet): boolean {
  return checks.watchMs > 0 && terminationWaitMinutes !== undefined && terminationWaitMinutes * 60_000 < checks.watchMs;
}

/** Said before the deployment starts when CodeDeploy would end blue before the watch could pass. */
export function shortWaitWarning(terminationWaitMinutes: number | undefined, checks: CheckSet): string | undefined {
  if (!waitTooShort(terminationWaitMinutes, checks)) return undefined;
  const watch = Math.round(checks.watchMs / 60_000);
  return `CodeDeploy terminates blue ${terminationWaitMinutes} min after Reroute, but the watch lasts ${watch} min: it ends when blue goes. Raise the deployment group's termination wait to at least ${watch} min.`;
}

/** The watch's progress, for the message: `4 of 10 min`. */
export function watchProgress(record: WatchRecord, now: Date): string {
  const total = record.until.getTime() - record.startedAt.getTime();
  const done = Math.min(total, Math.max(0, now.getTime() - record.startedAt.getTime()));
  if (total < 120_000) return `${seconds(done)} of ${seconds(total)} s`;
  return `${Math.floor(done / 60_000)} of ${Math.round(total / 60_000)} min`;
}

/** The watches in the state table (lib/state/watches.ts). */
export interface WatchStore {
  /** Starts the deployment's watch unless it has one; returns the watch and whether this call started it. */
  start(
    watch: Pick<WatchRecord, 'deploymentId' | 'app' | 'env' | 'startedAt' | 'until'>,
  ): Promise<{ watch: WatchRecord; started: boolean }>;
  get(deploymentId: string): Promise<WatchRecord | undefined>;
  /**
   * Saves a tick's findings if the watch is still at `tick` (bumping it); false when another delivery saved one
   * first or the watch ended. A status other than watching ends the watch.
   */
  record(
    deploymentId: string,
    tick: number,
    changes: Pick<WatchRecord, 'status' | 'results' | 'alarms' | 'lastTickAt'> &
      Partial<Pick<WatchRecord, 'failure' | 'blame'>>,
  ): Promise<boolean>;
  /**
   * Ends a watch that is still watching (the deployment ended), or that watched or failed when an approver ends it
   * early (`by`); false if it was in neither state.
   */
  end(deploymentId: string, status: WatchStatus, by?: { user: string; reason: string }): Promise<boolean>;
  /** Deployments whose watch is still running, for the sweeper to resume any whose next tick was lost. */
  watching(): Promise<string[]>;
}
