import {
  judgeTick,
  shortWaitWarning,
  WATCH_TICK_MS,
  waitTooShort,
  watchProgress,
  watchUntil,
} from '../../commands/checks/watch';
import type { TickFindings, TickVerdict, WatchRecord } from '../../commands/checks/watch';
import type { CheckSet } from '../../commands/checks/types';
import type { DeploymentDetail, DeploymentLink } from '../../commands/deploy/ports';
import type { ProgressView, WatchView } from '../../commands/deploy/progress-view';
import { outcomeOf } from '../../commands/deploy/stage';
import type { WatchJob } from '../../commands/job';
import { checkSetFor } from '../../lib/config/checks';
import type { EnvironmentConfig } from '../../lib/config/schema';
import { checkLine } from '../../commands/checks/summary';
import {
  wafBlockedReply,
  watchAskReply,
  watchCannotLookReply,
  watchRolledBackReply,
} from '../../lib/slack/blocks/watch';
import { isRetryable } from '../../lib/errors';
import { audit } from '../jobs/audit';
import { SYSTEM_ACTOR, type EnvironmentAccount, type WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import { wafBlames } from '../checks/waf-blames';

/** A watch whose last look is older than this lost its next one (a message gone, a worker crashed): resumed. */
export const RESUME_AFTER_MS = 3 * WATCH_TICK_MS;

const tickJob = (deploymentId: string, tick: number): WatchJob => ({
  kind: 'watch',
  id: `watch:${deploymentId}:${tick}`,
  deploymentId,
  tick,
});

/** Sends the watch's next look; the job id carries the tick, so a look sent twice runs once. */
export function sendTick(deploymentId: string, tick: number, deps: WorkerDeps, delayMs = WATCH_TICK_MS): Promise<void> {
  return deps.queue.send(tickJob(deploymentId, tick), { delaySeconds: Math.round(delayMs / 1000) });
}

/** The app's checks in the deployment's environment, when they have a watch. */
async function watchedChecks(
  link: Pick<DeploymentLink, 'app' | 'env'>,
  deps: WorkerDeps,
): Promise<CheckSet | undefined> {
  const app = (await deps.config()).apps[link.app];
  const checks = app && checkSetFor(app, link.env);
  return checks && checks.watchMs > 0 && checks.http.length ? checks : undefined;
}

/**
 * The watch of a deploy whose traffic has moved (blue in its termination wait): started the first time a refresh
 * sees it, its first look sent at once. Rollbacks are not watched: they put back what ran before.
 */
export async function watchFor(
  link: DeploymentLink,
  view: Pick<ProgressView, 'stage' | 'outcome'>,
  detail: DeploymentDetail,
  deps: WorkerDeps,
): Promise<Pick<ProgressView, 'watch' | 'watchWarning'>> {
  if (link.kind !== 'deploy') return {};
  const checks = await watchedChecks(link, deps);
  if (!checks) return {};
  let watch = await deps.store.watches.get(link.deploymentId);
  if (!watch && view.outcome === 'running' && view.stage === 'rerouted') {
    const startedAt = deps.now();
    const start = { deploymentId: link.deploymentId, app: link.app, env: link.env, startedAt };
    const result = await deps.store.watches.start({ ...start, until: watchUntil(startedAt, checks) });
    watch = result.watch;
    if (result.started) await sendTick(link.deploymentId, 0, deps, 0);
  }
  if (watch?.status === 'watching' && view.outcome !== 'running') {
    await deps.store.watches.end(link.deploymentId, 'ended');
    watch = { ...watch, status: 'ended' };
  }
  if (watch) return { watch: toView(watch, checks, detail, deps.now()) };
  const warning = view.outcome === 'running' ? shortWaitWarning(detail.terminationWaitMinutes, checks) : undefined;
  return warning ? { watchWarning: warning } : {};
}

function toView(watch: WatchRecord, checks: CheckSet, detail: DeploymentDetail, now: Date): WatchView {
  const kept = detail.terminationWaitMinutes;
  return {
    status: watch.status,
    progress: watchProgress(watch, now),
    checks: watch.results.length ? watch.results.map(checkLine) : checks.http.map((check) => `${check.name} …`),
    alarms: watch.alarms,
    onFailure: checks.onFailure,
    ...(watch.failure ? { failure: watch.failure } : {}),
    ...(watch.blame ? { blame: watch.blame } : {}),
    ...(waitTooShort(kept, checks) && kept !== undefined ? { blueKeptMinutes: kept } : {}),
    ...(watch.overriddenBy ? { overriddenBy: watch.overriddenBy, overrideReason: watch.overrideReason ?? '' } : {}),
  };
}

/** One look: the checks, the app's alarms, and for a 403 the WAF rule behind it. */
async function look(
  link: DeploymentLink,
  checks: CheckSet,
  env: EnvironmentConfig,
  target: EnvironmentAccount,
  deps: WorkerDeps,
): Promise<TickFindings> {
  const prefix = (await deps.config()).apps[link.app]?.alarmPrefix;
  const [results, firing] = await Promise.all([
    Promise.all(checks.http.map((check) => deps.probe.run(check))),
    prefix ? target.alarms.firing(prefix) : Promise.resolve([]),
  ]);
  const now = deps.now();
  return {
    results,
    alarms: firing.map((alarm) => alarm.name),
    blames: await wafBlames(results, checks, env, target, now),
  };
}

/** What the bot does about a verdict, each effect once however often the look is delivered. */
async function act(
  verdict: TickVerdict,
  link: DeploymentLink,
  checks: CheckSet,
  target: EnvironmentAccount,
  job: WatchJob,
  deps: WorkerDeps,
): Promise<void> {
  const step = (name: string, run: () => Promise<unknown>) => once({ job, grant: undefined, deps }, name, run);
  const thread = (message: Parameters<WorkerDeps['replies']['post']>[1]) =>
    deps.replies.post(link.channel, message, link.ts);
  const view = { deploymentId: link.deploymentId, env: link.env, requestedBy: link.requestedBy };
  const entry = {
    at: deps.now(),
    user: SYSTEM_ACTOR.id,
    command: `watch ${link.app} ${link.env}`,
    env: link.env,
    app: link.app,
    deploymentId: link.deploymentId,
  };
  switch (verdict.kind) {
    case 'failed':
      if (checks.onFailure === 'ask') {
        await step('asked', () => thread(watchAskReply(view, verdict.failure)));
        await step('audited', () =>
          audit(
            { ...entry, decision: 'failed', detail: `watch failed: ${verdict.failure}; asked before rolling back` },
            deps,
            {
              announce: true,
            },
          ),
        );
        return;
      }
      // Once, as blueshift: a Stop pressed meanwhile by a person (or a second look) finds it requested.
      if (await deps.store.deployments.markPressed(link.deploymentId, 'stopRequestedBy', SYSTEM_ACTOR.id, job.id)) {
        await step('stopped', () => target.control.stop(link.deploymentId, true));
        await step('audited', () =>
          audit(
            { ...entry, decision: 'succeeded', detail: `stopped and rolled back: watch failed: ${verdict.failure}` },
            deps,
            { announce: true },
          ),
        );
        await step('told', () => thread(watchRolledBackReply(view, verdict.failure)));
      }
      return;
    case 'waf-blocked':
      await step('told', () => thread(wafBlockedReply(view, verdict.failure, verdict.blame.rule, verdict.blame.path)));
      await step('audited', () =>
        audit({ ...entry, decision: 'failed', detail: `watch: ${verdict.failure}; not rolled back` }, deps, {
          announce: true,
        }),
      );
      return;
    case 'passed':
      await step('audited', () =>
        audit({ ...entry, decision: 'succeeded', detail: 'watch after Reroute passed' }, deps, { announce: false }),
      );
      return;
    case 'continue':
      return;
  }
}

const STATUS_OF = { continue: 'watching', passed: 'passed', failed: 'failed', 'waf-blocked': 'waf-blocked' } as const;

/**
 * One look of the watch (a `watch` job): runs the checks and reads the alarms, acts on what it finds, saves it,
 * shows it in the progress message, and sends the next look while the watch goes on. A look whose tick is not the
 * watch's (it already ran) or whose watch ended does nothing.
 */
export async function runWatchTick(
  job: WatchJob,
  deps: WorkerDeps,
  refresh: (deploymentId: string) => Promise<unknown>,
): Promise<string> {
  const watch = await deps.store.watches.get(job.deploymentId);
  if (watch?.status !== 'watching' || watch.tick !== job.tick) return 'stale';
  const link = await deps.store.deployments.get(job.deploymentId);
  const checks = link && (await watchedChecks(link, deps));
  const { env, target } = await deps.account(watch.env, SYSTEM_ACTOR);
  const detail = link && checks ? await target.control.get(job.deploymentId) : undefined;
  if (!link || !checks || !detail || outcomeOf(detail.status) !== 'running') {
    // The deployment ended (or its checks were removed): nothing is left to watch.
    await deps.store.watches.end(job.deploymentId, 'ended');
    await refresh(job.deploymentId);
    return 'ended';
  }
  let findings: TickFindings;
  try {
    findings = await look(link, checks, env, target, deps);
  } catch (error) {
    // A retry may fix throttling or an outage (SQS redelivers; the sweeper resumes a look that was dead-lettered).
    // A refusal it would only get again ends the watch, said in the thread: people decide, with blue still warm.
    if (isRetryable(error)) throw error;
    return cannotLook(job, link, error, deps, refresh);
  }
  const now = deps.now();
  const verdict = judgeTick(watch, findings, now);
  await act(verdict, link, checks, target, job, deps);
  const failure = verdict.kind === 'failed' || verdict.kind === 'waf-blocked' ? { failure: verdict.failure } : {};
  const blame = verdict.kind === 'waf-blocked' ? { blame: verdict.blame } : {};
  const status = STATUS_OF[verdict.kind];
  const saved = await deps.store.watches.record(job.deploymentId, job.tick, {
    status,
    results: findings.results,
    alarms: findings.alarms,
    lastTickAt: now,
    ...failure,
    ...blame,
  });
  if (!saved) return 'stale';
  if (status === 'watching') await sendTick(job.deploymentId, job.tick + 1, deps);
  await refresh(job.deploymentId);
  return status;
}

/** The watch cannot look (a permission missing, say): it ends, and the thread says why, once. */
async function cannotLook(
  job: WatchJob,
  link: DeploymentLink,
  error: unknown,
  deps: WorkerDeps,
  refresh: (deploymentId: string) => Promise<unknown>,
): Promise<string> {
  const reason = deps.describeError(error);
  const ended = await deps.store.watches.end(job.deploymentId, 'ended', {
    user: SYSTEM_ACTOR.id,
    reason: `it could not look: ${reason}`,
  });
  if (ended) {
    await once({ job, grant: undefined, deps }, 'cannot-look', () =>
      deps.replies.post(link.channel, watchCannotLookReply(reason), link.ts),
    );
    await refresh(job.deploymentId);
  }
  return 'cannot look';
}

/** The sweeper's part: a watch whose next look was lost (SQS kept no message, a worker died) is resumed. */
export async function resumeWatches(deps: WorkerDeps): Promise<number> {
  let resumed = 0;
  for (const deploymentId of await deps.store.watches.watching()) {
    const watch = await deps.store.watches.get(deploymentId);
    if (watch?.status !== 'watching') continue;
    const last = watch.lastTickAt ?? watch.startedAt;
    if (deps.now().getTime() - last.getTime() < RESUME_AFTER_MS) continue;
    await sendTick(deploymentId, watch.tick, deps, 0);
    resumed += 1;
  }
  return resumed;
}
