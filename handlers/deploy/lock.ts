import { isAmong } from '../../commands/access';
import { lock, MAX_LOCK_MS, unlock } from '../../commands/deploy/lock';
import { formatDuration, parseDuration } from '../../lib/config/duration';
import { heldLockMessage } from '../../lib/slack/blocks/locks';
import { typedCommand } from '../../commands/spec';
import type { lockSpec } from '../../commands/specs/deploy-lock';
import type { unlockSpec } from '../../commands/specs/deploy-unlock';
import { lockMessage, unlockMessage } from '../../lib/slack/blocks/deploy-preview';
import { actor } from '../../lib/slack/blocks/kit';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { reply, type Executor } from '../jobs/outcome';

/**
 * /deploy lock: stops others deploying to an app and environment, for a while (`for 2h`: the sweeper lifts it) or
 * until unlocked; it changes nothing in AWS, so no approval. A lock someone else holds is named, with a button to
 * request a take-over (handlers/deploy/take-over.ts).
 */
export const runLock: Executor<typeof lockSpec> = async (args, { deps, job }) => {
  const forMs = args.duration === undefined ? undefined : parseDuration(args.duration);
  if (forMs !== undefined && forMs > MAX_LOCK_MS) {
    const reason = `a lock lasts at most ${formatDuration(MAX_LOCK_MS)}; leave \`for\` out for one that lasts until \`/deploy unlock\`.`;
    return reply(refusalMessage(typedCommand(job), reason));
  }
  const now = deps.now();
  const outcome = await lock(args, job.actor.id, now, deps.store.locks, forMs);
  if (outcome.kind === 'held') {
    const held = outcome.lock;
    const detail = `already locked by ${held.owner} since ${held.since.toISOString()}: ${held.reason || 'no reason given'}`;
    return reply(heldLockMessage(held, now), { decision: 'refused', detail });
  }
  const until = outcome.lock.until ? ` until ${outcome.lock.until.toISOString()}` : '';
  return reply(lockMessage(outcome.lock, outcome.already), {
    decision: 'allowed',
    detail: `locked${until}: ${outcome.lock.reason || 'no reason given'}`,
  });
};

/** /deploy unlock: the lock's owner, or an approver of the environment, lifts it. */
export const runUnlock: Executor<typeof unlockSpec> = async (args, { deps, job, config }) => {
  const approvers = config.environments[args.env]?.access.approvers ?? [];
  const outcome = await unlock(
    args,
    job.actor.id,
    await isAmong(job.actor.id, approvers, deps.directory),
    deps.store.locks,
  );
  if (outcome.kind === 'not-locked')
    return reply(refusalMessage(typedCommand(job), `\`${args.app} ${args.env}\` is not locked.`));
  if (outcome.kind === 'not-yours') {
    const reason = `the lock belongs to ${actor(outcome.lock.owner)}; only they or an approver of \`${args.env}\` may lift it.`;
    return reply(refusalMessage(typedCommand(job), reason), { decision: 'refused', detail: reason });
  }
  return reply(unlockMessage(outcome.lock, job.actor.id), {
    decision: 'allowed',
    detail: `unlocked (was <@${outcome.lock.owner}>'s)`,
  });
};
