import { scopeOf, type GroupAddress } from '../../commands/deploy/scope';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { reportSilentAlarms } from './silent-alarms';

/**
 * A deployment of a configured group succeeded, whoever started it (blueshift, CI, the console): a blue/green one
 * may have replaced the group, so the live fleet is read afresh and the alarms left on the old group are reported
 * (or, with `silentAlarms: move`, moved and announced). Returns how many findings it reported.
 */
export async function afterDeploymentSucceeded(deployment: GroupAddress, deps: WorkerDeps): Promise<number> {
  const scope = scopeOf(await deps.config(), deployment);
  if (!scope) return 0;
  const { target } = await deps.account(scope.env, SYSTEM_ACTOR);
  target.forgetFleet(deployment.application, deployment.deploymentGroup);
  return reportSilentAlarms(scope.app, scope.env, deps);
}
