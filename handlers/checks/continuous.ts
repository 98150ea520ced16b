import { CHECK_EVERY_MINUTES, shownOf } from '../../commands/checks/episodes';
import type { CheckResult, CheckSet } from '../../commands/checks/types';
import { checkSetFor } from '../../lib/config/checks';
import { logger } from '../../lib/log';
import { checksFailingMessage, checksResolvedMessage } from '../../lib/slack/blocks/check-episode';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { wafBlames } from './waf-blames';

/** Offset from the credit watch's minutes, so the two do not share a sweep. */
const AT_MINUTE = 2;

interface Checked {
  app: string;
  env: string;
  channel: string;
  results: CheckResult[];
}

/**
 * A failing run opens the episode (one message; a second sweep finds it open) or edits its message when what fails
 * changed; a passing run resolves it. The claim is given back when the message could not be posted, so the next
 * run posts it.
 */
async function tell(checked: Checked, checks: CheckSet, deps: WorkerDeps): Promise<void> {
  const { app, env, channel, results } = checked;
  const now = deps.now();
  const failing = results.some((result) => !result.passed);
  const episode = await deps.store.checks.episode(app, env);
  if (!failing) {
    if (episode && (await deps.store.checks.close(app, env)) && episode.channel && episode.ts) {
      await deps.replies.update(
        episode.channel,
        episode.ts,
        checksResolvedMessage({ app, env, since: episode.since, now, results, blames: new Map() }),
      );
    }
    return;
  }
  const { env: envConfig, target } = await deps.account(env, SYSTEM_ACTOR);
  const view = { app, env, now, results, blames: await wafBlames(results, checks, envConfig, target, now) };
  const shown = shownOf(results);
  if (!episode) {
    if (!(await deps.store.checks.open(app, env, now))) return;
    try {
      const posted = await deps.replies.post(channel, checksFailingMessage({ ...view, since: now }));
      await deps.store.checks.show(app, env, { channel, ts: posted.ts }, shown);
    } catch (error) {
      await deps.store.checks.close(app, env);
      throw error;
    }
    return;
  }
  if (episode.shown === shown || !episode.channel || !episode.ts) return;
  await deps.replies.update(episode.channel, episode.ts, checksFailingMessage({ ...view, since: episode.since }));
  await deps.store.checks.show(app, env, undefined, shown);
}

/**
 * Every five minutes, each app's checks in each environment, outside deployments as well: /status shows their
 * last results, and a check that starts failing is said once in the environment's channel, kept up to date, and
 * resolved when it passes.
 */
export async function runContinuousChecks(deps: WorkerDeps): Promise<number> {
  if (deps.now().getUTCMinutes() % CHECK_EVERY_MINUTES !== AT_MINUTE) return 0;
  const config = await deps.config();
  let ran = 0;
  for (const [app, appConfig] of Object.entries(config.apps)) {
    for (const env of Object.keys(config.environments)) {
      const checks = checkSetFor(appConfig, env);
      const channel = config.environments[env]?.channel;
      if (!checks?.http.length || !channel) continue;
      try {
        const results = await Promise.all(checks.http.map((check) => deps.probe.run(check)));
        await deps.store.checks.saveLast({ app, env, at: deps.now(), results });
        await tell({ app, env, channel, results }, checks, deps);
        ran += 1;
      } catch (error) {
        logger.warn('continuous checks could not run or be told; they run again in 5 minutes', { app, env, error });
      }
    }
  }
  return ran;
}
