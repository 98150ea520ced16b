import { decidedRequestMessage } from '../../lib/slack/blocks/request';
import type { WorkerDeps } from '../jobs/deps';
import { requestedJob } from '../jobs/gates';
import { replyToRequester } from '../jobs/reply';
import { audit } from '../jobs/run-job';

/**
 * Requests nobody answered within 30 minutes become expired: the approval message says so, the requester is
 * told, and the expiry is audited. Deciding is conditional, so a late approval and the sweeper cannot both win.
 */
export async function expireRequests(deps: WorkerDeps, sweepId: string): Promise<number> {
  const now = deps.now();
  const overdue = await deps.store.requests.listOverdue(now);
  let expired = 0;
  for (const request of overdue) {
    const outcome = await deps.store.requests.decide(request.id, 'expired', 'blueshift', now, sweepId);
    if (!outcome.decided) continue;
    const message = decidedRequestMessage(outcome.request);
    if (request.message) await deps.replies.update(request.message.channel, request.message.ts, message);
    await replyToRequester(requestedJob(request), message, deps);
    await audit({ at: now, user: request.requestedBy, command: request.command, decision: 'expired', detail: `${request.gate} not given within 30 minutes (${request.id})`, env: request.env, app: request.app }, true, deps);
    expired += 1;
  }
  return expired;
}
