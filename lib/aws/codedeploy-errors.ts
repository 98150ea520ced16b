import { KnownFailure } from '../errors';

/**
 * CodeDeploy errors the deploy flow reacts to. This file imports no SDK, so handlers/deploy/start.ts can check
 * `instanceof DeploymentInProgressError` (to recognise a deployment its own earlier attempt started) without
 * importing an AWS client.
 */

/** Whether an error is one of the named SDK exceptions (SDK v3 sets `name` to the modeled shape name). */
export function isNamed(err: unknown, ...names: string[]): err is Error {
  return err instanceof Error && names.includes(err.name);
}

// The id of the running deployment is only in DeploymentLimitExceededException's message, quoted; the wording
// changed once ("is already deploying" became "already has an active Deployment"), the quoting did not.
const QUOTED_DEPLOYMENT_ID = /'(d-[A-Z0-9]+)'/;

/** `d-ACTIVE001` out of "The Deployment Group 'edu-web-prod' already has an active Deployment 'd-ACTIVE001'". */
export function activeDeploymentIdIn(message: string): string | undefined {
  return QUOTED_DEPLOYMENT_ID.exec(message)?.[1];
}

/** CodeDeploy runs one deployment per group at a time and refused to start another. */
export class DeploymentInProgressError extends KnownFailure {
  override readonly name = 'DeploymentInProgressError';
  readonly group: string;
  /** Undefined when neither the message nor ListDeployments named it (it may have just finished). */
  readonly activeDeploymentId: string | undefined;

  constructor(group: string, activeDeploymentId: string | undefined, options: { cause: unknown }) {
    super(
      activeDeploymentId
        ? `Deployment \`${activeDeploymentId}\` is already running in ${group}; CodeDeploy runs one at a time per group.`
        : `A deployment is already running in ${group}; CodeDeploy runs one at a time per group.`,
      'Wait for it to finish, or stop it with its Stop & roll back button, then deploy again.',
      options,
    );
    this.group = group;
    this.activeDeploymentId = activeDeploymentId;
  }
}
