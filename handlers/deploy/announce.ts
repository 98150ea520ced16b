import type { DeploymentLink } from '../../commands/deploy/ports';
import { deploymentMessage } from '../../lib/slack/blocks/deployment';
import { messageLink } from '../../lib/slack/blocks/deploy-preview';
import { section } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';
import { progressView } from './view';

/** Who and what a new progress message is about; the rest of the link starts the same for every deployment. */
export type NewDeployment = Pick<
  DeploymentLink,
  'deploymentId' | 'kind' | 'app' | 'env' | 'revision' | 'requestedBy' | 'requesterName' | 'approvedBy' | 'rollbackOf'
>;

/**
 * Posts a deployment's progress message in its environment's channel and records where it is, so every later
 * event edits that one message. A rollback's message is linked from the thread of the deployment it replaces.
 */
export async function announceDeployment(deployment: NewDeployment, deps: WorkerDeps): Promise<DeploymentLink> {
  const env = (await deps.config()).environments[deployment.env];
  if (!env) throw new Error(`environment ${deployment.env} vanished from the configuration`);
  const now = deps.now();
  const link: DeploymentLink = {
    ...deployment,
    channel: env.channel,
    ts: '',
    startedAt: now,
    stage: 'queued',
    sawReady: false,
    outcome: 'running',
    version: 0,
    fingerprint: '',
    lastEditAt: now,
    failureReported: false,
    rerouteRequestedBy: undefined,
    terminateRequestedBy: undefined,
    stopRequestedBy: undefined,
    rolledBackBy: undefined,
  };
  // The record first, the message second: a retry finds the record and does not post a second message, unless
  // the first attempt never got as far as attaching one.
  if (!(await deps.store.deployments.create(link))) {
    const existing = await deps.store.deployments.get(deployment.deploymentId);
    if (existing?.ts) return existing;
  }
  const view = progressView({
    link,
    detail: undefined,
    progress: undefined,
    stage: 'queued',
    outcome: 'running',
    region: env.region,
    now,
  });
  const posted = await deps.replies.post(env.channel, deploymentMessage(view));
  await deps.store.deployments.attachMessage(deployment.deploymentId, posted.ts);
  const saved = { ...link, ts: posted.ts };
  if (deployment.rollbackOf) await pointOriginalAtRollback(deployment.rollbackOf, saved, deps);
  return saved;
}

/** The original deployment's thread says where its rollback's progress is. */
async function pointOriginalAtRollback(originalId: string, rollback: DeploymentLink, deps: WorkerDeps): Promise<void> {
  const original = await deps.store.deployments.get(originalId);
  if (!original) return;
  const who =
    rollback.requestedBy.startsWith('U') || rollback.requestedBy.startsWith('W')
      ? `<@${rollback.requestedBy}>`
      : 'CodeDeploy';
  const text = `:leftwards_arrow_with_hook: Rolled back by ${who} to \`${rollback.revision}\`: <${messageLink(rollback.channel, rollback.ts)}|progress of \`${rollback.deploymentId}\`>`;
  await deps.replies.post(original.channel, { text, blocks: [section(text)] }, original.ts);
}
