import type { CiRequest, CiRequestStore } from '../../commands/ci/request';
import { date, oneOf, optionalText, text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem, type TableKey } from './table';

// One item per CI request (docs/decisions/0022), read by id: the CI job polls it, the worker moves it on.
const key = (id: string): TableKey => ({ pk: `CI#${id}`, sk: 'REQUEST' });
/** As long as the deployment records and decided approvals it points at. */
const KEEP_MS = 30 * DAY_MS;

function toCiRequest(item: TableItem): CiRequest {
  return {
    id: text(item, 'id'),
    principal: text(item, 'principal'),
    caller: text(item, 'caller'),
    idempotencyKey: text(item, 'idempotencyKey'),
    fingerprint: text(item, 'fingerprint'),
    app: text(item, 'app'),
    env: text(item, 'env'),
    revision: text(item, 'revision'),
    commit: optionalText(item, 'commit'),
    actor: optionalText(item, 'actor'),
    runUrl: optionalText(item, 'runUrl'),
    createdAt: date(item, 'createdAt'),
    updatedAt: date(item, 'updatedAt'),
    status: oneOf(item, 'status', ['queued', 'awaiting-approval', 'refused', 'started', 'failed'] as const),
    reason: optionalText(item, 'reason'),
    approval: optionalText(item, 'approval'),
    deploymentId: optionalText(item, 'deploymentId'),
  };
}

export function ciRequestRecords(table: Table): CiRequestStore {
  const get = async (id: string) => {
    const item = await table.get(key(id));
    return item && toCiRequest(item);
  };
  return {
    get,
    async create(request) {
      const { createdAt, updatedAt, ...rest } = request;
      // The conditional write is the idempotency: of two POSTs with the same key, one creates, one reads.
      const created = await conditionHolds(
        table.put(
          {
            ...key(request.id),
            ...rest,
            createdAt: createdAt.toISOString(),
            updatedAt: updatedAt.toISOString(),
            expiresAt: ttlSeconds(createdAt, KEEP_MS),
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
      );
      if (created) return { created: true };
      const existing = await get(request.id);
      if (!existing) throw new Error(`CI request ${request.id} exists and cannot be read`);
      return { created: false, existing };
    },
    async update(id, change, at) {
      return conditionHolds(
        table.update(
          key(id),
          { set: { ...change, updatedAt: at.toISOString() } },
          {
            expression: 'attribute_exists(pk) AND #status <> :started',
            names: { '#status': 'status' },
            values: { ':started': 'started' },
          },
        ),
      );
    },
  };
}
