import type { DeployLock } from '../../../commands/ports';
import { deployLocks, type DeployLocks } from '../../../lib/state/locks';
import { startDynalite, type DynaliteServer } from '../../fakes/dynalite';

let dynamo: DynaliteServer;
let locks: DeployLocks;

beforeAll(async () => {
  dynamo = await startDynalite();
});
beforeEach(async () => {
  await dynamo.reset();
  locks = deployLocks(dynamo.table);
});
afterAll(async () => {
  await dynamo.stop();
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
});
