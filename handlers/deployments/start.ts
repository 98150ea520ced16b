import type { DeploymentLink } from '../../commands/deploy/ports';
import type { S3Revision } from '../../commands/ports';
import { deploymentDescription } from '../../commands/revision';
import { deploymentMessage } from '../../lib/slack/blocks/deployment';
import { deployStartedMessage, messageLink } from '../../lib/slack/blocks/deploy-preview';
import { section } from '../../lib/slack/blocks/kit';
import type { Execution, Outcome } from '../jobs/outcome';
import { typedCommand } from '../jobs/run-job';
import { progressView } from './view';

export interface StartPlan {
  kind: 'deploy' | 'rollback';
  app: string;
  env: string;
  revision: S3Revision;
  revisionLabel: string;
  /** For a rollback: the deployment it replaces. */
  rollbackOf?: string;
}

/**
 * Starts the deployment once and gives it its progress message. Each step checks what an earlier attempt of the
 * same job already did (the job may be redelivered), so a retry never starts a second deployment.
 */
export async function startDeployment(plan: StartPlan, { job, config, deps, grant }: Execution): Promise<Outcome> {
  const app = config.apps[plan.app];
  const env = config.environments[plan.env];
  const group = app?.codedeploy.groups[plan.env];
  if (!app || !env || !group) throw new Error(`${plan.app} ${plan.env} is not deployable in the configuration`);
  const target = deps.targets.for(plan.env, env, job.actor);
  const key = grant?.requestId ?? job.id;
  let deploymentId = await deps.store.deployments.startedFor(key);
  if (!deploymentId) {
    const description = deploymentDescription(typedCommand(job), job.actor.name, job.actor.id);
    deploymentId = await target.control.start({ application: app.codedeploy.application, group, revision: plan.revision, description });
    await deps.store.deployments.recordStarted(key, deploymentId);
  }
  const link = (await deps.store.deployments.get(deploymentId)) ?? (await announce(deploymentId, plan, { job, config, deps, grant }));
  return {
    kind: 'reply',
    message: deployStartedMessage(deploymentId, plan.revisionLabel, link.channel, link.ts),
    audit: { decision: 'allowed', detail: `${plan.kind === 'rollback' ? 'rollback' : 'deployment'} ${deploymentId} started (${plan.revisionLabel})`, deploymentId, roleSession: target.roleSession },
  };
}

/** Posts the progress message in the environment's channel and records where it is. */
async function announce(deploymentId: string, plan: StartPlan, { job, config, deps, grant }: Execution): Promise<DeploymentLink> {
  const env = config.environments[plan.env];
  if (!env) throw new Error(`environment ${plan.env} vanished from the configuration`);
  const now = deps.now();
  const link: DeploymentLink = {
    deploymentId, kind: plan.kind, app: plan.app, env: plan.env, revision: plan.revisionLabel,
    requestedBy: job.actor.id, requesterName: job.actor.name, approvedBy: grant?.approvedBy, channel: env.channel, ts: '',
    startedAt: now, stage: 'queued', sawReady: false, outcome: 'running', version: 0, fingerprint: '', lastEditAt: now,
    failureReported: false, rerouteRequestedBy: undefined, terminateRequestedBy: undefined, stopRequestedBy: undefined,
    rollbackOf: plan.rollbackOf, rolledBackBy: undefined,
  };
  const view = progressView({ link, detail: undefined, progress: undefined, stage: 'queued', outcome: 'running', region: env.region, now });
  const posted = await deps.replies.post(env.channel, deploymentMessage(view));
  const saved = { ...link, ts: posted.ts };
  await deps.store.deployments.create(saved);
  if (plan.rollbackOf) await pointOriginalAtRollback(plan.rollbackOf, saved, deps);
  return saved;
}

/** The original deployment's thread says where its rollback's progress is. */
async function pointOriginalAtRollback(originalId: string, rollback: DeploymentLink, deps: Execution['deps']): Promise<void> {
  const original = await deps.store.deployments.get(originalId);
  if (!original) return;
  const text = `:leftwards_arrow_with_hook: Rolled back by <@${rollback.requestedBy}> to \`${rollback.revision}\`: <${messageLink(rollback.channel, rollback.ts)}|progress of \`${rollback.deploymentId}\`>`;
  await deps.replies.post(original.channel, { text, blocks: [section(text)] }, original.ts);
}
