import type { Diagnosis } from '../../commands/alarms/throttling';
import { throttleLifted } from '../../commands/alarms/throttle-lifted';
import type { EnvironmentConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';
import { creditLiftedMessage } from '../../lib/slack/blocks/credit-lifted';
import type { WorkerDeps } from '../jobs/deps';

/**
 * How long a claim to say "lifted" holds before another sweep may take it over: longer than a sweep can run (its
 * Lambda timeout), so a live holder is never overtaken; a holder that died before posting is.
 */
export const LIFT_LEASE_MS = 10 * 60_000;

/**
 * A group the credit watch warned about is fine again (unlimited now, or its credits climbing back): said once in
 * the environment's channel, then the warning is released so a new throttle warns again. Overlapping sweeps and
 * redeliveries race for one conditional claim on the stored warning; a post Slack did not take gives it back for
 * the next look. True when it said so.
 */
export async function sayThrottleLifted(
  where: { app: string; env: string; envConfig: EnvironmentConfig },
  group: string,
  diagnosis: Diagnosis | undefined,
  deps: WorkerDeps,
): Promise<boolean> {
  const lifted = throttleLifted(diagnosis);
  if (!lifted) return false;
  const { app, env, envConfig } = where;
  const warnedAt = await deps.store.creditWarnings.claimLift(env, group, deps.now(), LIFT_LEASE_MS);
  if (!warnedAt) return false;
  try {
    await deps.replies.post(envConfig.channel, creditLiftedMessage(app, env, group, lifted, warnedAt));
  } catch (error) {
    await deps.store.creditWarnings
      .releaseLift(env, group)
      .catch((releaseError: unknown) =>
        logger.error('could not give back the claim to say a throttle was lifted', { env, group, releaseError }),
      );
    throw error;
  }
  // Said: failing to release only keeps the watch from warning about this group until the warning's quiet ends.
  await deps.store.creditWarnings
    .release(env, group)
    .catch((error: unknown) => logger.error('could not release a lifted credit warning', { env, group, error }));
  return true;
}
