import type { Exemption, ExemptionReader } from '../../commands/ports';
import { conditionHolds, type Table, type TableItem, type TableKey } from './table';
import { date, optionalText, text } from './record';

/**
 * The record of WAF exemptions in force. A record lives until the exemption is reverted (by `revoke` or by the
 * sweeper once it is past `expiresAt`), so it carries no TTL: DynamoDB must never forget one the WAF still has.
 */
export interface ExemptionRecords extends ExemptionReader {
  save(exemption: Exemption): Promise<void>;
  get(id: string): Promise<Exemption | undefined>;
  /** Counts a failed revert; false when the record is gone meanwhile (revoked), which is then not brought back. */
  noteRevertFailure(id: string, failures: number): Promise<boolean>;
  /** Forgets the exemption and returns it (undefined when there was none). */
  remove(id: string): Promise<Exemption | undefined>;
}

function exemptionKey(id: string): TableKey {
  return { pk: 'EXEMPTION', sk: id };
}

// `expiresAt` is the table's TTL attribute, so the exemption's own end is stored under another name.
function toItem(exemption: Exemption): TableItem & TableKey {
  const { expiresAt, createdAt, ...rest } = exemption;
  return {
    ...exemptionKey(exemption.id),
    ...rest,
    createdAt: createdAt.toISOString(),
    exemptUntil: expiresAt.toISOString(),
  };
}

function toExemption(item: TableItem): Exemption {
  return {
    id: text(item, 'id'),
    env: text(item, 'env'),
    rule: text(item, 'rule'),
    path: text(item, 'path'),
    cidr: optionalText(item, 'cidr'),
    requestedBy: text(item, 'requestedBy'),
    reason: text(item, 'reason'),
    createdAt: date(item, 'createdAt'),
    expiresAt: date(item, 'exemptUntil'),
    target: text(item, 'target'),
    approvedBy: optionalText(item, 'approvedBy'),
    revertFailures: typeof item.revertFailures === 'number' ? item.revertFailures : undefined,
  };
}

export function exemptionRecords(table: Table): ExemptionRecords {
  return {
    save: async (exemption) => {
      await table.put(toItem(exemption));
    },
    noteRevertFailure: (id, failures) =>
      conditionHolds(
        table.update(exemptionKey(id), { set: { revertFailures: failures } }, { expression: 'attribute_exists(pk)' }),
      ),
    get: async (id) => {
      const item = await table.get(exemptionKey(id));
      return item && toExemption(item);
    },
    remove: async (id) => {
      const removed = await table.delete(exemptionKey(id));
      return removed && toExemption(removed);
    },
    // Past-due exemptions stay listed: they are active until the sweeper has reverted them.
    listActive: async (env) => {
      const all = (await table.query('EXEMPTION')).map(toExemption);
      return all
        .filter((exemption) => env === undefined || exemption.env === env)
        .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
    },
  };
}
