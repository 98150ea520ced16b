import * as z from 'zod';
import { createHash } from 'node:crypto';
import type { PendingRequest, RequestGate } from '../../commands/requests';
import type { ParsedArgs } from '../../commands/spec';
import {
  approvalMessage,
  awaitingApprovalMessage,
  confirmationMessage,
  type Preview,
} from '../../lib/slack/blocks/request';
import {
  actionJob,
  ciDeployJob,
  commandJob,
  type ActionJob,
  type CiDeployJob,
  type CommandJob,
} from '../../commands/job';
import type { BlueshiftConfig } from '../../lib/config/schema';
import type { WorkerDeps } from '../jobs/deps';
import type { Execution } from '../jobs/outcome';
import { replyToRequester } from '../jobs/reply';

/** How long a request waits for its confirmation or approval (README: approve within 30 minutes). */
export const REQUEST_TTL_MS = 30 * 60_000;

export interface GateInput {
  gate: RequestGate;
  preview: Preview;
  grants: string[] | undefined;
  typed: string;
  args: ParsedArgs;
}

/**
 * Stops a command at a gate: records the request, then asks the requester to confirm (an ephemeral preview)
 * or the environment's channel to approve. The command runs again, with the grant, when someone says yes.
 */
export async function openRequest(input: GateInput, execution: Execution): Promise<PendingRequest> {
  const { args, ...gate } = input;
  return openGate({ ...gate, env: args.env ?? '', app: args.app }, execution);
}

/**
 * Stops a button click at a second person's approval (a change a button makes on a protected environment, like
 * moving alarms): the click runs again, with the grant, once an approver says yes.
 */
export function openClickApproval(
  input: { preview: Preview; typed: string; env: string; app: string | undefined },
  context: { job: ActionJob; deps: WorkerDeps; config: BlueshiftConfig },
): Promise<PendingRequest> {
  return openGate({ ...input, gate: 'approval', grants: undefined }, { ...context, grant: undefined });
}

/**
 * Stops a button click at the clicker's own confirmation of a preview (a runbook on an unprotected environment):
 * the click runs again, with the grant, once they confirm.
 */
export function openClickConfirmation(
  input: { preview: Preview; typed: string; env: string; app: string | undefined },
  context: { job: ActionJob; deps: WorkerDeps; config: BlueshiftConfig },
): Promise<PendingRequest> {
  return openGate({ ...input, gate: 'confirmation', grants: undefined }, { ...context, grant: undefined });
}

/**
 * Stops a CI deployment at a second person's approval in the environment's channel (docs/decisions/0022). Nobody
 * waits in Slack for an answer: the CI job polls the request's state. Approved, it runs again with the grant.
 */
export function openCiApproval(
  input: { preview: Preview; grants: string[] | undefined; typed: string; env: string; app: string },
  context: { job: CiDeployJob; deps: WorkerDeps; config: BlueshiftConfig; grant: Execution['grant'] },
): Promise<PendingRequest> {
  return openGate({ ...input, gate: 'approval' }, context);
}

interface GateRequest {
  gate: RequestGate;
  preview: Preview;
  grants: string[] | undefined;
  typed: string;
  env: string;
  app: string | undefined;
}

async function openGate(
  input: GateRequest,
  execution: Omit<Execution, 'job'> & { job: CommandJob | ActionJob | CiDeployJob },
): Promise<PendingRequest> {
  const { job, deps, config, grant } = execution;
  const env = input.env;
  const id = requestId(job, input.gate, grant?.requestId);
  const existing = await deps.store.requests.get(id);
  const now = existing?.createdAt ?? deps.now();
  const request: PendingRequest = existing ?? {
    id,
    gate: input.gate,
    status: 'pending',
    command: input.typed,
    job: JSON.stringify(job),
    env,
    app: input.app,
    summary: input.preview.summary,
    requestedBy: job.actor.id,
    createdAt: now,
    deadline: new Date(now.getTime() + REQUEST_TTL_MS),
    confirmedBy: grant?.confirmedBy,
    grants: [...new Set([...(grant?.grants ?? []), ...(input.grants ?? [])])],
    ...(input.preview.choices ? { choices: input.preview.choices.map((choice) => choice.grant) } : {}),
    decidedBy: undefined,
    decidedAt: undefined,
    message: undefined,
  };
  if (existing && existing.status !== 'pending') return existing; // decided meanwhile: nothing more to ask
  if (!existing) await deps.store.requests.create(request);
  if (input.gate === 'confirmation') {
    // Only a person at Slack can confirm; a CI deployment is refused where it would need this (handlers/ci/run-job.ts).
    if (job.kind === 'ci-deploy') throw new Error('a CI deployment cannot stop at a confirmation');
    await replyToRequester(job, confirmationMessage(request, input.preview), deps);
    return request;
  }
  const channel = request.message?.channel ?? config.environments[env]?.channel ?? config.auditChannel;
  // A delivery of the same job that already posted the approval message does not post a second one.
  const ts =
    request.message?.ts ?? (await deps.replies.post(channel, approvalMessage(request, input.preview, deps.now()))).ts;
  if (!request.message) await deps.store.requests.attachMessage(request.id, channel, ts);
  if (job.kind !== 'ci-deploy') await replyToRequester(job, awaitingApprovalMessage(request, channel), deps);
  return { ...request, message: { channel, ts } };
}

/**
 * The same job at the same gate (SQS delivers at least once; a retry runs it again) opens the same request, so
 * nobody is asked twice and two approvals cannot start two changes. A command job runs once plain and once per
 * request it passes, hence the grant's request in the key.
 */
function requestId(job: { id: string }, gate: RequestGate, grantedBy: string | undefined): string {
  return `req-${createHash('sha256')
    .update(`${job.id}\n${grantedBy ?? ''}\n${gate}`)
    .digest('hex')
    .slice(0, 12)}`;
}

const requestedJobSchema = z.discriminatedUnion('kind', [commandJob, actionJob, ciDeployJob]);

/** The command, button click or CI deployment a request carries, to run again once it is approved. */
export function requestedJob(request: PendingRequest): CommandJob | ActionJob | CiDeployJob {
  return requestedJobSchema.parse(JSON.parse(request.job));
}
