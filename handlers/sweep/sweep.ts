import { logger } from '../../lib/log';
import { checkSilentAlarmsDaily } from '../fleet/daily-check';
import type { WorkerDeps } from '../jobs/deps';
import { expireRequests } from './expire-requests';
import { reenableSnoozedAlarms } from './reenable-alarms';
import { refreshStaleDeployments } from './refresh-deployments';
import { revertExpiredExemptions } from './revert-exemptions';
import { watchCredits } from './watch-credits';
import { resumeWatches } from '../deploy/watch';
import { runContinuousChecks } from '../checks/continuous';
import { announceFreezes } from './announce-freezes';
import { expireLocks } from './expire-locks';
import { refreshStorms } from './refresh-storms';

/** One duty of the every-minute sweeper; returns how many things it handled. */
export type SweepTask = (deps: WorkerDeps, sweepId: string) => Promise<number>;

const TASKS: Record<string, SweepTask> = {
  expireRequests,
  reenableSnoozedAlarms,
  revertExpiredExemptions,
  refreshStaleDeployments,
  watchCredits,
  checkSilentAlarmsDaily,
  resumeWatches,
  runContinuousChecks,
  announceFreezes,
  expireLocks,
  refreshStorms,
};

/**
 * Runs every duty independently: one failing (say Slack is down) does not stop the others, and what it did not
 * finish is still due, so the next minute's sweep picks it up again.
 */
export async function sweep(deps: WorkerDeps, sweepId: string): Promise<Record<string, number | string>> {
  const tasks = Object.entries(TASKS);
  const settled = await Promise.allSettled(tasks.map(([, task]) => task(deps, sweepId)));
  const results: Record<string, number | string> = {};
  tasks.forEach(([name], index) => {
    const result = settled[index];
    if (result?.status === 'fulfilled') results[name] = result.value;
    else {
      logger.error('sweeper task failed; it runs again next minute', { task: name, error: result?.reason as unknown });
      results[name] = `failed: ${deps.describeError(result?.reason)}`;
    }
  });
  return results;
}
