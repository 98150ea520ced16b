import type { AuditEntry } from '../../commands/ports';
import { auditMessage } from '../../lib/slack/blocks/audit';
import type { WorkerDeps } from './deps';

/**
 * Records a decision in the state table; with `announce`, the audit channel hears it too (refusals and changes
 * are announced; what changes nothing, such as an acknowledgement or an expiry the sweeper posts itself, is not).
 */
export async function audit(
  entry: AuditEntry,
  deps: Pick<WorkerDeps, 'store' | 'replies' | 'config'>,
  { announce }: { announce: boolean },
): Promise<void> {
  await deps.store.audit.record(entry);
  if (announce) await deps.replies.post((await deps.config()).auditChannel, auditMessage(entry));
}
