import {
  BundleType,
  CreateDeploymentCommand,
  ListDeploymentsCommand,
  type CodeDeployClient,
  type S3Location,
} from '@aws-sdk/client-codedeploy';
import type { S3Revision } from '../../commands/ports';
import { KnownFailure } from '../errors';
import { ACTIVE_STATUSES, DeploymentGroupNotFoundError } from './codedeploy';
import { activeDeploymentIdIn, DeploymentInProgressError } from './codedeploy-errors';

export interface StartInput {
  application: string;
  group: string;
  revision: S3Revision;
  description: string;
}

// Enforced by the service (DescriptionTooLongException) although the API model sets no maximum:
// https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html
const MAX_DESCRIPTION = 256;
const BUNDLE_TYPES = new Set<string>(Object.values(BundleType));

const isBundleType = (value: string | undefined): value is BundleType => value !== undefined && BUNDLE_TYPES.has(value);

function s3Location(revision: S3Revision): S3Location {
  const { bucket, key, version } = revision;
  return { bucket, key, version, bundleType: isBundleType(revision.bundleType) ? revision.bundleType : undefined };
}

export const s3Url = (revision: S3Revision): string => `s3://${revision.bucket}/${revision.key}`;

/**
 * The group's running deployment, when the refusal's message did not name it. Best effort: the refusal matters more.
 */
async function findActive(client: CodeDeployClient, application: string, group: string): Promise<string | undefined> {
  try {
    const { deployments } = await client.send(
      new ListDeploymentsCommand({
        applicationName: application,
        deploymentGroupName: group,
        includeOnlyStatuses: ACTIVE_STATUSES,
      }),
    );
    return deployments?.[0];
  } catch {
    return undefined;
  }
}

/**
 * CreateDeployment's refusals in plain words; anything else (ThrottlingException included: the worker retries) as is.
 */
async function startFailure(client: CodeDeployClient, input: StartInput, err: unknown): Promise<unknown> {
  const { application, group, revision } = input;
  const options = { cause: err };
  if (!(err instanceof Error)) return err;
  switch (err.name) {
    case 'DeploymentLimitExceededException':
      return new DeploymentInProgressError(
        group,
        activeDeploymentIdIn(err.message) ?? (await findActive(client, application, group)),
        options,
      );
    case 'RevisionDoesNotExistException':
    case 'InvalidRevisionException':
      return new KnownFailure(
        `Revision not found at ${s3Url(revision)}.`,
        'Check the revision name and that its bundle was uploaded to that S3 key.',
        options,
      );
    case 'DeploymentGroupDoesNotExistException':
    case 'ApplicationDoesNotExistException':
      return new DeploymentGroupNotFoundError(application, group, options);
    case 'DescriptionTooLongException':
      return new KnownFailure(
        `CodeDeploy refused the deployment description as too long (${MAX_DESCRIPTION} characters at most).`,
        'Shorten the reason and try again.',
        options,
      );
    case 'InvalidRoleException':
      return new KnownFailure(
        `CodeDeploy cannot use the service role of ${group}: ${err.message}`,
        `Check that the group's service role exists and trusts codedeploy.amazonaws.com.`,
        options,
      );
    default:
      return err;
  }
}

/** CreateDeployment of an S3 revision with the group's own deployment config; resolves to the new deployment's id. */
export async function startDeployment(client: CodeDeployClient, input: StartInput): Promise<string> {
  let deploymentId: string | undefined;
  try {
    ({ deploymentId } = await client.send(
      new CreateDeploymentCommand({
        applicationName: input.application,
        deploymentGroupName: input.group,
        revision: { revisionType: 'S3', s3Location: s3Location(input.revision) },
        description: input.description.slice(0, MAX_DESCRIPTION),
        // A bundle that ships a file the previous one did not own would otherwise fail the whole deployment.
        fileExistsBehavior: 'OVERWRITE',
      }),
    ));
  } catch (err) {
    throw await startFailure(client, input, err);
  }
  if (!deploymentId)
    throw new Error(`CreateDeployment returned no deployment id for ${input.application}/${input.group}`);
  return deploymentId;
}
