import { randomUUID } from 'node:crypto';
import type { PendingRequest, RequestGate } from '../../commands/requests';
import type { ParsedArgs } from '../../commands/grammar';
import { approvalMessage, awaitingApprovalMessage, confirmationMessage, type Preview } from '../../lib/slack/blocks/request';
import { commandJob, type CommandJob } from './job';
import type { Execution } from './outcome';
import { replyToRequester } from './reply';

/** How long a request waits for its confirmation or approval (DESIGN.md: approve within 30 minutes). */
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
  const { job, deps, config, grant } = execution;
  const env = input.args.env ?? '';
  const now = deps.now();
  const request: PendingRequest = {
    id: `req-${randomUUID().slice(0, 8)}`, gate: input.gate, status: 'pending', command: input.typed, job: JSON.stringify(job),
    env, app: input.args.app, summary: input.preview.summary, requestedBy: job.actor.id, createdAt: now,
    deadline: new Date(now.getTime() + REQUEST_TTL_MS), confirmedBy: grant?.confirmedBy,
    grants: [...new Set([...(grant?.grants ?? []), ...(input.grants ?? [])])], decidedBy: undefined, decidedAt: undefined, message: undefined,
  };
  await deps.store.requests.create(request);
  if (input.gate === 'confirmation') {
    await replyToRequester(job, confirmationMessage(request, input.preview), deps);
    return request;
  }
  const channel = config.environments[env]?.channel ?? config.auditChannel;
  const posted = await deps.replies.post(channel, approvalMessage(request, input.preview, now));
  await deps.store.requests.attachMessage(request.id, channel, posted.ts);
  await replyToRequester(job, awaitingApprovalMessage(request, channel), deps);
  return { ...request, message: { channel, ts: posted.ts } };
}

/** The command job a request carries, to run again once it is approved. */
export function requestedJob(request: PendingRequest): CommandJob {
  return commandJob.parse(JSON.parse(request.job));
}
