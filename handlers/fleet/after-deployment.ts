import type { BlueshiftConfig } from '../../lib/config/schema';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { reportSilentAlarms } from './silent-alarms';

export interface SucceededDeployment {
  account: string;
  region: string;
  application: string;
  deploymentGroup: string;
}

/** The app and environment a deployment group belongs to, by its account, region, application and name. */
function scopeOf(config: BlueshiftConfig, deployment: SucceededDeployment): { app: string; env: string } | undefined {
  for (const [app, appConfig] of Object.entries(config.apps)) {
    if (appConfig.codedeploy.application !== deployment.application) continue;
    for (const [env, group] of Object.entries(appConfig.codedeploy.groups)) {
      const envConfig = config.environments[env];
      if (
        group === deployment.deploymentGroup &&
        envConfig?.account === deployment.account &&
        envConfig.region === deployment.region
      )
        return { app, env };
    }
  }
  return undefined;
}

/**
 * A deployment of a configured group succeeded, whoever started it (blueshift, CI, the console): a blue/green one
 * may have replaced the group, so the live fleet is read afresh and the alarms left on the old group are reported
 * (or, with `silentAlarms: move`, moved and announced). Returns how many findings it reported.
 */
export async function afterDeploymentSucceeded(deployment: SucceededDeployment, deps: WorkerDeps): Promise<number> {
  const scope = scopeOf(await deps.config(), deployment);
  if (!scope) return 0;
  const { target } = await deps.account(scope.env, SYSTEM_ACTOR);
  target.forgetFleet(deployment.application, deployment.deploymentGroup);
  return reportSilentAlarms(scope.app, scope.env, deps);
}
