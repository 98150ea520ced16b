import { isRetryable } from '../../lib/errors';
import { logger } from '../../lib/log';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { audit } from '../jobs/audit';
import { reportSilentAlarms } from './silent-alarms';

export const CHECK_EVERY_MS = 24 * 3_600_000;

/**
 * Once a day per app and environment with a CodeDeploy group, the sweeper looks for alarms that can no longer
 * fire: deployments outside blueshift (CI, the console) replace groups too, and nobody is told. A check AWS
 * refused (a missing permission) is said once in the audit channel and tried again the next day; throttling and
 * outages give the check back, so the next minute's sweep tries again.
 */
export async function checkSilentAlarmsDaily(deps: WorkerDeps): Promise<number> {
  const config = await deps.config();
  const now = deps.now();
  let reported = 0;
  for (const [app, appConfig] of Object.entries(config.apps)) {
    for (const env of Object.keys(appConfig.codedeploy.groups)) {
      if (!config.environments[env]) continue;
      if (!(await deps.store.silentAlarms.claimCheck(env, app, now, CHECK_EVERY_MS))) continue;
      try {
        reported += await reportSilentAlarms(app, env, deps);
      } catch (error) {
        if (isRetryable(error)) {
          await deps.store.silentAlarms.releaseCheck(env, app);
          logger.warn('silent-alarm check failed for now; the next sweep tries again', { app, env, error });
          continue;
        }
        logger.error('silent-alarm check failed; it runs again tomorrow', { app, env, error });
        const detail = `could not check for alarms left on a replaced Auto Scaling group: ${deps.describeError(error)}. blueshift tries again tomorrow.`;
        await audit(
          {
            at: now,
            user: SYSTEM_ACTOR.id,
            command: 'check alarms that can no longer fire',
            decision: 'failed',
            detail,
            app,
            env,
          },
          deps,
          { announce: true },
        );
      }
    }
  }
  return reported;
}
