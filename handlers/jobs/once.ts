import type { CommandJob } from '../../commands/job';
import { logger } from '../../lib/log';
import type { WorkerDeps } from './deps';
import type { Grant } from './outcome';

/**
 * Runs a step of a command job (an answer, an announcement, an audit line) once across its deliveries: SQS
 * redelivers a job that timed out or failed after the step, before it was marked done, and the rerun must not say
 * it again. One command job runs once plain and once per request it passes (the same job id): the step is named
 * with the grant it runs under.
 */
export async function once(
  { job, grant, deps }: { job: Pick<CommandJob, 'id'>; grant: Grant | undefined; deps: Pick<WorkerDeps, 'store'> },
  name: string,
  run: () => Promise<unknown>,
): Promise<void> {
  const step = grant ? `${name}:${grant.requestId}` : name;
  if (await deps.store.jobs.done(job.id, step)) return;
  await run();
  await deps.store.jobs
    .did(job.id, step)
    .catch((error: unknown) => logger.error('could not note a step of the job as done', { step, error }));
}
