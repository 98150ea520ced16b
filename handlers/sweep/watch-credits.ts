import { diagnoseInstances } from '../../commands/alarms/diagnose';
import { logger } from '../../lib/log';
import { unfixableNote } from '../../lib/slack/blocks/audit';
import { creditWarningMessage } from '../../lib/slack/blocks/credit-warning';
import { isUnfixable } from '../events/unfixable';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';

/** How often the watch looks, and how long it keeps quiet about a group after warning. */
export const WATCH_EVERY_MINUTES = 5;
export const WARN_AGAIN_AFTER_MS = 6 * 3_600_000;

/**
 * Story 2 of DESIGN.md: t3.micro fleets ran out of CPU credits, sat throttled at the baseline and were replaced
 * again and again, while the CPU alarm (above 80 %) never fired. Every few minutes the sweeper diagnoses each
 * configured Auto Scaling group and warns in the environment's channel when credits are draining or gone.
 */
export async function watchCredits(deps: WorkerDeps): Promise<number> {
  const now = deps.now();
  if (now.getUTCMinutes() % WATCH_EVERY_MINUTES !== 0) return 0;
  const config = await deps.config();
  let warned = 0;
  for (const [app, appConfig] of Object.entries(config.apps)) {
    for (const [env, group] of Object.entries(appConfig.autoScalingGroups)) {
      const envConfig = config.environments[env];
      if (!envConfig) continue;
      try {
        const diagnosis = await diagnoseInstances({ AutoScalingGroupName: group }, deps.targets.for(env, envConfig, SYSTEM_ACTOR).insights, now);
        if (diagnosis?.verdict !== 'draining' && diagnosis?.verdict !== 'exhausted') continue;
        // A warning Slack did not take (or a claim whose answer was lost) must not keep the watch quiet for hours:
        // the claim goes back.
        const claimed = await deps.store.creditWarnings.claim(env, group, now, WARN_AGAIN_AFTER_MS)
          .catch(async (error: unknown) => { await deps.store.creditWarnings.release(env, group).catch(() => undefined); throw error; });
        if (!claimed) continue;
        await deps.replies.post(envConfig.channel, creditWarningMessage(app, env, group, diagnosis))
          .catch(async (error: unknown) => { await deps.store.creditWarnings.release(env, group); throw error; });
        warned += 1;
      } catch (error) {
        logger.warn('credit watch could not check a group; it looks again in a few minutes', { app, env, group, error });
        if (isUnfixable(error)) await noteWatchFailure(env, group, error, deps).catch((noteError: unknown) => logger.error('could not tell the audit channel', { noteError }));
      }
    }
  }
  return warned;
}

/**
 * A watch that fails for a reason retrying cannot fix (a permission missing, say) would otherwise be silent for
 * good: the audit channel hears why, once per quiet period, while the watch keeps looking every few minutes.
 */
async function noteWatchFailure(env: string, group: string, error: unknown, deps: WorkerDeps): Promise<void> {
  if (!(await deps.store.creditWarnings.claim(env, `${group}#watch-failed`, deps.now(), WARN_AGAIN_AFTER_MS))) return;
  const next = 'The watch looks again every 5 minutes, and says this again in 6 hours if it still cannot. Check the permission or service named.';
  await deps.replies.post((await deps.config()).auditChannel, unfixableNote(`the CPU-credit watch of ${group} (${env})`, deps.describeError(error), next))
    .catch(async (postError: unknown) => { await deps.store.creditWarnings.release(env, `${group}#watch-failed`); throw postError; });
}
