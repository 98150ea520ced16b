import { planGrant, planRollback, type RollbackPlan } from '../../commands/deploy/rollback';
import { freezeAt, freezeEnd, freezeReason } from '../../commands/deploy/freeze';
import { rollbackLockReason } from '../../commands/deploy/rollback-lock';
import type { rollbackSpec } from '../../commands/specs/rollback';
import { typedCommand } from '../../commands/spec';
import { rollbackPreview, stoppingMessage } from '../../lib/slack/blocks/rollback-preview';
import { logger } from '../../lib/log';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { refreshProgress } from './progress';
import { startDeployment } from './start';
import { nextGate, reply, type Execution, type Executor, type Outcome } from '../jobs/outcome';
import { SYSTEM_ACTOR } from '../jobs/deps';
import { once } from '../jobs/once';
import { actor, context } from '../../lib/slack/blocks/kit';
import { announceThroughFreeze } from './through-freeze';

/**
 * After a rollback, blueshift holds the app's lock in the environment ("rolled back v42: unlock when fixed"), so the
 * bad revision is not deployed again unawares; a lock someone already holds is left as it is. Said to the requester.
 */
async function leaveLock(outcome: Outcome, plan: RollbackPlan, app: string, env: string, execution: Execution) {
  if (outcome.kind !== 'reply') return outcome;
  const { deps } = execution;
  const reason = rollbackLockReason(plan);
  await once(execution, 'rollback-locked', () =>
    deps.store.locks.acquire({ app, env, owner: SYSTEM_ACTOR.id, reason, since: deps.now() }),
  );
  const held = await deps.store.locks.get(app, env);
  if (!held) return outcome;
  const line =
    held.owner === SYSTEM_ACTOR.id
      ? `:lock: \`${app} ${env}\` is now locked by *blueshift*: ${held.reason}. \`/deploy unlock ${app} ${env}\` once it is fixed.`
      : `:lock: \`${app} ${env}\` stays locked by ${actor(held.owner)}.`;
  const detail = `${outcome.audit?.detail ?? outcome.message.text}; ${held.owner === SYSTEM_ACTOR.id ? `locked: ${held.reason}` : 'lock left as it was'}`;
  return {
    ...outcome,
    message: { ...outcome.message, blocks: [...outcome.message.blocks, context(line)] },
    audit: { decision: 'allowed' as const, ...outcome.audit, detail },
  };
}

/**
 * /rollback: preview first, approval on protected environments, and what runs is what was previewed: if the
 * plan changed meanwhile (another deployment finished), the person is asked to look again.
 */
export const runRollback: Executor<typeof rollbackSpec> = async (args, execution) => {
  const { config, deps, job, grant } = execution;
  const app = config.apps[args.app];
  if (!app) throw new Error(`app ${args.app} is no longer configured`);
  const { env, target } = await deps.account(args.env, job.actor);
  const [plan, lock] = await Promise.all([
    planRollback(args, app, { deployments: target.deployments, control: target.control }),
    deps.store.locks.get(args.app, args.env),
  ]);
  const pin = planGrant(plan);
  if (grant?.grants.some((g) => g.startsWith('rollback:')) && !grant.grants.includes(pin)) {
    const reason =
      'the deployments changed since the rollback was previewed, so it would no longer do what was confirmed.';
    return reply(refusalMessage(typedCommand(job), reason, 'Run `/rollback` again to see the new plan.'), {
      decision: 'refused',
      detail: reason,
    });
  }
  const now = deps.now();
  const freeze = freezeAt(env.calendar, now);
  const frozen = freeze.active && {
    reason: freezeReason(freeze.current),
    until: freezeEnd(freeze.active, freeze.timeZone, now),
  };
  const gate = nextGate(env.protected, grant, true);
  if (gate) {
    const notes = { frozen, lockAfter: env.lockAfterRollback ? rollbackLockReason(plan) : undefined };
    return {
      kind: 'gate',
      gate,
      preview: rollbackPreview(args.app, args.env, plan, lock?.owner, now, notes),
      grants: [pin],
    };
  }
  const started = await startRollback(plan, args, execution);
  const locked = env.lockAfterRollback ? await leaveLock(started, plan, args.app, args.env, execution) : started;
  if (!frozen) return locked;
  const label = plan.mode === 'stop' ? `the revision before ${plan.label}` : plan.toLabel;
  return announceThroughFreeze(locked, { ...frozen, kind: 'rollback', app: args.app, env: args.env, label }, execution);
};

/** Redeploys the previous good revision, or stops the running deployment with CodeDeploy's rollback. */
async function startRollback(
  plan: RollbackPlan,
  args: { app: string; env: string },
  execution: Execution,
): Promise<Outcome> {
  const { deps, job } = execution;
  const { target } = await deps.account(args.env, job.actor);
  if (plan.mode === 'redeploy' && plan.to.revision) {
    return startDeployment(
      {
        kind: 'rollback',
        app: args.app,
        env: args.env,
        revision: plan.to.revision,
        revisionLabel: plan.toLabel,
        rollbackOf: plan.from.id,
      },
      execution,
    );
  }
  if (plan.mode !== 'stop') throw new Error('rollback plan without a revision');
  await target.control.stop(plan.active.id, true);
  if (await deps.store.deployments.markPressed(plan.active.id, 'stopRequestedBy', job.actor.id)) {
    // Stopped already: a refresh Slack refuses must not fail the job (a retry would say "nothing to stop").
    await refreshProgress(plan.active.id, deps, { force: true }).catch((error: unknown) =>
      logger.warn('could not refresh the progress message after a stop', { deploymentId: plan.active.id, error }),
    );
  }
  return reply(stoppingMessage(plan.active.id, plan.label), {
    decision: 'allowed',
    detail: `stopped ${plan.active.id} with rollback`,
    deploymentId: plan.active.id,
    roleSession: target.roleSession,
  });
}
