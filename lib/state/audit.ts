import { randomUUID } from 'node:crypto';
import type { AuditDecision, AuditEntry, AuditLog } from '../../commands/ports';
import { DAY_MS, ttlSeconds, type Table, type TableItem } from './table';
import { date, oneOf, optionalText, text } from './record';

/** The audit log, readable back one UTC day at a time. */
export interface AuditTrail extends AuditLog {
  /** The day's entries (UTC), oldest first. */
  list(day: Date): Promise<AuditEntry[]>;
}

/** Just over a year, so a yearly access review still finds last year's entries. */
const KEEP_MS = 400 * DAY_MS;

const DECISIONS: readonly AuditDecision[] = [
  'allowed',
  'refused',
  'approved',
  'rejected',
  'expired',
  'succeeded',
  'failed',
];

// One partition per day keeps partitions small and makes a day's entries one query.
function dayPartition(at: Date): string {
  return `AUDIT#${at.toISOString().slice(0, 10)}`;
}

function toEntry(item: TableItem): AuditEntry {
  return {
    at: date(item, 'at'),
    user: text(item, 'user'),
    command: text(item, 'command'),
    decision: oneOf(item, 'decision', DECISIONS),
    detail: text(item, 'detail'),
    env: optionalText(item, 'env'),
    app: optionalText(item, 'app'),
    roleSession: optionalText(item, 'roleSession'),
    deploymentId: optionalText(item, 'deploymentId'),
  };
}

export function auditTrail(table: Table, now: () => Date = () => new Date()): AuditTrail {
  return {
    record: async (entry) => {
      const at = entry.at.toISOString();
      await table.put({
        ...entry,
        // The random suffix keeps two entries in the same millisecond apart; the ISO prefix keeps them in order.
        pk: dayPartition(entry.at),
        sk: `${at}#${randomUUID()}`,
        at,
        expiresAt: ttlSeconds(now(), KEEP_MS),
      });
    },
    list: async (day) => (await table.query(dayPartition(day))).map(toEntry),
  };
}
