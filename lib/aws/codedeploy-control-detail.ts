import {
  BatchGetDeploymentsCommand,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  type CodeDeployClient,
  type DeploymentInfo,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import type { S3Revision } from '../../commands/ports';
import { alarmsThatStopped } from '../../commands/deploy/alarm-stop';
import type { AlarmWatch, DeploymentDetail } from '../../commands/deploy/ports';
import { KnownFailure } from '../errors';
import { DeploymentGroupNotFoundError, toDeploymentSummary } from './codedeploy';
import { isNamed } from './codedeploy-errors';

// BatchGetDeployments accepts at most 25 IDs per call.
const BATCH_SIZE = 25;

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function toS3Revision(location: RevisionLocation | undefined): S3Revision | undefined {
  const s3 = location?.s3Location;
  return s3?.bucket && s3.key
    ? { bucket: s3.bucket, key: s3.key, bundleType: s3.bundleType, version: s3.version }
    : undefined;
}

/** A GitHub revision's repository (`owner/repo`) and commit. */
function gitHubRevision(location: RevisionLocation | undefined): DeploymentDetail['github'] {
  const github = location?.gitHubLocation;
  return github?.repository && github.commitId
    ? { repository: github.repository, commitId: github.commitId }
    : undefined;
}

/**
 * Minutes CodeDeploy waits at Ready for someone to reroute. Only STOP_DEPLOYMENT waits (and stops the
 * deployment when the time runs out); CONTINUE_DEPLOYMENT reroutes as soon as green is installed, so no wait.
 */
function readyWaitMinutes(info: DeploymentInfo): number | undefined {
  const option = info.blueGreenDeploymentConfiguration?.deploymentReadyOption;
  const minutes = option?.actionOnTimeout === 'STOP_DEPLOYMENT' ? option.waitTimeInMinutes : undefined;
  return minutes && minutes > 0 ? minutes : undefined;
}

/** Minutes blue is kept after traffic moved, when CodeDeploy terminates it (KEEP_ALIVE keeps it for good). */
function terminationWaitMinutes(info: DeploymentInfo): number | undefined {
  const option = info.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess;
  return option?.action === 'TERMINATE' ? (option.terminationWaitTimeInMinutes ?? 0) : undefined;
}

function rollbackOf(info: DeploymentInfo): DeploymentDetail['rollback'] {
  const rollback = info.rollbackInfo;
  if (!rollback?.rollbackDeploymentId && !rollback?.rollbackTriggeringDeploymentId && !rollback?.rollbackMessage)
    return undefined;
  return {
    rollbackDeploymentId: rollback.rollbackDeploymentId,
    triggeredBy: rollback.rollbackTriggeringDeploymentId,
    message: rollback.rollbackMessage,
  };
}

/**
 * The alarms a deployment created with overrideAlarmConfiguration watches instead of its group's. Only an override
 * that names alarms is taken: whether GetDeployment fills the field for a deployment that overrides nothing is not
 * documented, and an empty one must not hide the group's list.
 */
function alarmOverride(info: DeploymentInfo): AlarmWatch | undefined {
  const override = info.overrideAlarmConfiguration;
  const alarms = (override?.alarms ?? []).flatMap((alarm) => alarm.name ?? []);
  return override?.enabled && alarms.length ? { enabled: true, alarms } : undefined;
}

/** CodeDeploy's DeploymentInfo as the progress message needs it; undefined when it lacks an ID or status. */
export function toDeploymentDetail(info: DeploymentInfo): DeploymentDetail | undefined {
  const summary = toDeploymentSummary(info);
  if (!summary) return undefined;
  const alarmWatch = alarmOverride(info);
  const stoppedByAlarms = alarmsThatStopped(summary.error, alarmWatch?.alarms);
  return {
    ...summary,
    application: info.applicationName ?? '',
    group: info.deploymentGroupName ?? '',
    blueGreen: info.deploymentStyle?.deploymentType === 'BLUE_GREEN',
    copiesFleet:
      info.blueGreenDeploymentConfiguration?.greenFleetProvisioningOption?.action === 'COPY_AUTO_SCALING_GROUP',
    previousRevision: toS3Revision(info.previousRevision),
    github: gitHubRevision(info.revision),
    terminationWaitStarted: info.instanceTerminationWaitTimeStarted ?? false,
    readyWaitMinutes: readyWaitMinutes(info),
    terminationWaitMinutes: terminationWaitMinutes(info),
    rollback: rollbackOf(info),
    statusMessages: info.deploymentStatusMessages ?? [],
    ...(alarmWatch ? { alarmWatch } : {}),
    ...(stoppedByAlarms ? { stoppedByAlarms } : {}),
  };
}

export async function getDeployment(client: CodeDeployClient, deploymentId: string): Promise<DeploymentDetail> {
  let info: DeploymentInfo | undefined;
  try {
    ({ deploymentInfo: info } = await client.send(new GetDeploymentCommand({ deploymentId })));
  } catch (err) {
    if (isNamed(err, 'DeploymentDoesNotExistException', 'InvalidDeploymentIdException')) {
      throw new KnownFailure(
        `CodeDeploy has no deployment ${deploymentId} in this account and region.`,
        'Check the deployment id; it may belong to another environment.',
        { cause: err },
      );
    }
    throw err;
  }
  const detail = info && toDeploymentDetail(info);
  if (!detail) throw new Error(`GetDeployment returned no id or status for ${deploymentId}`);
  return detail;
}

async function succeededIds(
  client: CodeDeployClient,
  application: string,
  group: string,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  // ListDeployments' order is undocumented but newest first in practice, so `limit` IDs are usually the newest.
  do {
    const page = await client.send(
      new ListDeploymentsCommand({
        applicationName: application,
        deploymentGroupName: group,
        includeOnlyStatuses: ['Succeeded'],
        nextToken,
      }),
    );
    ids.push(...(page.deployments ?? []));
    nextToken = page.nextToken;
  } while (nextToken && ids.length < limit);
  return ids;
}

const finishedAt = (detail: DeploymentDetail): number => (detail.completedAt ?? detail.createdAt)?.getTime() ?? 0;

/** The group's succeeded deployments, newest first, at most `limit`. */
export async function succeededDeployments(
  client: CodeDeployClient,
  application: string,
  group: string,
  limit: number,
): Promise<DeploymentDetail[]> {
  if (limit <= 0) return [];
  try {
    const ids = await succeededIds(client, application, group, limit);
    const pages = await Promise.all(
      chunks(ids, BATCH_SIZE).map((deploymentIds) => client.send(new BatchGetDeploymentsCommand({ deploymentIds }))),
    );
    const details = pages
      .flatMap((page) => page.deploymentsInfo ?? [])
      .map(toDeploymentDetail)
      .filter((d) => d !== undefined);
    return details.sort((a, b) => finishedAt(b) - finishedAt(a)).slice(0, limit);
  } catch (err) {
    if (isNamed(err, 'DeploymentGroupDoesNotExistException', 'ApplicationDoesNotExistException'))
      throw new DeploymentGroupNotFoundError(application, group, { cause: err });
    throw err;
  }
}
