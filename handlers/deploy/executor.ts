import * as deploy from '../../commands/deploy/deploy';
import { freezeAt, freezeEnd, freezeReason, type FreezeState } from '../../commands/deploy/freeze';
import { startRef } from '../../commands/revision';
import { typedCommand } from '../../commands/spec';
import { deployPreview } from '../../lib/slack/blocks/deploy-preview';
import type { Preview } from '../../lib/slack/blocks/request';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { startDeployment, type StartPlan } from './start';
import { shortWaitWarning } from '../../commands/checks/watch';
import { checkSetFor } from '../../lib/config/checks';
import type { AppConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';
import type { EnvironmentAccount } from '../jobs/deps';
import type { DeployArgs, deploySpec } from '../../commands/specs/deploy';
import { reply, type Execution, type Executor } from '../jobs/outcome';
import { announceThroughFreeze, withNotice } from './through-freeze';

async function contextFor(args: DeployArgs, { config, deps, job }: Execution) {
  const app = config.apps[args.app];
  if (!app) throw new Error(`app ${args.app} is no longer configured`);
  return { app, ...(await deps.account(args.env, job.actor)) };
}

/** Whether CodeDeploy keeps blue long enough for the watch after Reroute; a group that cannot be read says nothing. */
async function watchWarning(app: AppConfig, env: string, target: EnvironmentAccount): Promise<string | undefined> {
  const checks = checkSetFor(app, env);
  const group = app.codedeploy.groups[env];
  if (!checks?.watchMs || !group) return undefined;
  const fleet = await target.deploymentGroups.fleet(app.codedeploy.application, group).catch((error: unknown) => {
    logger.warn('could not read the deployment group for the watch warning', { error });
    return undefined;
  });
  return fleet && shortWaitWarning(fleet.terminationWaitMinutes, checks);
}

/** What /deploy decided: refuse, ask first, or go (docs/decisions/0022: a CI deployment is decided the same way). */
export interface DeployAssessment {
  check: deploy.Preflight;
  verdict: deploy.Verdict;
  /** What a confirmation or an approval shows. */
  preview: Preview;
  /** What starts when the verdict is go (handlers/deploy/start.ts). */
  plan: StartPlan;
  /** The environment's freeze now (docs/decisions/0023). */
  freeze: FreezeState;
}

/** What a preview and the announcements say of a freeze being broken with `override`. */
function breakGlass(freeze: FreezeState, override: string | undefined, now: Date) {
  const run = freeze.active;
  if (!run || override === undefined) return undefined;
  return { reason: freezeReason(freeze.current), until: freezeEnd(run, freeze.timeZone, now), override };
}

/** Reads what the safety rules need (commands/deploy/deploy.ts) and applies them, as `execution.job.actor`. */
export async function assessDeploy(args: DeployArgs, execution: Execution): Promise<DeployAssessment> {
  const { app, env, target } = await contextFor(args, execution);
  const { deps, job, grant } = execution;
  const check = await deploy.preflight(args, app, {
    control: target.control,
    deployments: target.deployments,
    alarms: target.alarms,
    locks: deps.store.locks,
  });
  const warning = await watchWarning(app, args.env, target);
  const now = deps.now();
  const freeze = freezeAt(env.calendar, now);
  const freezeInput = {
    state: freeze,
    override: args.reason,
    now,
    scope: `${args.app} ${args.env}`,
    overrideCommand: `/deploy ${args.app} ${args.env} ${check.revisionLabel} override <reason>`,
  };
  return {
    check,
    freeze,
    verdict: deploy.verdict(check, job.actor.id, env, grant, startRef(grant?.requestId ?? job.id), freezeInput),
    preview: deployPreview(args.app, args.env, check, now, warning, breakGlass(freeze, args.reason, now)),
    plan: {
      kind: 'deploy',
      app: args.app,
      env: args.env,
      revision: check.revision,
      revisionLabel: check.revisionLabel,
    },
  };
}

/**
 * /deploy: refuses, asks first (a confirmation for firing alarms, an approval on protected environments) or starts
 * the deployment, as `assessDeploy` decides.
 */
export const runDeploy: Executor<typeof deploySpec> = async (args, execution) => {
  const { verdict, preview, plan, freeze } = await assessDeploy(args, execution);
  if (verdict.kind === 'refuse') {
    return reply(refusalMessage(typedCommand(execution.job), verdict.reason, verdict.next), {
      decision: 'refused',
      detail: verdict.reason,
    });
  }
  if (verdict.kind === 'gate') return { kind: 'gate', gate: verdict.gate, preview, grants: verdict.grants };
  const started = await startDeployment(plan, execution);
  const broken = breakGlass(freeze, args.reason, execution.deps.now());
  if (broken) {
    const shown = { ...broken, kind: 'deploy' as const, app: args.app, env: args.env, label: plan.revisionLabel };
    return announceThroughFreeze(started, shown, execution);
  }
  return verdict.notice ? withNotice(started, verdict.notice) : started;
};
