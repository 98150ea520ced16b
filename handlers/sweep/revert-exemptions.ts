import type { Exemption } from '../../commands/ports';
import { logger } from '../../lib/log';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { audit } from '../jobs/audit';
import { announceRevert, revertRecord } from '../waf/revert';

/** After the first failure, the audit channel hears about a stuck revert again only this often. */
const ANNOUNCE_EVERY = 15;

/**
 * Exemptions past their end are reverted, even if Slack is down (the sweeper needs only AWS and the table). A
 * revert that fails stays due: it is tried every minute, and the audit channel is told, so none is forgotten.
 */
export async function revertExpiredExemptions(deps: WorkerDeps): Promise<number> {
  const now = deps.now();
  const config = await deps.config();
  const due = (await deps.store.exemptions.listActive()).filter((e) => e.expiresAt <= now);
  let reverted = 0;
  for (const record of due) {
    let view;
    try {
      const { target } = await deps.account(record.env, SYSTEM_ACTOR);
      view = await revertRecord(record, target.waf, config, deps, 'expired');
    } catch (error) {
      await noteFailure(record, error, deps);
      continue;
    }
    reverted += 1;
    // Reverted either way; if Slack is down the table's audit record still says so.
    // Reverted, and the record that made it due is gone: nothing after this may stop the announcement.
    await audit(
      {
        at: now,
        user: record.requestedBy,
        command: `/waf-exempt ${record.env} ${record.rule} ${record.path}`,
        decision: 'expired',
        detail: `exemption ${record.id} expired and was reverted`,
        env: record.env,
      },
      deps,
      { announce: false },
    ).catch((error: unknown) =>
      logger.error('could not record a revert in the audit log', { exemption: record.id, error }),
    );
    await announceRevert(view, config, deps).catch((error: unknown) =>
      logger.error('could not announce a revert in Slack', { exemption: record.id, error }),
    );
  }
  return reverted;
}

async function noteFailure(record: Exemption, error: unknown, deps: WorkerDeps): Promise<void> {
  const failures = (record.revertFailures ?? 0) + 1;
  logger.error('exemption revert failed; it stays due', { exemption: record.id, failures, error });
  // Conditional: a revoke that removed the record meanwhile must not be undone by this bookkeeping.
  if (!(await deps.store.exemptions.noteRevertFailure(record.id, failures))) return;
  if ((failures - 1) % ANNOUNCE_EVERY !== 0) return;
  await audit(
    {
      at: deps.now(),
      user: record.requestedBy,
      command: `/waf-exempt revoke ${record.id}`,
      decision: 'failed',
      detail: `exemption ${record.id} expired but could not be reverted (attempt ${failures}): ${deps.describeError(error)}. blueshift keeps trying every minute; check the web ACL and the operator role.`,
      env: record.env,
    },
    deps,
    { announce: true },
  );
}
