import { logger } from '../../lib/log';
import { lockExpiredMessage } from '../../lib/slack/blocks/locks';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';

/**
 * Locks taken `for` a while are lifted when the time is up, and the environment's channel hears it once
 * ("🔓 web prod's lock by @alice expired"). A lock past its end is already out of force (lib/state/locks.ts); this
 * removes it and says so. The note is claimed first and given back when Slack did not take the message, so
 * overlapping sweeps say it once and a failed one is said by the next.
 */
export async function expireLocks(deps: WorkerDeps): Promise<number> {
  const expired = await deps.store.locks.listExpired();
  if (!expired.length) return 0;
  const config = await deps.config();
  let lifted = 0;
  for (const lock of expired) {
    const id = `${lock.app}#${lock.since.toISOString()}`;
    const claimed = await deps.store.announcements.claim(lock.env, 'lock-expired', id, deps.now());
    if (claimed) {
      const channel = config.environments[lock.env]?.channel ?? config.auditChannel;
      await deps.replies.post(channel, lockExpiredMessage(lock)).catch(async (error: unknown) => {
        await deps.store.announcements.release(lock.env, 'lock-expired', id);
        throw error;
      });
      await audit(
        {
          at: deps.now(),
          user: lock.owner,
          command: `/deploy lock ${lock.app} ${lock.env}`,
          decision: 'expired',
          detail: `the lock ran out at ${lock.until?.toISOString() ?? '?'} and was lifted: ${lock.reason || 'no reason given'}`,
          env: lock.env,
          app: lock.app,
        },
        deps,
        { announce: false },
      ).catch((error: unknown) => logger.error('could not record a lock expiry in the audit log', { error }));
      lifted += 1;
    }
    // Said (now or by an earlier sweep): the record goes, unless it was taken again meanwhile.
    await deps.store.locks.expire(lock);
  }
  return lifted;
}
