import type { DeployLock, LockReader } from '../ports';
import type { LockArgs } from '../specs/deploy-lock';
import type { UnlockArgs } from '../specs/deploy-unlock';

export interface LockPorts extends LockReader {
  acquire(lock: DeployLock): Promise<{ acquired: true } | { acquired: false; held: DeployLock }>;
  release(app: string, env: string): Promise<DeployLock | undefined>;
}

/** The longest `/deploy lock … for <duration>`: a lock meant for longer is one to lift by hand. */
export const MAX_LOCK_MS = 30 * 86_400_000;

export type LockOutcome = { kind: 'locked'; lock: DeployLock; already: boolean } | { kind: 'held'; lock: DeployLock };

/** `for` is a duration already checked by the grammar (`2h`): the lock ends that long after `now`. */
export async function lock(
  args: LockArgs,
  actor: string,
  now: Date,
  locks: LockPorts,
  forMs: number | undefined,
): Promise<LockOutcome> {
  const existing = await locks.get(args.app, args.env);
  const until = forMs === undefined ? undefined : new Date(now.getTime() + forMs);
  const wanted: DeployLock = {
    app: args.app,
    env: args.env,
    owner: actor,
    reason: args.reason ?? '',
    since: now,
    ...(until ? { until } : {}),
  };
  const outcome = await locks.acquire(wanted);
  if (!outcome.acquired) return { kind: 'held', lock: outcome.held };
  const already = existing?.owner === actor;
  // Taken again by its holder: held all along (the first `since`), with the reason and end just given.
  return { kind: 'locked', lock: already ? { ...wanted, since: existing.since } : wanted, already };
}

/** Whether the lock is blueshift's own (left by a rollback): any operator may lift it once the problem is fixed. */
export const isBlueshiftLock = (lock: DeployLock): boolean => lock.owner.startsWith('blueshift');

export type UnlockOutcome =
  { kind: 'unlocked'; lock: DeployLock } | { kind: 'not-locked' } | { kind: 'not-yours'; lock: DeployLock };

/** The owner or an approver of the environment may lift a lock; `isApprover` is decided by the caller. */
export async function unlock(
  args: UnlockArgs,
  actor: string,
  isApprover: boolean,
  locks: LockPorts,
): Promise<UnlockOutcome> {
  const existing = await locks.get(args.app, args.env);
  if (!existing) return { kind: 'not-locked' };
  if (existing.owner !== actor && !isApprover && !isBlueshiftLock(existing))
    return { kind: 'not-yours', lock: existing };
  const removed = await locks.release(args.app, args.env);
  return removed ? { kind: 'unlocked', lock: removed } : { kind: 'not-locked' };
}
