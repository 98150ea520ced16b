import type { RunbookLookJob } from '../../commands/job';
import type { RunbookRun, RunProgress } from '../../commands/runbooks/ports';
import { runbookRunMessage, runbookRunUnfollowed } from '../../lib/slack/blocks/runbooks';
import { logger } from '../../lib/log';
import type { FailureAudience } from '../jobs/audience';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';

/** Looks every 10 seconds for an hour at most; a runbook still running then is left to the console, and said so. */
export const LOOK_EVERY_SECONDS = 10;
export const MAX_LOOKS = 360;

export const runbookLook = (run: string, tick: number): RunbookLookJob => ({
  kind: 'runbook-look',
  id: `runbook-look:${run}:${tick}`.slice(0, 128),
  run,
  tick,
});

async function progressOf(run: RunbookRun, deps: WorkerDeps): Promise<RunProgress> {
  const { target } = await deps.account(run.env, { id: run.requestedBy, name: run.requestedBy });
  if (!run.started) return { state: 'running', status: 'Pending', steps: [] };
  return run.kind === 'automation'
    ? target.runbooks.automation(run.started)
    : target.runbooks.command(run.started, run.instanceId ?? '');
}

/**
 * One look at a runbook's run (a `runbook-look` job): the thread reply is edited with its steps, and the next look
 * sent, delayed, until it ends; then its outcome is audited once.
 */
export async function runRunbookLook(job: RunbookLookJob, deps: WorkerDeps): Promise<string> {
  const run = await deps.store.runbookRuns.get(job.run);
  if (!run) return 'no such run';
  if (run.finishedAt) return 'already finished';
  const progress = await progressOf(run, deps);
  const gaveUp = progress.state === 'running' && job.tick + 1 >= MAX_LOOKS;
  const shown: RunProgress = gaveUp
    ? { ...progress, failure: 'still running after an hour: follow it in the Systems Manager console' }
    : progress;
  await deps.replies.update(run.place.channel, run.place.replyTs, runbookRunMessage(run, shown));
  if (progress.state === 'running' && !gaveUp) {
    await deps.queue.send(runbookLook(run.id, job.tick + 1), { delaySeconds: LOOK_EVERY_SECONDS });
    return `running (${progress.status})`;
  }
  if (!(await deps.store.runbookRuns.markFinished(run.id, deps.now()))) return 'already finished';
  const failedStep = progress.steps.find((step) => step.failure !== undefined || step.status === 'Failed');
  await audit(
    {
      at: deps.now(),
      user: run.requestedBy,
      command: `runbook ${run.runbook} (${run.document})`,
      decision: progress.state === 'success' ? 'succeeded' : 'failed',
      detail: `${run.kind === 'automation' ? 'ssm:StartAutomationExecution' : 'ssm:SendCommand'} ${run.document} ${JSON.stringify(run.parameters)} → ${run.started ?? 'not started'}: ${progress.status}${failedStep ? ` at step ${failedStep.name}${failedStep.failure ? `: ${failedStep.failure}` : ''}` : ''}${run.approvedBy ? ` (approved by ${run.approvedBy})` : ''}`,
      env: run.env,
      app: run.app,
      roleSession: run.roleSession,
    },
    deps,
    { announce: true },
  );
  return progress.state;
}

/**
 * A look that failed for good would leave the run's reply showing its last state ("⏳ InProgress") forever: the
 * reply says blueshift stopped following it, why, and where to follow it instead. The run is not marked finished
 * (its outcome is unknown), so a look redriven from the dead-letter queue can still follow it.
 */
export async function runbookLookAudience(job: RunbookLookJob, deps: WorkerDeps): Promise<FailureAudience> {
  const run = await deps.store.runbookRuns.get(job.run).catch((error: unknown) => {
    logger.error('the run of a failed look could not be read', { error });
    return undefined;
  });
  if (!run) return { typed: `runbook run ${job.run}`, user: 'unknown' };
  return {
    typed: `runbook ${run.runbook} (${run.document})`,
    user: run.requestedBy,
    env: run.env,
    app: run.app,
    tell: async (reason, next) => {
      await deps.replies.update(run.place.channel, run.place.replyTs, runbookRunUnfollowed(run, reason, next));
    },
  };
}
