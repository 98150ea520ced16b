import { deployContext, type DeployContext } from '../../commands/alarms/deploy-context';
import type { EpisodeRoute } from '../../commands/alarms/episodes';
import type { AlarmNotification } from '../../commands/alarms/notification';
import { logger } from '../../lib/log';
import type { WorkerDeps } from '../jobs/deps';

/**
 * The deployment an alarm may be about: the newest of its app in its environment, read from the state table (no AWS
 * call on the alarm's path), judged by `deployContext` against the environment's `alarmDeployWindow`. An alarm
 * routed to no app, or a table that cannot be read, gives none: the alarm is posted all the same.
 */
export async function deployContextFor(
  notification: AlarmNotification,
  route: EpisodeRoute,
  deps: Pick<WorkerDeps, 'config' | 'store'>,
): Promise<{ deployContext?: DeployContext }> {
  if (!route.app) return {};
  try {
    const env = (await deps.config()).environments[route.env];
    if (!env) return {};
    const latest = await deps.store.deployments.latest(route.app, route.env);
    const context = deployContext(latest, notification.changedAt, env.alarmDeployWindow);
    return context ? { deployContext: context } : {};
  } catch (error) {
    logger.warn('could not read the deployment an alarm may be about; posting it without', { error });
    return {};
  }
}
