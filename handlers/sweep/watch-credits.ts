import { diagnoseInstances } from '../../commands/alarms/diagnose';
import { liveGroups } from '../../commands/fleet/live-fleet';
import type { AppConfig, EnvironmentConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';
import { creditWarningMessage } from '../../lib/slack/blocks/credit-warning';
import { isUnfixable } from '../events/unfixable';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { audit } from '../jobs/audit';
import { sayThrottleLifted } from './credit-lifted';

/** How long the watch keeps quiet about a group after warning (how often it looks is `creditWatch.everyMinutes`). */
export const WARN_AGAIN_AFTER_MS = 6 * 3_600_000;

const cannotTell = (error: unknown) =>
  logger.error('could not tell the audit channel that the credit watch failed', { error });

interface Watched {
  app: string;
  env: string;
  appConfig: AppConfig;
  envConfig: EnvironmentConfig;
  everyMinutes: number;
}

/**
 * Warns about one group when its burstable instances are draining or out of credits, and says so once when a group
 * it warned about is fine again; true when it posted either.
 */
async function watchGroup(watched: Watched, group: string, deps: WorkerDeps): Promise<boolean> {
  const { app, env, envConfig, everyMinutes } = watched;
  const now = deps.now();
  const { target } = await deps.account(env, SYSTEM_ACTOR);
  const diagnosis = await diagnoseInstances({ AutoScalingGroupName: group }, target.insights, now);
  if (diagnosis?.verdict !== 'draining' && diagnosis?.verdict !== 'exhausted')
    return sayThrottleLifted(watched, group, diagnosis, deps);
  // A warning Slack did not take (or a claim whose answer was lost) must not keep the watch quiet for hours:
  // the claim goes back.
  const claimed = await deps.store.creditWarnings
    .claim(env, group, now, WARN_AGAIN_AFTER_MS)
    .catch(async (error: unknown) => {
      await deps.store.creditWarnings.release(env, group).catch(() => undefined);
      throw error;
    });
  if (!claimed) return false;
  await deps.replies
    .post(envConfig.channel, creditWarningMessage(app, env, group, diagnosis, everyMinutes))
    .catch(async (error: unknown) => {
      await deps.store.creditWarnings.release(env, group);
      throw error;
    });
  return true;
}

/**
 * The watch cannot look at a fleet (`what`: its deployment group's fleet, or one group in it). Said in the audit
 * channel at most every 6 hours per fleet or group, never skipped in silence; the claim goes back when the audit
 * channel did not hear it.
 */
async function reportWatchFailure(watched: Watched, what: string, error: unknown, deps: WorkerDeps): Promise<void> {
  const { app, env, everyMinutes } = watched;
  logger.warn('credit watch could not look; it looks again in a few minutes', { app, env, what, error });
  const key = `${app} ${what} (watch failed)`;
  if (!(await deps.store.creditWarnings.claim(env, key, deps.now(), WARN_AGAIN_AFTER_MS))) return;
  const reason = deps.describeError(error).replace(/\.$/, '');
  const detail = `the CPU-credit watch cannot read ${what}: ${reason}. It looks again every ${everyMinutes === 1 ? 'minute' : `${everyMinutes} minutes`} and says this again in 6 hours if it still cannot.`;
  await audit(
    { at: deps.now(), user: SYSTEM_ACTOR.id, command: 'watch CPU credits', decision: 'failed', detail, app, env },
    deps,
    { announce: true },
  ).catch(async (auditError: unknown) => {
    await deps.store.creditWarnings.release(env, key);
    throw auditError;
  });
}

/**
 * The incident this is for: t3.micro fleets ran out of CPU credits, sat throttled at the baseline and were replaced
 * again and again, while the CPU alarm (above 80 %) never fired. Every few minutes the sweeper diagnoses each app's
 * live fleet, the groups its deployment group points at now and the green one a deployment is filling (blue/green
 * replaces the group at every deployment), and warns in the environment's channel when credits are draining or gone,
 * and again, once, when a group it warned about is no longer throttled. How many messages it posted.
 */
export async function watchCredits(deps: WorkerDeps): Promise<number> {
  const config = await deps.config();
  const { everyMinutes } = config.creditWatch;
  if (deps.now().getUTCMinutes() % everyMinutes !== 0) return 0;
  let warned = 0;
  for (const [app, appConfig] of Object.entries(config.apps)) {
    const envs = new Set([...Object.keys(appConfig.codedeploy.groups), ...Object.keys(appConfig.autoScalingGroups)]);
    for (const env of envs) {
      const envConfig = config.environments[env];
      if (!envConfig) continue;
      const watched = { app, env, appConfig, envConfig, everyMinutes };
      let groups: string[];
      try {
        const { target } = await deps.account(env, SYSTEM_ACTOR);
        const live = await liveGroups(appConfig, env, target.deploymentGroups);
        groups = live ? [...live.serving, ...(live.green ? [live.green.name] : [])] : [];
      } catch (error) {
        await reportWatchFailure(watched, 'the fleet', error, deps).catch(cannotTell);
        continue;
      }
      for (const group of groups) {
        try {
          if (await watchGroup(watched, group, deps)) warned += 1;
        } catch (error) {
          logger.warn('credit watch could not check a group; it looks again in a few minutes', {
            app,
            env,
            group,
            error,
          });
          // A failure a retry may fix is only logged: the next look, five minutes on, tries again.
          if (isUnfixable(error)) await reportWatchFailure(watched, group, error, deps).catch(cannotTell);
        }
      }
    }
  }
  return warned;
}
