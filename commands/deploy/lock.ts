import type { DeployLock, LockReader } from '../ports';
import type { LockArgs } from '../specs/deploy-lock';
import type { UnlockArgs } from '../specs/deploy-unlock';

export interface LockPorts extends LockReader {
  acquire(lock: DeployLock): Promise<{ acquired: true } | { acquired: false; held: DeployLock }>;
  release(app: string, env: string): Promise<DeployLock | undefined>;
}

export type LockOutcome = { kind: 'locked'; lock: DeployLock; already: boolean } | { kind: 'held'; lock: DeployLock };

export async function lock(args: LockArgs, actor: string, now: Date, locks: LockPorts): Promise<LockOutcome> {
  const existing = await locks.get(args.app, args.env);
  const wanted = { app: args.app, env: args.env, owner: actor, reason: args.reason ?? '', since: now };
  const outcome = await locks.acquire(wanted);
  if (!outcome.acquired) return { kind: 'held', lock: outcome.held };
  return {
    kind: 'locked',
    lock: existing?.owner === actor ? { ...existing, reason: wanted.reason } : wanted,
    already: existing?.owner === actor,
  };
}

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
  if (existing.owner !== actor && !isApprover) return { kind: 'not-yours', lock: existing };
  const removed = await locks.release(args.app, args.env);
  return removed ? { kind: 'unlocked', lock: removed } : { kind: 'not-locked' };
}
