import { parseCommand } from '../../commands/grammar';
import type { CommandJob } from '../../commands/job';
import { specsFor } from '../../commands/registry';
import type { ClaimOutcome } from '../../lib/state/jobs';
import type { WorkerDeps } from './deps';

/** The claim went to another delivery (or the job had run): what was read is dropped, nothing is said. */
export class ClaimLostError extends Error {
  override readonly name = 'ClaimLostError';
  constructor(readonly outcome: Exclude<ClaimOutcome, 'claimed'>) {
    super(`the job's claim is ${outcome}`);
  }
}

/** The ledger steps a command's answer takes (handlers/jobs/run-job.ts), read as soon as the claim is won. */
const ANSWER_STEPS = ['answered', 'audited'];

/** Whether a command job only reads (its spec has no side effects): such a job may read before it is claimed. */
export async function onlyReads(job: CommandJob, deps: Pick<WorkerDeps, 'config'>): Promise<boolean> {
  const parsed = parseCommand(job.command, job.text, specsFor(job.command), await deps.config());
  return parsed.kind === 'request' && !parsed.spec.sideEffects;
}

export interface ClaimAlongside {
  /** The claim's outcome; a failed claim rejects. */
  claim: Promise<ClaimOutcome>;
  /** Resolves once the claim is won; throws ClaimLostError otherwise. Awaited before the job says anything. */
  won: () => Promise<void>;
  /** `deps` whose ledger answers the answer's steps from the reads started when the claim was won. */
  deps: WorkerDeps;
}

/**
 * A read-only job's reads (a /status) need not wait for its claim, one state-table round trip: the claim runs
 * alongside them and the job says nothing (answer, audit) until it is won, so a duplicate delivery still answers
 * never (docs/decisions/0029-lean-bundles.md). The ledger steps of its answer are read as soon as the claim is
 * won, alongside the reads too, so the answer does not wait for them either.
 */
export function claimAlongside(
  job: CommandJob,
  deps: WorkerDeps,
  claimJob: () => Promise<ClaimOutcome>,
): ClaimAlongside {
  const claim = claimJob();
  const read = (step: string) => {
    const done = deps.store.jobs.done(job.id, step);
    // Awaited when the step comes, if it does (a failed job never answers): a failure is that step's, not unhandled.
    done.catch(() => undefined);
    return [step, done] as const;
  };
  const steps = claim.then((outcome) => (outcome === 'claimed' ? new Map(ANSWER_STEPS.map(read)) : undefined));
  // Awaited by handle-jobs; until then a rejection is not unhandled.
  steps.catch(() => undefined);
  const jobs = deps.store.jobs;
  const done: typeof jobs.done = async (jobId, step) => {
    const read = jobId === job.id ? (await steps)?.get(step) : undefined;
    return read ?? jobs.done(jobId, step);
  };
  return {
    claim,
    won: async () => {
      const outcome = await claim;
      if (outcome !== 'claimed') throw new ClaimLostError(outcome);
    },
    deps: { ...deps, store: { ...deps.store, jobs: { ...jobs, done } } },
  };
}
