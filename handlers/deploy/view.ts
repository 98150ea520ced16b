import type { DeploymentDetail, DeploymentLink, InstanceProgress, Stage } from '../../commands/deploy/ports';
import type { DeploymentOutcome, ProgressView } from '../../commands/deploy/progress-view';
import { greenGroupName } from '../../commands/fleet/green-group';
import { ciUrl } from '../../commands/ci-links';
import { descriptionParts } from '../../commands/deploy/origin';
import { logger } from '../../lib/log';
import type { WorkerDeps } from '../jobs/deps';

/** The lock the message shows; a lock that cannot be read is left out rather than holding the message back. */
export async function lockFor(link: DeploymentLink, deps: WorkerDeps): Promise<Pick<ProgressView, 'lock'>> {
  const lock = await deps.store.locks.get(link.app, link.env).catch((error: unknown) => {
    logger.warn('could not read the deploy lock for the progress message', { error });
    return undefined;
  });
  return lock ? { lock } : {};
}

/** The CodeDeploy console page of a deployment, for the message's link. */
export function deploymentConsoleUrl(region: string, deploymentId: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${encodeURIComponent(deploymentId)}?region=${region}`;
}

export interface ViewInput {
  link: DeploymentLink;
  detail: DeploymentDetail | undefined;
  progress: InstanceProgress | undefined;
  stage: Stage;
  outcome: DeploymentOutcome;
  region: string;
  now: Date;
  /** URL prefixes an adopted deployment's description may link to (the configuration's `ciLinks`). */
  ciLinks: readonly string[];
}

/** What the message says of a deployment started outside Slack; the description's links only to CI hosts. */
function originView(link: DeploymentLink, ciLinks: readonly string[]): ProgressView['origin'] {
  if (!link.origin) return undefined;
  const { creator, description, commitUrl } = link.origin;
  const commit = commitUrl && ciUrl(commitUrl, ciLinks);
  return {
    creator,
    description: description ? descriptionParts(description, ciLinks) : [],
    ...(commit ? { commitUrl: commit } : {}),
  };
}

/** What the progress message shows, from the bot's record and CodeDeploy's latest word. */
export function progressView({
  link,
  detail,
  progress,
  stage,
  outcome,
  region,
  now,
  ciLinks,
}: ViewInput): ProgressView {
  return {
    origin: originView(link, ciLinks),
    kind: link.kind,
    app: link.app,
    env: link.env,
    revision: link.revision,
    deploymentId: link.deploymentId,
    requestedBy: link.requestedBy,
    approvedBy: link.approvedBy,
    startedAt: link.startedAt,
    now,
    finishedAt: outcome === 'running' ? undefined : (detail?.completedAt ?? now),
    stage,
    status: detail?.status ?? 'Created',
    outcome,
    instances: progress,
    error: detail?.error,
    rerouteRequestedBy: link.rerouteRequestedBy,
    terminateRequestedBy: link.terminateRequestedBy,
    stopRequestedBy: link.stopRequestedBy,
    readyWaitMinutes: detail?.readyWaitMinutes,
    rollbackOf: link.rollbackOf,
    rolledBackBy: link.rolledBackBy ?? detail?.rollback?.rollbackDeploymentId,
    consoleUrl: deploymentConsoleUrl(region, link.deploymentId),
    // Rollbacks are left out: whether CodeDeploy copies the group for one is not documented.
    ...(detail?.copiesFleet && link.kind === 'deploy'
      ? { greenGroup: greenGroupName(detail.group, link.deploymentId) }
      : {}),
    watchedAlarms: outcome === 'running' && detail?.alarmWatch?.enabled ? detail.alarmWatch.alarms : [],
    stoppedByAlarms: outcome === 'running' ? undefined : detail?.stoppedByAlarms,
  };
}

/**
 * What changes the message, in two parts: its shape (stage, outcome, errors, who pressed what, the alarms) and the
 * instance counts. A duplicate event changes neither and edits nothing; a change of counts alone may wait for the
 * next edit.
 */
export function fingerprint(view: ProgressView): string {
  const {
    stage,
    outcome,
    status,
    instances,
    error,
    rerouteRequestedBy,
    terminateRequestedBy,
    stopRequestedBy,
    rolledBackBy,
    watch,
    watchWarning,
    watchedAlarms,
    stoppedByAlarms,
    lock,
  } = view;
  const shape = JSON.stringify({
    lock,
    watch,
    watchWarning,
    stage,
    outcome,
    status,
    error,
    rerouteRequestedBy,
    terminateRequestedBy,
    stopRequestedBy,
    rolledBackBy,
    watchedAlarms,
    stoppedByAlarms,
  });
  return `${shape}\n${JSON.stringify(instances ?? null)}`;
}

/** Whether two fingerprints differ only in the instance counts. */
export function onlyCountsDiffer(before: string, after: string): boolean {
  return before.split('\n')[0] === after.split('\n')[0];
}
