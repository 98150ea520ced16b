import { logger } from '../../lib/log';
import { auditMessage } from '../../lib/slack/blocks/audit';
import { decidedRequestMessage } from '../../lib/slack/blocks/request';
import type { WorkerDeps } from '../jobs/deps';
import { requestedJob } from '../requests/gates';
import { replyToRequester } from '../jobs/reply';
import { audit } from '../jobs/audit';

/**
 * Requests nobody answered within 30 minutes become expired: the approval message says so, the requester is
 * told, and the expiry is audited. Deciding is conditional, so a late approval and the sweeper cannot both win.
 */
export async function expireRequests(deps: WorkerDeps, sweepId: string): Promise<number> {
  const now = deps.now();
  const overdue = await deps.store.requests.listOverdue(now);
  const { auditChannel } = await deps.config();
  let expired = 0;
  for (const request of overdue) {
    const outcome = await deps.store.requests.decide(request.id, 'expired', 'blueshift', now, sweepId);
    if (!outcome.decided) continue;
    expired += 1;
    // Expired for good, so no later sweep comes back to it: the audit record first, then each message on its
    // own, so Slack refusing one (an edit, say) or the table refusing the record does not swallow the others.
    const entry = {
      at: now,
      user: request.requestedBy,
      command: request.command,
      decision: 'expired' as const,
      detail: `${request.gate} not given within 30 minutes (${request.id})`,
      env: request.env,
      app: request.app,
    };
    await audit(entry, deps, { announce: false }).catch((error: unknown) =>
      logger.error('could not record an expiry in the audit log', { request: request.id, error }),
    );
    const message = decidedRequestMessage(outcome.request);
    const requested = requestedJob(request);
    const told = await Promise.allSettled([
      request.message ? deps.replies.update(request.message.channel, request.message.ts, message) : Promise.resolve(),
      // A CI job is nobody in Slack: it learns of the expiry from the request's state (GET /ci/deployments/{id}).
      requested.kind === 'ci-deploy' ? Promise.resolve() : replyToRequester(requested, message, deps),
      deps.replies.post(auditChannel, auditMessage(entry)),
    ]);
    for (const result of told) {
      if (result.status === 'rejected')
        logger.error('could not tell Slack that a request expired', {
          request: request.id,
          error: result.reason as unknown,
        });
    }
  }
  return expired;
}
