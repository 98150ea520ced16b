import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { typedCommand } from '../../commands/spec';
import { JOB_MAX_RECEIVE_COUNT } from '../../lib/config/limits';
import { isRetryable, KnownFailure } from '../../lib/errors';
import { LambdaTimeoutError, revokedOn, timeoutEarly, untilAborted } from '../../lib/lambda';
import { logger, withLogKeys } from '../../lib/log';
import { auditMessage } from '../../lib/slack/blocks/audit';
import { failureMessage } from '../../lib/slack/blocks/usage';
import type { WorkerDeps } from './deps';
import { job as jobSchema, type CiDeployJob, type CommandJob, type Job } from '../../commands/job';
import { plainText } from '../../lib/mrkdwn';
import { runCiDeployJob } from '../ci/run-job';
import { replyToRequester } from './reply';
import { runActionJob } from './run-action';
import { refreshProgress } from '../deploy/progress';
import { runWatchTick } from '../deploy/watch';
import { processLookAudience, runProcessLook } from '../credits/look-processes';
import { runbookLookAudience, runRunbookLook } from '../runbooks/follow';
import { refreshLookAudience, runRefreshLook } from '../credits/follow-refresh';
import type { FailureAudience } from './audience';
import { runAuditJob, runCommandJob } from './run-job';
import { claimAlongside, onlyReads } from './claim-alongside';

/** How long a claimed job is considered in progress; longer than the worker's own timeout. */
export const JOB_LEASE_MS = 150_000;

/** Another delivery of the same job is still running: let SQS bring this one back later. */
export class JobInProgressError extends Error {
  override readonly name = 'JobInProgressError';
}

async function execute(job: Job, deps: WorkerDeps): Promise<string> {
  switch (job.kind) {
    case 'audit':
      return runAuditJob(job, deps);
    case 'watch':
      return runWatchTick(job, deps, (deploymentId) => refreshProgress(deploymentId, deps, { force: true }));
    case 'action':
      return runActionJob(job, deps);
    case 'command':
      return runCommandJob(job, deps);
    case 'ci-deploy':
      return runCiDeployJob(job, deps);
    case 'process-look':
      return runProcessLook(job, deps);
    case 'runbook-look':
      return runRunbookLook(job, deps);
    case 'refresh-look':
      return runRefreshLook(job, deps);
  }
}

/**
 * A CI job asked, not a person: it hears of the failure through the CI request's state, which it polls. A deployment
 * the job did start (its message failed after) is what the state follows then, not the failure.
 */
async function failCiRequest(job: CiDeployJob, reason: string, deps: WorkerDeps): Promise<void> {
  const started = await deps.store.deployments.startedFor(job.grant?.requestId ?? job.id);
  const change = started
    ? { status: 'started' as const, deploymentId: started }
    : { status: 'failed' as const, reason: plainText(reason) };
  await deps.store.ciRequests.update(job.request, change, deps.now());
}

/** Who hears of a job's failure, and how: the person who asked, where they wait for the answer. */
async function audienceOf(job: Job, deps: WorkerDeps): Promise<FailureAudience | undefined> {
  switch (job.kind) {
    // Nobody asked for these: a look of the watch that fails for good is dead-lettered (and the sweeper resumes the
    // watch); an audit job's failure is in the logs and the dead-letter queue.
    case 'audit':
    case 'watch':
      return undefined;
    case 'process-look':
      return processLookAudience(job, deps);
    case 'runbook-look':
      return runbookLookAudience(job, deps);
    case 'refresh-look':
      return refreshLookAudience(job, deps);
    case 'ci-deploy':
      return {
        typed: `CI deployment ${job.request}`,
        user: job.actor.id,
        tell: (reason, next) => failCiRequest(job, `${reason} ${next}`, deps),
      };
    case 'command':
    case 'action': {
      const typed = job.kind === 'command' ? typedCommand(job) : `the ${job.action} button`;
      // A command that answered before it failed (its audit line, say) is not answered a second time.
      const answered = job.kind === 'command' && (await deps.store.jobs.done(job.id, 'answered').catch(() => false));
      return {
        typed,
        user: job.actor.id,
        tell: answered
          ? () => Promise.resolve()
          : (reason, next) => replyToRequester(job, failureMessage(typed, reason, next), deps),
      };
    }
  }
}

/**
 * Tells the requester and the audit channel that the job failed for good, in plain words. Each is told on its own
 * (what failed may be Slack in one channel, or the state table), and it fails only if neither heard.
 */
async function reportFailure(job: Job, error: unknown, lastAttempt: boolean, deps: WorkerDeps): Promise<void> {
  const audience = await audienceOf(job, deps);
  if (!audience) return;
  const { typed, tell } = audience;
  const reason = deps.describeError(error);
  const next =
    error instanceof KnownFailure
      ? error.next
      : lastAttempt
        ? `Tried ${JOB_MAX_RECEIVE_COUNT} times. The job is kept in the dead-letter queue; the operators have been told in the audit channel.`
        : 'Retrying will not fix this: check the permission or the Slack setting it names (the operator role is in infra/target-account.yml; the bot may need inviting to the channel), or tell the blueshift operators.';
  const entry = {
    at: deps.now(),
    user: audience.user,
    command: typed,
    decision: 'failed' as const,
    detail: reason,
    ...(audience.env ? { env: audience.env } : {}),
    ...(audience.app ? { app: audience.app } : {}),
  };
  const told = await Promise.allSettled([
    tell ? tell(reason, next) : Promise.reject(new Error(`nobody to tell about ${typed}: its record is unreadable`)),
    deps.config().then(({ auditChannel }) => deps.replies.post(auditChannel, auditMessage(entry))),
    deps.store.audit.record(entry),
  ]);
  const [requester, channel] = told;
  told.forEach(
    (part) =>
      part.status === 'rejected' &&
      logger.error('part of a failure report did not get through', { reportError: part.reason as unknown }),
  );
  if (requester.status === 'rejected' && channel.status === 'rejected') throw requester.reason;
}

async function runRecord(record: SQSRecord, deps: WorkerDeps, stop: AbortSignal): Promise<void> {
  const parsed = jobSchema.safeParse(JSON.parse(record.body));
  if (!parsed.success) {
    // Retrying cannot fix a malformed job; the dead-letter queue keeps it for a person to look at.
    logger.error('unreadable job', { messageId: record.messageId, issues: parsed.error.issues });
    throw new Error(`unreadable job ${record.messageId}`);
  }
  const job = parsed.data;
  // Records run concurrently: each gets its own keys (withLogKeys), never the shared logger's.
  return withLogKeys(jobKeys(job), () => runJob(job, record, deps, stop));
}

function jobKeys(job: Job): Record<string, string> {
  switch (job.kind) {
    case 'command':
      return { jobId: job.id, user: job.actor.id, channel: job.channel, command: `/${job.command}` };
    case 'action':
      return { jobId: job.id, user: job.actor.id, channel: job.channel, action: job.action };
    case 'audit':
      return { jobId: job.id };
    case 'watch':
      return { jobId: job.id, deploymentId: job.deploymentId };
    case 'ci-deploy':
      return { jobId: job.id, user: job.actor.id, ciRequest: job.request };
    case 'process-look':
      return { jobId: job.id, question: job.question };
    case 'runbook-look':
      return { jobId: job.id, runbookRun: job.run };
    case 'refresh-look':
      return { jobId: job.id, creditChange: job.change };
  }
}

/**
 * Claims the job, runs it and marks it done. `stop` fires shortly before the Lambda timeout: a job still running then
 * is abandoned (it can reach nothing more through its deps) and settled like a retryable failure, its claim released
 * for SQS to deliver it again, rather than killed with the claim held for its whole lease.
 */
/** Whether the job is a command that only reads; a configuration that cannot be read says no (claimed first). */
async function readsOnly(job: CommandJob, deps: WorkerDeps): Promise<boolean> {
  return onlyReads(job, deps).catch(() => false);
}

async function runJob(job: Job, record: SQSRecord, deps: WorkerDeps, stop: AbortSignal): Promise<void> {
  stop.throwIfAborted(); // too late to start it: SQS delivers it again
  const lastAttempt = Number(record.attributes.ApproximateReceiveCount) >= JOB_MAX_RECEIVE_COUNT;
  const claimJob = () => deps.store.jobs.claim(job.id, JOB_LEASE_MS);
  // A read-only command reads while it is claimed; anything else is claimed first (handlers/jobs/claim-alongside.ts).
  const alongside =
    job.kind === 'command' && (await readsOnly(job, deps))
      ? { job, ...claimAlongside(job, deps, claimJob) }
      : undefined;
  const run = alongside
    ? untilAborted(runCommandJob(alongside.job, revokedOn(alongside.deps, stop), undefined, alongside.won), stop)
    : undefined;
  // Settled below, after the claim: a read that failed for a lost claim is nobody's failure.
  run?.catch(() => undefined);
  let claim: Awaited<ReturnType<WorkerDeps['store']['jobs']['claim']>>;
  try {
    claim = await (alongside?.claim ?? claimJob());
  } catch (error) {
    return settleUnclaimed(job, error, lastAttempt, deps);
  }
  if (claim === 'done') {
    logger.info('duplicate delivery ignored: the job already ran');
    return;
  }
  if (claim === 'running') throw new JobInProgressError(`job ${job.id} is being run by another delivery`);
  let outcome: string;
  try {
    outcome = await (run ?? untilAborted(execute(job, revokedOn(deps, stop)), stop));
  } catch (error) {
    return settleFailure(job, error, lastAttempt, deps);
  }
  // The job ran: failing to note it must not make SQS run it again, nor the requester hear that it failed.
  await deps.store.jobs
    .complete(job.id, outcome)
    .catch((error: unknown) => logger.error('the job ran but could not be marked done', { error }));
}

/**
 * A retry may fix a throttled or unavailable service, so that is retried without a word; the last attempt is
 * reported and left for the dead-letter queue. Anything else (a known failure, a refusal AWS or Slack will repeat)
 * is reported once and not run again: running it again would repeat its side effects and its report.
 */
async function settleFailure(job: Job, error: unknown, lastAttempt: boolean, deps: WorkerDeps): Promise<void> {
  logger.error('job failed', { error, lastAttempt });
  if (!lastAttempt && (isRetryable(error) || error instanceof LambdaTimeoutError)) {
    await deps.store.jobs.release(job.id);
    throw error;
  }
  if (lastAttempt && !(error instanceof KnownFailure)) {
    await reportFailure(job, error, true, deps).catch((reportError: unknown) =>
      logger.error('could not report the failure', { reportError }),
    );
    await deps.store.jobs.release(job.id);
    throw error;
  }
  await reportFailure(job, error, false, deps);
  // Reported: failing to note it must not make SQS run the job again (and report it again).
  await deps.store.jobs
    .complete(job.id, `failed: ${deps.describeError(error)}`)
    .catch((completeError: unknown) =>
      logger.error('the failure was reported but could not be marked done', { completeError }),
    );
}

/**
 * The job could not even be claimed (the state table failed or refused): nothing ran. Retried like any failure
 * while a retry may help; otherwise, and on the last attempt, the requester and the audit channel are told.
 */
async function settleUnclaimed(job: Job, error: unknown, lastAttempt: boolean, deps: WorkerDeps): Promise<void> {
  logger.error('could not claim the job', { error, lastAttempt });
  const retryable = isRetryable(error);
  if (!lastAttempt && retryable) throw error;
  await reportFailure(job, error, retryable, deps);
  // To the dead-letter queue, to be redriven once the table works again; a refusal is not retried.
  if (retryable) throw error;
}

/** The worker: each SQS record is one job; failures are reported per record so SQS retries only those. */
export async function handleJobs(
  event: SQSEvent,
  deps: WorkerDeps,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const early = timeoutEarly(context);
  try {
    return await processPartialResponse(
      event,
      (record: SQSRecord) => runRecord(record, deps, early.signal),
      processor,
      { throwOnFullBatchFailure: false },
    );
  } finally {
    early.clear();
    logger.resetKeys();
  }
}
