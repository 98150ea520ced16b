import {
  ContinueDeploymentCommand,
  ListApplicationRevisionsCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import type { S3Revision } from '../../commands/ports';
import type { DeploymentControl } from '../../commands/deploy/ports';
import { KnownFailure } from '../errors';
import { getDeployment, succeededDeployments, toS3Revision } from './codedeploy-control-detail';
import { startDeployment } from './codedeploy-control-start';
import { instanceProgress, lifecycleFailures } from './codedeploy-control-targets';
import { isNamed } from './codedeploy-errors';

/** The newest S3 revision registered with the application; later pages are read only while none is S3. */
async function latestRevision(client: CodeDeployClient, application: string): Promise<S3Revision | undefined> {
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListApplicationRevisionsCommand({
          applicationName: application,
          sortBy: 'registerTime',
          sortOrder: 'descending',
          nextToken,
        }),
      );
      // GitHub and inline AppSpec revisions cannot be deployed by key; skip to the newest one in S3.
      const s3 = (page.revisions ?? []).find((revision) => revision.revisionType === 'S3' && toS3Revision(revision));
      if (s3) return toS3Revision(s3);
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (err) {
    if (isNamed(err, 'ApplicationDoesNotExistException')) {
      throw new KnownFailure(
        `CodeDeploy has no application "${application}" in this account and region.`,
        `Check the app's codedeploy settings in blueshift's configuration.`,
        { cause: err },
      );
    }
    throw err;
  }
  return undefined;
}

const WAIT_NAMES = { READY_WAIT: 'reroute traffic', TERMINATION_WAIT: 'terminate the blue fleet' } as const;

async function continueDeployment(
  client: CodeDeployClient,
  deploymentId: string,
  wait: 'READY_WAIT' | 'TERMINATION_WAIT',
): Promise<void> {
  try {
    await client.send(new ContinueDeploymentCommand({ deploymentId, deploymentWaitType: wait }));
  } catch (err) {
    const options = { cause: err };
    if (isNamed(err, 'DeploymentIsNotInReadyStateException')) {
      const message =
        wait === 'READY_WAIT'
          ? `Deployment ${deploymentId} is not ready to reroute yet.`
          : `Deployment ${deploymentId} is not waiting to terminate the blue fleet.`;
      throw new KnownFailure(message, 'Wait for the progress message to offer the button again.', options);
    }
    if (isNamed(err, 'DeploymentAlreadyCompletedException')) {
      throw new KnownFailure(
        `Deployment ${deploymentId} has already finished, so there is nothing to ${WAIT_NAMES[wait]}.`,
        'Nothing to do; the progress message shows how it ended.',
        options,
      );
    }
    if (isNamed(err, 'UnsupportedActionForDeploymentTypeException')) {
      throw new KnownFailure(
        `Deployment ${deploymentId} is not a blue/green deployment, so there is no traffic to reroute or fleet to terminate.`,
        'Nothing to do.',
        options,
      );
    }
    throw err;
  }
}

async function stopDeployment(
  client: CodeDeployClient,
  deploymentId: string,
  rollback: boolean,
): Promise<{ status: string; message?: string }> {
  try {
    const { status, statusMessage } = await client.send(
      new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: rollback }),
    );
    return { status: status ?? 'Pending', message: statusMessage };
  } catch (err) {
    if (isNamed(err, 'DeploymentAlreadyCompletedException')) {
      throw new KnownFailure(
        `Deployment ${deploymentId} has already finished, so there is nothing to stop.`,
        'To go back to the previous revision, use `/rollback <app> <env>`.',
        { cause: err },
      );
    }
    throw err;
  }
}

/** CodeDeploy for /deploy, /rollback, the deployment buttons and the progress message. */
export function codeDeployControl(client: CodeDeployClient): DeploymentControl {
  return {
    latestRevision: (application) => latestRevision(client, application),
    start: (input) => startDeployment(client, input),
    get: (deploymentId) => getDeployment(client, deploymentId),
    succeeded: (application, group, limit) => succeededDeployments(client, application, group, limit),
    continue: (deploymentId, wait) => continueDeployment(client, deploymentId, wait),
    stop: (deploymentId, rollback) => stopDeployment(client, deploymentId, rollback),
    progress: (deploymentId) => instanceProgress(client, deploymentId),
    failures: (deploymentId) => lifecycleFailures(client, deploymentId),
  };
}
