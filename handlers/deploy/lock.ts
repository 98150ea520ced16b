import { isAmong } from '../../commands/access';
import { lock, unlock } from '../../commands/deploy/lock';
import { typedCommand } from '../../commands/spec';
import type { lockSpec } from '../../commands/specs/deploy-lock';
import type { unlockSpec } from '../../commands/specs/deploy-unlock';
import { lockMessage, unlockMessage } from '../../lib/slack/blocks/deploy-preview';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { reply, type Executor } from '../jobs/outcome';

/** /deploy lock: stops others deploying to an app and environment; it changes nothing in AWS, so no approval. */
export const runLock: Executor<typeof lockSpec> = async (args, { deps, job }) => {
  const outcome = await lock(args, job.actor.id, deps.now(), deps.store.locks);
  if (outcome.kind === 'held') {
    const reason = `\`${args.app} ${args.env}\` is already locked by <@${outcome.lock.owner}>: ${outcome.lock.reason || 'no reason given'}.`;
    return reply(refusalMessage(typedCommand(job), reason), { decision: 'refused', detail: reason });
  }
  return reply(lockMessage(outcome.lock, outcome.already), {
    decision: 'allowed',
    detail: `locked: ${outcome.lock.reason || 'no reason given'}`,
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
    const reason = `the lock belongs to <@${outcome.lock.owner}>; only they or an approver of \`${args.env}\` may lift it.`;
    return reply(refusalMessage(typedCommand(job), reason), { decision: 'refused', detail: reason });
  }
  return reply(unlockMessage(outcome.lock, job.actor.id), {
    decision: 'allowed',
    detail: `unlocked (was <@${outcome.lock.owner}>'s)`,
  });
};
