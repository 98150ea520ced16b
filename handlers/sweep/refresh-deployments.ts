import { logger } from '../../lib/log';
import { refreshProgress } from '../deploy/progress';
import { postUnposted } from '../deploy/unposted';
import type { WorkerDeps } from '../jobs/deps';

/** A running deployment whose message has not changed for this long is checked against CodeDeploy. */
export const STALE_AFTER_MS = 3 * 60_000;

/**
 * EventBridge delivery is best effort (and a target account may lack the forwarding rules): a progress message
 * that has been quiet for a while is brought up to date from CodeDeploy directly, so it never silently freezes; one
 * that was never posted (every attempt failed) is posted.
 */
export async function refreshStaleDeployments(deps: WorkerDeps): Promise<number> {
  const now = deps.now().getTime();
  let refreshed = 0;
  for (const deploymentId of await deps.store.deployments.running()) {
    const link = await deps.store.deployments.get(deploymentId);
    if (!link || (link.lastEditAt && now - link.lastEditAt.getTime() < STALE_AFTER_MS)) continue;
    try {
      if (!link.ts) refreshed += (await postUnposted(link, deps)) ? 1 : 0;
      else if ((await refreshProgress(deploymentId, deps)) === 'updated') refreshed += 1;
    } catch (error) {
      logger.error('could not refresh a quiet deployment; trying again next minute', { deploymentId, error });
    }
  }
  return refreshed;
}
