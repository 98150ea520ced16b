import { liveGroups } from '../../commands/fleet/live-fleet';
import type { AskedInstance } from '../../commands/processes/ports';
import type { AppConfig } from '../../lib/config/schema';
import type { EnvironmentAccount } from '../jobs/deps';

/** The groups the app serves from in an environment now, read live (and the green one a deployment is filling). */
export async function liveGroupNames(app: AppConfig, env: string, target: EnvironmentAccount): Promise<string[]> {
  const live = await liveGroups(app, env, target.deploymentGroups);
  return live ? [...live.serving, ...(live.green ? [live.green.name] : [])] : [];
}

/**
 * The app's running instances in an environment, read live: the groups its deployment group serves from now (and
 * the green one a deployment is filling), as the fleet code reads them (decisions 0017), each group's InService
 * instances. Nothing here comes from a click.
 */
export async function runningInstances(
  app: AppConfig,
  env: string,
  target: EnvironmentAccount,
): Promise<{ groups: string[]; instances: AskedInstance[] }> {
  const groups = await liveGroupNames(app, env, target);
  const fleets = await Promise.all(groups.map((group) => target.fleet.describe(group)));
  const instances = fleets.flatMap((fleet) =>
    (fleet?.instances ?? [])
      .filter((instance) => instance.lifecycleState === 'InService')
      .map((instance) => ({
        id: instance.id,
        group: fleet?.name ?? '',
        ...(instance.type ? { type: instance.type } : {}),
      })),
  );
  return { groups, instances };
}
