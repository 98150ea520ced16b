import { planGrant, planRollback } from '../../commands/deploy/rollback';
import type { rollbackSpec } from '../../commands/specs/rollback';
import { typedCommand } from '../../commands/spec';
import { rollbackPreview, stoppingMessage } from '../../lib/slack/blocks/rollback-preview';
import { logger } from '../../lib/log';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { refreshProgress } from './progress';
import { startDeployment } from './start';
import { changesFor } from './changes';
import { nextGate, reply, type Executor } from '../jobs/outcome';

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
  // Going back removes commits: the preview and the progress message list them (docs/decisions/0023).
  const changes =
    plan.mode === 'redeploy' && plan.to.revision
      ? await changesFor({ app, running: plan.from.revision, next: plan.to.revision, key: job.id }, target, deps)
      : undefined;
  const gate = nextGate(env.protected, grant, true);
  if (gate)
    return {
      kind: 'gate',
      gate,
      preview: rollbackPreview(args.app, args.env, plan, lock?.owner, deps.now(), changes),
      grants: [pin],
    };
  if (plan.mode === 'redeploy' && plan.to.revision) {
    return startDeployment(
      {
        kind: 'rollback',
        app: args.app,
        env: args.env,
        revision: plan.to.revision,
        revisionLabel: plan.toLabel,
        rollbackOf: plan.from.id,
        previousRevision: plan.fromLabel,
        ...(changes ? { changes } : {}),
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
};
