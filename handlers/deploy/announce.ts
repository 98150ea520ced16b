import type { DeploymentLink } from '../../commands/deploy/ports';
import { logger } from '../../lib/log';
import { deploymentMessage } from '../../lib/slack/blocks/deployment';
import { messageLink } from '../../lib/slack/blocks/deploy-preview';
import { actor, escape, isSlackUser, section } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';
import { progressView } from './view';

/** Who and what a new progress message is about; the rest of the link starts the same for every deployment. */
export type NewDeployment = Pick<
  DeploymentLink,
  'deploymentId' | 'kind' | 'app' | 'env' | 'revision' | 'requestedBy' | 'requesterName' | 'approvedBy' | 'rollbackOf'
> &
  Partial<Pick<DeploymentLink, 'changes' | 'previousRevision'>> &
  Partial<Pick<DeploymentLink, 'origin' | 'startedAt'>>;

/** The link, and whether this call posted its message (false: an earlier attempt had). */
export interface Announced {
  link: DeploymentLink;
  posted: boolean;
}

/**
 * Posts a deployment's progress message in its environment's channel and records where it is, so every later
 * event edits that one message. A rollback's message is linked from the thread of the deployment it replaces.
 * Undefined when another invocation is posting it right now (concurrent first events of an adopted deployment).
 */
export async function announceDeployment(deployment: NewDeployment, deps: WorkerDeps): Promise<Announced | undefined> {
  const config = await deps.config();
  const env = config.environments[deployment.env];
  if (!env) throw new Error(`environment ${deployment.env} vanished from the configuration`);
  const now = deps.now();
  let link: DeploymentLink = {
    ...deployment,
    previousRevision: deployment.previousRevision ?? (await replacedRevision(deployment, deps)),
    channel: env.channel,
    ts: '',
    startedAt: deployment.startedAt ?? now,
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
  // The record first, claimed for a short lease, the message second: a retry or a concurrent event finds the
  // record and does not post a second message, unless whoever claimed it let the lease run out without posting.
  if (!(await deps.store.deployments.create(link))) {
    const existing = await deps.store.deployments.get(deployment.deploymentId);
    if (existing?.ts) return { link: existing, posted: false };
    if (!existing || !(await deps.store.deployments.takeOver(deployment.deploymentId))) return undefined;
    link = existing;
  }
  const view = progressView({
    link,
    detail: undefined,
    progress: undefined,
    stage: 'queued',
    outcome: 'running',
    region: env.region,
    now,
    ciLinks: config.ciLinks,
  });
  let ts: string;
  try {
    ({ ts } = await deps.replies.post(link.channel, deploymentMessage(view)));
  } catch (error) {
    // Not posted: the next event (or Lambda's retry of this one) may post it at once.
    await deps.store.deployments
      .releaseClaim(link.deploymentId)
      .catch((releaseError: unknown) => logger.warn('could not give the message claim back', { releaseError }));
    throw error;
  }
  await deps.store.deployments.attachMessage(link.deploymentId, ts);
  const saved = { ...link, ts };
  if (link.rollbackOf) await pointOriginalAtRollback(link.rollbackOf, saved, deps);
  return { link: saved, posted: true };
}

/**
 * The revision a deployment replaces when its starter did not say: the one the state table last saw succeed in the
 * environment (an alarm message offers to go back to it; /rollback's own preview says what it really does).
 */
async function replacedRevision(deployment: NewDeployment, deps: WorkerDeps): Promise<string | undefined> {
  const before = await deps.store.deployments.latest(deployment.app, deployment.env).catch(() => undefined);
  if (!before || before.deploymentId === deployment.deploymentId || before.outcome !== 'succeeded') return undefined;
  return before.revision === deployment.revision ? before.previousRevision : before.revision;
}

/** The original deployment's thread says where its rollback's progress is. */
async function pointOriginalAtRollback(originalId: string, rollback: DeploymentLink, deps: WorkerDeps): Promise<void> {
  const original = await deps.store.deployments.get(originalId);
  if (!original?.ts) return;
  const who = isSlackUser(rollback.requestedBy) ? actor(rollback.requestedBy) : 'CodeDeploy';
  const text = `:leftwards_arrow_with_hook: Rolled back by ${who} to \`${escape(rollback.revision)}\`: <${messageLink(rollback.channel, rollback.ts)}|progress of \`${rollback.deploymentId}\`>`;
  await deps.replies.post(original.channel, { text, blocks: [section(text)] }, original.ts);
}
