import {
  BatchGetDeploymentsCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  type CodeDeployClient,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { KnownFailure } from '../errors';
import type { DeploymentReader, DeploymentStatus, DeploymentSummary } from '../../commands/ports';

/** A deployment in one of these holds its group: CodeDeploy runs one at a time per group. */
export const ACTIVE_STATUSES: DeploymentStatus[] = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];
// BatchGetDeployments accepts at most 25 IDs per call.
const BATCH_SIZE = 25;

/** CodeDeploy knows neither the application nor the deployment group that the configuration names. */
export class DeploymentGroupNotFoundError extends KnownFailure {
  override readonly name = 'DeploymentGroupNotFoundError';
  readonly application: string;
  readonly group: string;

  constructor(application: string, group: string, options: { cause: unknown }) {
    const missing =
      options.cause instanceof Error && options.cause.name === 'ApplicationDoesNotExistException'
        ? `no application "${application}"`
        : `no deployment group "${group}" in application "${application}"`;
    super(
      `CodeDeploy has ${missing} in this account and region.`,
      `Check the app's codedeploy settings in blueshift's configuration.`,
      options,
    );
    this.application = application;
    this.group = group;
  }
}

const NOT_FOUND = new Set(['DeploymentGroupDoesNotExistException', 'ApplicationDoesNotExistException']);

export async function inGroup<T>(application: string, group: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof Error && NOT_FOUND.has(err.name))
      throw new DeploymentGroupNotFoundError(application, group, { cause: err });
    throw err;
  }
}

/** CodeDeploy's DeploymentInfo in the product's words; undefined when it lacks an ID or status. */
export function toDeploymentSummary(info: DeploymentInfo): DeploymentSummary | undefined {
  const { deploymentId, status } = info;
  if (!deploymentId || !status) return undefined;
  const overview = info.deploymentOverview;
  const s3 = info.revision?.s3Location;
  const error = info.errorInformation;
  return {
    id: deploymentId,
    status,
    revision:
      s3?.bucket && s3.key
        ? { bucket: s3.bucket, key: s3.key, bundleType: s3.bundleType, version: s3.version }
        : undefined,
    createdAt: info.createTime,
    completedAt: info.completeTime,
    creator: info.creator,
    description: info.description,
    instances: {
      pending: overview?.Pending ?? 0,
      inProgress: overview?.InProgress ?? 0,
      succeeded: overview?.Succeeded ?? 0,
      failed: overview?.Failed ?? 0,
      skipped: overview?.Skipped ?? 0,
      ready: overview?.Ready ?? 0,
    },
    error:
      error && (error.code ?? error.message)
        ? { code: error.code ?? 'UNKNOWN', message: error.message ?? '' }
        : undefined,
  };
}

async function listActiveIds(client: CodeDeployClient, application: string, group: string): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListDeploymentsCommand({
        applicationName: application,
        deploymentGroupName: group,
        includeOnlyStatuses: ACTIVE_STATUSES,
        nextToken,
      }),
    );
    ids.push(...(page.deployments ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

async function describeAll(client: CodeDeployClient, ids: string[]): Promise<DeploymentInfo[]> {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_SIZE) batches.push(ids.slice(i, i + BATCH_SIZE));
  const pages = await Promise.all(
    batches.map((deploymentIds) => client.send(new BatchGetDeploymentsCommand({ deploymentIds }))),
  );
  return pages.flatMap((page) => page.deploymentsInfo ?? []);
}

function newest(infos: DeploymentInfo[]): DeploymentInfo | undefined {
  const time = (info: DeploymentInfo): number => info.createTime?.getTime() ?? 0;
  return infos.reduce<DeploymentInfo | undefined>(
    (best, info) => (!best || time(info) > time(best) ? info : best),
    undefined,
  );
}

/** The read side of CodeDeploy for /status: what is running in a group and what last succeeded. */
export function codeDeployDeployments(client: CodeDeployClient): DeploymentReader {
  return {
    active: (application, group) =>
      inGroup(application, group, async () => {
        const ids = await listActiveIds(client, application, group);
        if (ids.length === 0) return undefined;
        const latest = newest(await describeAll(client, ids));
        return latest && toDeploymentSummary(latest);
      }),

    lastSuccessful: (application, group) =>
      inGroup(application, group, async () => {
        const { deploymentGroupInfo } = await client.send(
          new GetDeploymentGroupCommand({ applicationName: application, deploymentGroupName: group }),
        );
        const deploymentId = deploymentGroupInfo?.lastSuccessfulDeployment?.deploymentId;
        if (!deploymentId) return undefined;
        const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
        return deploymentInfo && toDeploymentSummary(deploymentInfo);
      }),
  };
}
