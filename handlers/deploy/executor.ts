import { isAmong } from '../../commands/access';
import * as deploy from '../../commands/deploy/deploy';
import { lock, unlock, type lockSpec, type unlockSpec } from '../../commands/deploy/lock';
import { startRef } from '../../commands/revision';
import { typedCommand, type ArgsOf } from '../../commands/spec';
import { deployPreview, lockMessage, unlockMessage } from '../../lib/slack/blocks/deploy-preview';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { startDeployment } from './start';
import type { Executor } from '../jobs/executors';
import { reply, type Execution } from '../jobs/outcome';

function contextFor(args: { app?: string; env?: string }, { config, deps, job }: Execution) {
  const app = args.app ? config.apps[args.app] : undefined;
  const env = args.env ? config.environments[args.env] : undefined;
  if (!app || !env || !args.env) throw new Error(`${args.app ?? '?'} ${args.env ?? '?'} vanished from the configuration`);
  return { app, env, target: deps.targets.for(args.env, env, job.actor) };
}

export const runDeploy: Executor = async (parsed, execution) => {
  const args = parsed as deploy.DeployArgs;
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

export const runLock: Executor = async (parsed, { deps, job }) => {
  const args = parsed as ArgsOf<typeof lockSpec>;
  const outcome = await lock(args, job.actor.id, deps.now(), deps.store.locks);
  if (outcome.kind === 'held') {
    const reason = `\`${args.app} ${args.env}\` is already locked by <@${outcome.lock.owner}>: ${outcome.lock.reason || 'no reason given'}.`;
    return reply(refusalMessage(typedCommand(job), reason), { decision: 'refused', detail: reason });
  }
  return reply(lockMessage(outcome.lock, outcome.already), { decision: 'allowed', detail: `locked: ${outcome.lock.reason || 'no reason given'}` });
};

export const runUnlock: Executor = async (parsed, { deps, job, config }) => {
  const args = parsed as ArgsOf<typeof unlockSpec>;
  const approvers = config.environments[args.env]?.access.approvers ?? [];
  const outcome = await unlock(args, job.actor.id, await isAmong(job.actor.id, approvers, deps.directory), deps.store.locks);
  if (outcome.kind === 'not-locked') return reply(refusalMessage(typedCommand(job), `\`${args.app} ${args.env}\` is not locked.`));
  if (outcome.kind === 'not-yours') {
    const reason = `the lock belongs to <@${outcome.lock.owner}>; only they or an approver of \`${args.env}\` may lift it.`;
    return reply(refusalMessage(typedCommand(job), reason), { decision: 'refused', detail: reason });
  }
  return reply(unlockMessage(outcome.lock, job.actor.id), { decision: 'allowed', detail: `unlocked (was <@${outcome.lock.owner}>'s)` });
};
