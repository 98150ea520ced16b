import { judgeAdoption } from '../../commands/deploy/adoption';
import { commitUrl } from '../../commands/deploy/origin';
import type { DeploymentDetail, DeploymentLink } from '../../commands/deploy/ports';
import { scopeOf, type GroupAddress } from '../../commands/deploy/scope';
import { deployedRevision } from '../../commands/revision';
import type { AppConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { scaleOutEnded } from '../scale-out/scale-out';
import { auditAdoption } from './adoption-audit';
import { announceDeployment } from './announce';
import { refreshProgress } from './progress';

/** A CodeDeploy state change, as far as its event tells: ids, never who started the deployment. */
export interface DeploymentEventFacts extends GroupAddress {
  deploymentId: string;
  instanceId: string | undefined;
}

/**
 * Shows a deployment blueshift did not start like its own: one progress message (the claim on its link makes
 * concurrent and repeated first events post it once), the same buttons and rules, then kept up to date. A
 * rollback CodeDeploy started of a deployment blueshift shows is linked to it as blueshift's own rollbacks are.
 */
async function adopt(
  scope: { app: string; env: string },
  app: AppConfig,
  detail: DeploymentDetail,
  verdict: { rollbackOf: string | undefined; linkedRollback: boolean },
  original: DeploymentLink | undefined,
  deps: WorkerDeps,
): Promise<string> {
  // As for blueshift's own rollbacks: whoever pressed Stop & roll back asked for it, else CodeDeploy did.
  const by = original?.stopRequestedBy
    ? { id: original.stopRequestedBy, name: original.stopRequestedBy }
    : SYSTEM_ACTOR;
  const announced = await announceDeployment(
    {
      deploymentId: detail.id,
      kind: verdict.rollbackOf ? 'rollback' : 'deploy',
      app: scope.app,
      env: scope.env,
      revision: deployedRevision(app, detail.revision, detail.github),
      requestedBy: by.id,
      requesterName: by.name,
      approvedBy: undefined,
      rollbackOf: verdict.rollbackOf,
      ...(verdict.linkedRollback
        ? {}
        : {
            origin: { creator: detail.creator, description: detail.description, commitUrl: commitUrl(detail.github) },
          }),
      ...(detail.createdAt ? { startedAt: detail.createdAt } : {}),
      // What CodeDeploy says it replaces, for an alarm message's Roll back button.
      ...(detail.previousRevision
        ? { previousRevision: deployedRevision(app, detail.previousRevision, undefined) }
        : {}),
    },
    deps,
  );
  // Another event of the same deployment is posting the message; it brings it up to date once posted.
  if (!announced) return 'unchanged';
  if (announced.posted && announced.link.origin) await auditAdoption(announced.link, deps);
  const refreshed = await refreshProgress(detail.id, deps, { force: announced.posted });
  return announced.posted ? 'adopted' : refreshed;
}

/**
 * CodeDeploy reported a deployment blueshift has no message for. When it belongs to a configured group (account,
 * region, application and group), it is read (the event says nothing of who started it) and shown, handled as a
 * scale-out, or left to the job that started it, as `judgeAdoption` decides.
 */
export async function adoptDeployment(event: DeploymentEventFacts, deps: WorkerDeps): Promise<string> {
  const config = await deps.config();
  const scope = scopeOf(config, event);
  const app = scope && config.apps[scope.app];
  const env = scope && config.environments[scope.env];
  if (!scope || !app || !env) return 'unknown';
  const { target } = await deps.account(scope.env, SYSTEM_ACTOR);
  const detail = await target.control.get(event.deploymentId);
  // The event only names the group; CodeDeploy's own answer decides.
  if (detail.application !== event.application || detail.group !== event.deploymentGroup) return 'unknown';
  const triggeredBy = detail.rollback?.triggeredBy;
  const original = triggeredBy ? await deps.store.deployments.get(triggeredBy) : undefined;
  const verdict = judgeAdoption(detail, env.announce, original !== undefined);
  switch (verdict.kind) {
    case 'own':
      return 'unknown';
    case 'ignore':
      logger.info('a deployment started outside Slack is not shown', { why: verdict.why, creator: detail.creator });
      return 'ignored';
    case 'scale-out':
      return scaleOutEnded(
        detail,
        event.instanceId,
        {
          ...scope,
          region: env.region,
          channel: env.channel,
          revisionOf: (of) => deployedRevision(app, of.revision, of.github),
        },
        target,
        deps,
      );
    case 'adopt':
      return adopt(scope, app, detail, verdict, verdict.linkedRollback ? original : undefined, deps);
  }
}
