import type { DeployLock, LockReader } from '../../commands/ports';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem, type TableKey } from './table';
import { date, text } from './record';

export type AcquireOutcome = { acquired: true } | { acquired: false; held: DeployLock };

/**
 * Deploy locks: at most one per app and environment, held until released or, with an end, until it passes. A lock
 * past its end is no longer in force: `get` and `list` leave it out and anyone may take it; the sweeper removes it
 * and says so (`listExpired`, `expire`).
 */
export interface DeployLocks extends LockReader {
  /** Takes the lock when it is free (or past its end); its holder taking it again updates the reason and end. */
  acquire(lock: DeployLock): Promise<AcquireOutcome>;
  /** Removes the lock, whoever holds it, and returns it (undefined when there was none). */
  release(app: string, env: string): Promise<DeployLock | undefined>;
  /** Locks past their end, still to be removed. */
  listExpired(): Promise<DeployLock[]>;
  /** Removes an expired lock if it is still the one read (not taken again since); true for the one that removed it. */
  expire(lock: DeployLock): Promise<boolean>;
  /** Gives the lock read as `from` to `to` (a take-over) if nobody changed it since: the lock as it is now. */
  transfer(from: DeployLock, to: { owner: string; since: Date }): Promise<DeployLock | undefined>;
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
  const lock: DeployLock = {
    app: text(item, 'app'),
    env: text(item, 'env'),
    owner: text(item, 'owner'),
    reason: text(item, 'reason'),
    since: date(item, 'since'),
  };
  return item.until === undefined ? lock : { ...lock, until: date(item, 'until') };
}

/** The same lock as read: same holder, taken at the same time (so not released and taken again meanwhile). */
function unchanged(lock: DeployLock) {
  return {
    expression: '#owner = :owner AND #since = :since',
    names: { '#owner': 'owner', '#since': 'since' },
    values: { ':owner': lock.owner, ':since': lock.since.toISOString() },
  };
}

export function deployLocks(table: Table, now: () => Date = () => new Date()): DeployLocks {
  const inForce = (lock: DeployLock) => !lock.until || lock.until > now();
  const read = async (app: string, env: string) => {
    const item = await table.get(lockKey(app, env));
    return item && toLock(item);
  };

  const tryAcquire = async (lock: DeployLock): Promise<AcquireOutcome | undefined> => {
    const key = lockKey(lock.app, lock.env);
    const { app, env, owner, reason } = lock;
    const until = lock.until?.toISOString();
    // A lock with an end stays in the table a while after it, for the sweeper's announcement.
    const expiresAt = lock.until ? ttlSeconds(lock.until, 30 * DAY_MS) : undefined;
    const taken = await conditionHolds(
      table.put(
        { ...key, app, env, owner, reason, since: lock.since.toISOString(), until, expiresAt },
        {
          expression: 'attribute_not_exists(pk) OR #until <= :now',
          names: { '#until': 'until' },
          values: { ':now': now().toISOString() },
        },
      ),
    );
    // Re-acquiring keeps the original `since`: the lock has been held all along.
    const retaken =
      taken ||
      (await conditionHolds(
        table.update(
          key,
          until ? { set: { reason, until, expiresAt } } : { set: { reason }, remove: ['until', 'expiresAt'] },
          {
            expression: '#owner = :owner',
            names: { '#owner': 'owner' },
            values: { ':owner': owner },
          },
        ),
      ));
    if (retaken) return { acquired: true };
    const held = await read(app, env);
    return held && inForce(held) ? { acquired: false, held } : undefined;
  };

  return {
    get: async (app, env) => {
      const lock = await read(app, env);
      return lock && inForce(lock) ? lock : undefined;
    },
    list: async () => (await table.query('LOCK')).map(toLock).filter(inForce),
    listExpired: async () => (await table.query('LOCK')).map(toLock).filter((lock) => !inForce(lock)),
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
    expire: async (lock) => conditionHolds(table.delete(lockKey(lock.app, lock.env), unchanged(lock))),
    transfer: async (from, to) => {
      const moved = await conditionHolds(
        table.update(
          lockKey(from.app, from.env),
          { set: { owner: to.owner, since: to.since.toISOString() } },
          unchanged(from),
        ),
      );
      return moved ? { ...from, owner: to.owner, since: to.since } : undefined;
    },
  };
}
