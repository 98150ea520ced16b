import { logger } from '../../lib/log';
import { refreshSummary } from '../alarms/storm-summary';
import type { WorkerDeps } from '../jobs/deps';

/**
 * Every storm summary with alarms still firing is brought up to date (docs/decisions/0030-storm-summaries.md): a
 * change whose own edit was coalesced away, or whose delivery died, shows within a minute. An edit that changes
 * nothing is not sent, so a quiet summary costs its records' reads only.
 */
export async function refreshStorms(deps: WorkerDeps): Promise<number> {
  const envs = Object.keys((await deps.config()).environments);
  const summaries = (await Promise.all(envs.map((env) => deps.store.alarmStorms.active(env)))).flat();
  let shown = 0;
  for (const summary of summaries) {
    try {
      // The sweep comes once a minute: no edit of its own is too soon, but one under way is left to finish.
      if ((await refreshSummary(summary, deps, 0)) === 'shown') shown += 1;
    } catch (error) {
      logger.error('could not bring a storm summary up to date; next minute', { error, storm: summary.id });
    }
  }
  return shown;
}
