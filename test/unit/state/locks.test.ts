import type { DeployLock } from '../../../commands/ports';
import { deployLocks, type DeployLocks } from '../../../lib/state/locks';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();
let locks: DeployLocks;
/** The clock the locks read: before, at and after a lock's end. */
let now = new Date('2025-03-01T10:00:00.000Z');

beforeEach(() => {
  now = new Date('2025-03-01T10:00:00.000Z');
  locks = deployLocks(dynamo().table, () => now);
});

function lock(overrides: Partial<DeployLock> = {}): DeployLock {
  return {
    app: 'web',
    env: 'prod',
    owner: 'U0ALICE',
    reason: 'release freeze',
    since: new Date('2025-03-01T09:00:00.000Z'),
    ...overrides,
  };
}

describe('deployLocks', () => {
  it('acquires a free lock and reads it back', async () => {
    // Act
    const outcome = await locks.acquire(lock());
    // Assess
    expect(outcome).toEqual({ acquired: true });
    expect(await locks.get('web', 'prod')).toEqual(lock());
  });

  it('refuses a lock held by someone else and names the holder', async () => {
    // Prepare
    await locks.acquire(lock());
    // Act
    const outcome = await locks.acquire(lock({ owner: 'U0BOB', reason: 'hotfix' }));
    // Assess
    expect(outcome).toEqual({ acquired: false, held: lock() });
  });

  it('lets the holder take the lock again, updating the reason but not since', async () => {
    // Prepare
    await locks.acquire(lock());
    // Act
    const outcome = await locks.acquire(lock({ reason: 'freeze extended', since: new Date('2025-03-02T00:00:00Z') }));
    // Assess
    expect(outcome).toEqual({ acquired: true });
    expect(await locks.get('web', 'prod')).toEqual(lock({ reason: 'freeze extended' }));
  });

  it('releases a lock, returning it, and returns undefined when there is none', async () => {
    // Prepare
    await locks.acquire(lock());
    // Act
    const released = await locks.release('web', 'prod');
    const again = await locks.release('web', 'prod');
    // Assess
    expect(released).toEqual(lock());
    expect(again).toBeUndefined();
    expect(await locks.get('web', 'prod')).toBeUndefined();
  });

  it('lets someone else acquire a lock once it is released', async () => {
    // Prepare
    await locks.acquire(lock());
    await locks.release('web', 'prod');
    // Act
    const outcome = await locks.acquire(lock({ owner: 'U0BOB' }));
    // Assess
    expect(outcome).toEqual({ acquired: true });
    expect((await locks.get('web', 'prod'))?.owner).toBe('U0BOB');
  });

  it('lists every lock, apps and environments kept apart', async () => {
    // Prepare
    await locks.acquire(lock({ app: 'web', env: 'staging' }));
    await locks.acquire(lock({ app: 'api', env: 'prod', owner: 'U0BOB' }));
    await locks.acquire(lock({ app: 'web', env: 'prod' }));
    // Act
    const listed = await locks.list();
    // Assess
    expect(listed.map(({ app, env, owner }) => `${app} ${env} ${owner}`)).toEqual([
      'api prod U0BOB',
      'web prod U0ALICE',
      'web staging U0ALICE',
    ]);
  });

  it('gives the lock to exactly one of two people racing for it', async () => {
    // Act
    const outcomes = await Promise.all([locks.acquire(lock()), locks.acquire(lock({ owner: 'U0BOB' }))]);
    // Assess
    expect(outcomes.filter((outcome) => outcome.acquired)).toHaveLength(1);
    expect(await locks.list()).toHaveLength(1);
  });

  it('holds a lock with an end until then; past it, the lock is out of force, listed as expired, free to take', async () => {
    // Prepare
    const until = new Date('2025-03-01T11:00:00.000Z');
    await locks.acquire(lock({ until }));
    // Act
    now = new Date('2025-03-01T10:59:59.000Z');
    const before = await Promise.all([
      locks.get('web', 'prod'),
      locks.listExpired(),
      locks.acquire(lock({ owner: 'U0BOB' })),
    ]);
    now = until;
    const after = await Promise.all([locks.get('web', 'prod'), locks.list(), locks.listExpired()]);
    // Assess
    expect(before).toEqual([lock({ until }), [], { acquired: false, held: lock({ until }) }]);
    expect(after).toEqual([undefined, [], [lock({ until })]]);
    expect(await locks.acquire(lock({ owner: 'U0BOB', since: now }))).toEqual({ acquired: true });
  });

  it('expires a lock only if it is still the one read, once', async () => {
    // Prepare
    const until = new Date('2025-03-01T11:00:00.000Z');
    await locks.acquire(lock({ until }));
    now = new Date('2025-03-01T12:00:00.000Z');
    const [expired] = await locks.listExpired();
    // Act
    const outcomes = await Promise.all([locks.expire(expired!), locks.expire(expired!)]);
    // Assess
    expect(outcomes.sort()).toEqual([false, true]);
    expect(await locks.listExpired()).toEqual([]);
  });

  it('moves a lock to another holder only while it is the one read', async () => {
    // Prepare
    await locks.acquire(lock());
    const read = lock();
    const since = new Date('2025-03-01T10:30:00.000Z');
    // Act
    const first = await locks.transfer(read, { owner: 'U0BOB', since });
    const second = await locks.transfer(read, { owner: 'U0DAN', since });
    // Assess
    expect(first).toEqual(lock({ owner: 'U0BOB', since }));
    expect(second).toBeUndefined();
    expect(await locks.get('web', 'prod')).toEqual(lock({ owner: 'U0BOB', since }));
  });

  it('drops the end when its holder locks again without one', async () => {
    // Prepare
    await locks.acquire(lock({ until: new Date('2025-03-01T11:00:00.000Z') }));
    // Act
    await locks.acquire(lock({ reason: 'until unlocked' }));
    // Assess
    expect(await locks.get('web', 'prod')).toEqual(lock({ reason: 'until unlocked' }));
  });
});
