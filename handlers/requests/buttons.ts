import { describePrincipals, isAmong } from '../../commands/access';
import type { PendingRequest, RequestGate } from '../../commands/requests';
import { logger } from '../../lib/log';
import { decidedRequestMessage } from '../../lib/slack/blocks/request';
import type { WorkerDeps } from '../jobs/deps';
import { requestedJob } from './gates';
import type { ActionJob, CiDeployJob } from '../../commands/job';
import { refuseClick } from '../jobs/reply';
import { audit } from '../jobs/audit';
import type { Grant } from '../jobs/outcome';
import { runCommandJob } from '../jobs/run-job';

type Verdict = 'approved' | 'rejected';
/** Why this person may not press this button on this request, or undefined when they may. */
type Authority = (request: PendingRequest, job: ActionJob, deps: WorkerDeps) => Promise<string | undefined>;

const requesterOnly: Authority = (request, job) =>
  Promise.resolve(
    job.actor.id === request.requestedBy ? undefined : `only <@${request.requestedBy}>, who asked, can answer this.`,
  );

/** `verb` is what the button does, named in the refusal. */
const approverOf = async (verb: 'approve' | 'reject', request: PendingRequest, job: ActionJob, deps: WorkerDeps) => {
  const approvers = (await deps.config()).environments[request.env]?.access.approvers ?? [];
  if (await isAmong(job.actor.id, approvers, deps.directory)) return undefined;
  return `only approvers of \`${request.env}\` may ${verb}: ${describePrincipals(approvers)}.`;
};

const secondApprover: Authority = async (request, job, deps) =>
  job.actor.id === request.requestedBy
    ? 'you cannot approve your own request: another approver has to.'
    : approverOf('approve', request, job, deps);

const approverOrRequester: Authority = async (request, job, deps) =>
  job.actor.id === request.requestedBy ? undefined : approverOf('reject', request, job, deps);

/**
 * A button answers only its own gate: a Confirm click is never an approval (the requester would approve their own
 * request) and an Approve click never the requester's own confirmation. Slack renders them so; a click is checked.
 */
const atGate =
  (gate: RequestGate, authority: Authority): Authority =>
  (request, job, deps) =>
    request.gate === gate
      ? authority(request, job, deps)
      : Promise.resolve(
          `that is not a button of this request (it waits for ${gate === 'approval' ? 'confirmation' : 'approval'}).`,
        );

/** Shows the decided request where it was asked: edits the channel message, or replaces the ephemeral preview. */
async function showDecision(request: PendingRequest, job: ActionJob, deps: WorkerDeps): Promise<void> {
  const message = decidedRequestMessage(request);
  if (request.message) await deps.replies.update(request.message.channel, request.message.ts, message);
  else if (job.responseUrl) await deps.replies.respond(job.responseUrl, message, { replaceOriginal: true });
}

/**
 * Whether the click came from where the request is shown: its approval message, or (a confirmation, ephemeral,
 * so Slack names no message) the channel it was asked in. A click naming it from anywhere else is forged.
 */
function clickedWhereShown(request: PendingRequest, job: ActionJob): boolean {
  if (request.message) return job.channel === request.message.channel && job.messageTs === request.message.ts;
  const requested = requestedJob(request);
  return (
    request.gate === 'confirmation' &&
    job.messageTs === undefined &&
    requested.kind !== 'ci-deploy' &&
    job.channel === requested.channel
  );
}

/**
 * A request with choices is said yes to by one of them, and only one it offered (a forged value names another);
 * a request without choices, and a no, take none.
 */
function choiceRefusal(request: PendingRequest, verdict: Verdict, choice: string | undefined): string | undefined {
  if (verdict === 'rejected' || !request.choices?.length)
    return choice === undefined ? undefined : 'that is not a button of this request.';
  if (choice === undefined || !request.choices.includes(choice))
    return 'that is not one of the choices this request offers; press one of its buttons.';
  return undefined;
}

/** Runs an approved button click again with its grant (handlers/jobs/run-action.ts; passed in, as it routes these). */
export type ApprovedClickRunner = (job: ActionJob, deps: WorkerDeps, grant: Grant) => Promise<string>;

async function decide(
  job: ActionJob,
  deps: WorkerDeps,
  verdict: Verdict,
  authority: Authority,
  runClick: ApprovedClickRunner,
): Promise<string> {
  const bar = job.value.indexOf('|');
  const requestId = bar < 0 ? job.value : job.value.slice(0, bar);
  const choice = bar < 0 ? undefined : job.value.slice(bar + 1);
  const request = await deps.store.requests.get(requestId);
  const typed = request?.command ?? 'this request';
  if (!request) return refuseClick(job, deps, typed, 'the request no longer exists (it may be older than 30 days).');
  const refusal = clickedWhereShown(request, job)
    ? (choiceRefusal(request, verdict, choice) ?? (await authority(request, job, deps)))
    : "this button is not on the request's message, so it does not answer it.";
  if (refusal) {
    await audit(
      {
        at: deps.now(),
        user: job.actor.id,
        command: request.command,
        decision: 'refused',
        detail: `${verdict === 'approved' ? 'approve' : 'reject'}: ${refusal}`,
        env: request.env,
        app: request.app,
      },
      deps,
      { announce: true },
    );
    return refuseClick(job, deps, typed, refusal);
  }
  if (verdict === 'approved' && request.status === 'pending' && request.deadline <= deps.now()) {
    return refuseClick(job, deps, typed, 'the request expired; run the command again.');
  }
  const outcome = await deps.store.requests.decide(request.id, verdict, job.actor.id, deps.now(), job.id);
  if (!outcome.decided) {
    const current = outcome.current;
    return refuseClick(
      job,
      deps,
      typed,
      `it was already ${current?.status ?? 'decided'}${current?.decidedBy ? ` by <@${current.decidedBy}>` : ''}.`,
    );
  }
  const decided = outcome.request;
  // The decision is stored: a message Slack will not edit must not keep what it allows from running (and a
  // second click would only hear "already approved").
  await showDecision(decided, job, deps).catch((error: unknown) =>
    logger.warn('could not show the decision on the request', { request: decided.id, error }),
  );
  const detail = `${decided.gate === 'confirmation' ? (verdict === 'approved' ? 'confirmed' : 'cancelled') : verdict} (${decided.id}): ${decided.summary}`;
  await audit(
    {
      at: deps.now(),
      user: job.actor.id,
      command: decided.command,
      decision: verdict,
      detail,
      env: decided.env,
      app: decided.app,
    },
    deps,
    { announce: true },
  );
  if (verdict === 'rejected') return verdict;
  const isApproval = decided.gate === 'approval';
  const grant: Grant = {
    requestId: decided.id,
    confirmedBy: isApproval ? decided.confirmedBy : job.actor.id,
    approvedBy: isApproval ? job.actor.id : undefined,
    grants: choice ? [...decided.grants, choice] : decided.grants,
  };
  const requested = requestedJob(decided);
  if (requested.kind === 'ci-deploy') return runApprovedCiDeploy(requested, deps, grant);
  return requested.kind === 'command' ? runCommandJob(requested, deps, grant) : runClick(requested, deps, grant);
}

/**
 * A CI deployment approved in Slack runs again as its own job, with the grant: its failures then end in the CI
 * request's state (handlers/jobs/handle-jobs.ts), where the CI job polls, not in a reply to the approver. The job id is
 * fixed per request, so a redelivered approval queues nothing new.
 */
async function runApprovedCiDeploy(job: CiDeployJob, deps: WorkerDeps, grant: Grant): Promise<string> {
  await deps.queue.send({ ...job, id: `${job.id}-${grant.requestId}`, grant });
  return 'approved: CI deployment queued';
}

/** The request buttons; `runClick` runs a button click a request carried (moving alarms) once approved. */
export function requestActions(runClick: ApprovedClickRunner) {
  return {
    'request.confirm': (job: ActionJob, deps: WorkerDeps) =>
      decide(job, deps, 'approved', atGate('confirmation', requesterOnly), runClick),
    'request.cancel': (job: ActionJob, deps: WorkerDeps) =>
      decide(job, deps, 'rejected', atGate('confirmation', requesterOnly), runClick),
    'request.approve': (job: ActionJob, deps: WorkerDeps) =>
      decide(job, deps, 'approved', atGate('approval', secondApprover), runClick),
    'request.reject': (job: ActionJob, deps: WorkerDeps) =>
      decide(job, deps, 'rejected', atGate('approval', approverOrRequester), runClick),
  };
}
