import type { DeploymentControl } from '../../commands/deploy/ports';
import type { Changes } from '../../commands/changes/types';
import type { S3Revision } from '../../commands/ports';
import { DeploymentInProgressError } from '../../lib/aws/codedeploy-errors';
import { deploymentDescription, startedBy, startRef } from '../../commands/revision';
import { typedCommand } from '../../commands/spec';
import { deployStartedMessage } from '../../lib/slack/blocks/deploy-preview';
import type { Execution, Outcome } from '../jobs/outcome';
import { announceDeployment } from './announce';

/**
 * "Already running" may be this very job's deployment: an earlier attempt started it and crashed before
 * recording it. Its description carries the job's reference, so it is recognised and taken up, not refused.
 */
async function adoptOwn(error: unknown, ref: string, control: DeploymentControl): Promise<string> {
  if (!(error instanceof DeploymentInProgressError) || !error.activeDeploymentId) throw error;
  const active = await control.get(error.activeDeploymentId);
  if (!startedBy(active.description, ref)) throw error;
  return active.id;
}

export interface StartPlan {
  kind: 'deploy' | 'rollback';
  app: string;
  env: string;
  revision: S3Revision;
  revisionLabel: string;
  /** For a rollback: the deployment it replaces. */
  rollbackOf?: string;
  /** What it changes, as the request showed it: kept with the link, shown on every edit of the progress message. */
  changes?: Changes;
  /** The revision it replaces (`v41`), when known. */
  previousRevision?: string;
}

/**
 * Starts the deployment once and gives it its progress message. Each step checks what an earlier attempt of the
 * same job already did (the job may be redelivered), so a retry never starts a second deployment.
 */
export async function startDeployment(plan: StartPlan, { job, config, deps, grant }: Execution): Promise<Outcome> {
  const app = config.apps[plan.app];
  const group = app?.codedeploy.groups[plan.env];
  if (!app || !group) throw new Error(`${plan.app} ${plan.env} is not deployable in the configuration`);
  const { target } = await deps.account(plan.env, job.actor);
  const key = grant?.requestId ?? job.id;
  let deploymentId = await deps.store.deployments.startedFor(key);
  if (!deploymentId) {
    const ref = startRef(key);
    const description = deploymentDescription(typedCommand(job), job.actor.name, job.actor.id, ref);
    deploymentId = await target.control
      .start({ application: app.codedeploy.application, group, revision: plan.revision, description })
      .catch((error: unknown) => adoptOwn(error, ref, target.control));
    await deps.store.deployments.recordStarted(key, deploymentId);
    // What this container read of the group before (no deployment running) is out of date now.
    target.forgetFleet(app.codedeploy.application, group);
  }
  // A record without a message: an earlier attempt could not post it (announceDeployment posts it now).
  const recorded = await deps.store.deployments.get(deploymentId);
  const link = recorded?.ts
    ? recorded
    : (
        await announceDeployment(
          {
            deploymentId,
            kind: plan.kind,
            app: plan.app,
            env: plan.env,
            revision: plan.revisionLabel,
            requestedBy: job.actor.id,
            requesterName: job.actor.name,
            approvedBy: grant?.approvedBy,
            rollbackOf: plan.rollbackOf,
            changes: plan.changes,
            previousRevision: plan.previousRevision,
          },
          deps,
        )
      )?.link;
  // Another attempt of this job holds the message's claim (it is posting it, or died doing so): the job runs again
  // once the claim has run out, and finds the message or posts it.
  if (!link) throw new Error(`the progress message of ${deploymentId} is being posted by another attempt`);
  return {
    kind: 'reply',
    message: deployStartedMessage(deploymentId, plan.revisionLabel, link.channel, link.ts),
    audit: {
      decision: 'allowed',
      detail: `${plan.kind === 'rollback' ? 'rollback' : 'deployment'} ${deploymentId} started (${plan.revisionLabel})`,
      deploymentId,
      roleSession: target.roleSession,
    },
  };
}
