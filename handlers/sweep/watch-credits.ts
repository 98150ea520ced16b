import { diagnoseInstances } from '../../commands/alarms/diagnose';
import { logger } from '../../lib/log';
import { creditWarningMessage } from '../../lib/slack/blocks/credit-warning';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';

/** How often the watch looks, and how long it keeps quiet about a group after warning. */
export const WATCH_EVERY_MINUTES = 5;
export const WARN_AGAIN_AFTER_MS = 6 * 3_600_000;

/**
 * The incident this is for: t3.micro fleets ran out of CPU credits, sat throttled at the baseline and were replaced
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
        const { target } = await deps.account(env, SYSTEM_ACTOR);
        const diagnosis = await diagnoseInstances({ AutoScalingGroupName: group }, target.insights, now);
        if (diagnosis?.verdict !== 'draining' && diagnosis?.verdict !== 'exhausted') continue;
        if (!(await deps.store.creditWarnings.claim(env, group, now, WARN_AGAIN_AFTER_MS))) continue;
        // A warning Slack did not take must not keep the watch quiet for hours: the claim goes back.
        await deps.replies.post(envConfig.channel, creditWarningMessage(app, env, group, diagnosis))
          .catch(async (error: unknown) => { await deps.store.creditWarnings.release(env, group); throw error; });
        warned += 1;
      } catch (error) {
        logger.warn('credit watch could not check a group; it looks again in a few minutes', { app, env, group, error });
      }
    }
  }
  return warned;
}
