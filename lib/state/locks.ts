import type { DeployLock, LockReader } from '../../commands/ports';
import { conditionHolds, type Table, type TableItem, type TableKey } from './table';
import { date, text } from './record';

export type AcquireOutcome = { acquired: true } | { acquired: false; held: DeployLock };

/** Deploy locks: at most one per app and environment, held by one Slack user until released. */
export interface DeployLocks extends LockReader {
  /** Takes the lock when it is free; its holder taking it again only updates the reason. */
  acquire(lock: DeployLock): Promise<AcquireOutcome>;
  /** Removes the lock, whoever holds it, and returns it (undefined when there was none). */
  release(app: string, env: string): Promise<DeployLock | undefined>;
}

/** A lock released and taken again between our steps is rare; after this many rounds something is wrong. */
const ACQUIRE_ATTEMPTS = 3;

export class LockContentionError extends Error {
  override readonly name = 'LockContentionError';

  constructor(app: string, env: string) {
    super(`The deploy lock on ${app} ${env} kept changing hands; try again`);
  }
}

// One partition holds every lock, so listing them is a single query.
function lockKey(app: string, env: string): TableKey {
  return { pk: 'LOCK', sk: `${app}#${env}` };
}

function toLock(item: TableItem): DeployLock {
  return {
    app: text(item, 'app'),
    env: text(item, 'env'),
    owner: text(item, 'owner'),
    reason: text(item, 'reason'),
    since: date(item, 'since'),
  };
}

export function deployLocks(table: Table): DeployLocks {
  const get = async (app: string, env: string) => {
    const item = await table.get(lockKey(app, env));
    return item && toLock(item);
  };

  const tryAcquire = async (lock: DeployLock): Promise<AcquireOutcome | undefined> => {
    const key = lockKey(lock.app, lock.env);
    const { app, env, owner, reason } = lock;
    const taken = await conditionHolds(
      table.put(
        { ...key, app, env, owner, reason, since: lock.since.toISOString() },
        {
          expression: 'attribute_not_exists(pk)',
        },
      ),
    );
    // Re-acquiring keeps the original `since`: the lock has been held all along.
    const retaken =
      taken ||
      (await conditionHolds(
        table.update(
          key,
          { set: { reason } },
          {
            expression: '#owner = :owner',
            names: { '#owner': 'owner' },
            values: { ':owner': owner },
          },
        ),
      ));
    if (retaken) return { acquired: true };
    const held = await get(app, env);
    return held && { acquired: false, held };
  };

  return {
    get,
    list: async () => (await table.query('LOCK')).map(toLock),
    acquire: async (lock) => {
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt += 1) {
        const outcome = await tryAcquire(lock);
        if (outcome) return outcome;
      }
      throw new LockContentionError(lock.app, lock.env);
    },
    release: async (app, env) => {
      const removed = await table.delete(lockKey(app, env));
      return removed && toLock(removed);
    },
  };
}
