import type { CreditChange, CreditChanges } from '../../commands/credits/changes';
import { date, oneOf, optionalText, text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

// One item per app and environment: the switch now or last, kept 90 days after its last change.
const key = (env: string, app: string) => ({ pk: `CREDITCHANGE#${env}#${app}`, sk: 'CURRENT' });
const KEEP_MS = 90 * DAY_MS;
const STEP = 'step:';

function toChange(item: TableItem): CreditChange {
  const requestId = optionalText(item, 'requestId');
  const instanceType = optionalText(item, 'instanceType');
  const steps = Object.fromEntries(
    Object.entries(item).flatMap(([name, value]) =>
      name.startsWith(STEP) && typeof value === 'string' ? [[name.slice(STEP.length), value]] : [],
    ),
  );
  return {
    env: text(item, 'env'),
    app: text(item, 'app'),
    id: text(item, 'id'),
    mode: oneOf(item, 'mode', ['standard', 'unlimited', 'type'] as const),
    ...(instanceType ? { instanceType } : {}),
    status: oneOf(item, 'status', ['asked', 'applying', 'done', 'partial', 'failed'] as const),
    requestedBy: text(item, 'requestedBy'),
    at: date(item, 'at'),
    ...(requestId ? { requestId } : {}),
    steps,
  };
}

export function creditChangeRecords(table: Table): CreditChanges {
  return {
    async get(env, app) {
      const item = await table.get(key(env, app));
      return item ? toChange(item) : undefined;
    },
    claim: (change, expected) =>
      conditionHolds(
        table.put(
          {
            ...key(change.env, change.app),
            env: change.env,
            app: change.app,
            id: change.id,
            mode: change.mode,
            instanceType: change.instanceType,
            status: change.status,
            requestedBy: change.requestedBy,
            at: change.at.toISOString(),
            requestId: change.requestId,
            expiresAt: ttlSeconds(change.at, KEEP_MS),
          },
          expected === undefined
            ? { expression: 'attribute_not_exists(pk)' }
            : { expression: '#id = :expected', names: { '#id': 'id' }, values: { ':expected': expected } },
        ),
      ),
    async update(env, app, id, change) {
      await table.update(
        key(env, app),
        {
          set: {
            ...(change.status ? { status: change.status } : {}),
            ...(change.requestId ? { requestId: change.requestId } : {}),
            ...(change.step ? { [`${STEP}${change.step.name}`]: change.step.result } : {}),
          },
        },
        // Only this change's record: a newer switch that took over is never written by an older one.
        { expression: '#id = :id', names: { '#id': 'id' }, values: { ':id': id } },
      );
    },
  };
}
