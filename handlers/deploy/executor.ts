import * as deploy from '../../commands/deploy/deploy';
import { startRef } from '../../commands/revision';
import { typedCommand } from '../../commands/spec';
import { deployPreview } from '../../lib/slack/blocks/deploy-preview';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { startDeployment } from './start';
import type { deploySpec } from '../../commands/specs/deploy';
import { reply, type Execution, type Executor } from '../jobs/outcome';

function contextFor(args: { app?: string; env?: string }, { config, deps, job }: Execution) {
  const app = args.app ? config.apps[args.app] : undefined;
  const env = args.env ? config.environments[args.env] : undefined;
  if (!app || !env || !args.env) throw new Error(`${args.app ?? '?'} ${args.env ?? '?'} vanished from the configuration`);
  return { app, env, target: deps.targets.for(args.env, env, job.actor) };
}

/**
 * /deploy: reads what the safety rules need (commands/deploy/deploy.ts), then refuses, asks first (a
 * confirmation for firing alarms, an approval on protected environments) or starts the deployment.
 */
export const runDeploy: Executor<typeof deploySpec> = async (args, execution) => {
  const { app, env, target } = contextFor(args, execution);
  const { deps, job, grant } = execution;
  const check = await deploy.preflight(args, app, { control: target.control, deployments: target.deployments, alarms: target.alarms, locks: deps.store.locks });
  const verdict = deploy.verdict(check, job.actor.id, env, grant, startRef(grant?.requestId ?? job.id));
  if (verdict.kind === 'refuse') {
    return reply(refusalMessage(typedCommand(job), verdict.reason, verdict.next), { decision: 'refused', detail: verdict.reason });
  }
  if (verdict.kind === 'gate') {
    return { kind: 'gate', gate: verdict.gate, preview: deployPreview(args.app, args.env, check, deps.now()), grants: verdict.grants };
  }
  return startDeployment({ kind: 'deploy', app: args.app, env: args.env, revision: check.revision, revisionLabel: check.revisionLabel }, execution);
};
