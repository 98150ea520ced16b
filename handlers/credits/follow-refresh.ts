import type { RefreshState } from '../../commands/credits/ports';
import type { RefreshLookJob } from '../../commands/job';
import { moveResult } from '../../lib/slack/blocks/bigger-type';
import { logger } from '../../lib/log';
import type { FailureAudience } from '../jobs/audience';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import { refreshLook, type MoveReply } from './move-type';

/** What a move keeps of its refreshes: each group's refresh id, and whether it was one already running. */
function startedRefreshes(steps: Record<string, string>) {
  return Object.entries(steps).flatMap(([name, result]) =>
    name.startsWith('refresh:')
      ? [{ group: name.slice('refresh:'.length), ...(JSON.parse(result) as { id: string; adopted: boolean }) }]
      : [],
  );
}

/** Looks every 30 seconds for two hours at most; a refresh still running then is left to the console, and said so. */
export const LOOK_EVERY_SECONDS = 30;
export const MAX_LOOKS = 240;

/**
 * One look at the instance refreshes a move started (a `refresh-look` job): the thread reply is edited with each
 * group's status and percentage, and the next look sent, delayed, until every refresh ended; then the move's claim
 * is released and its outcome audited once, a failure or cancellation with Auto Scaling's reason.
 */
export async function runRefreshLook(job: RefreshLookJob, deps: WorkerDeps): Promise<string> {
  const change = await deps.store.creditChanges.get(job.env, job.app);
  if (change?.id !== job.change || !change.steps.reply) return 'no such move';
  if (change.status !== 'applying') return 'already ended';
  const reply = JSON.parse(change.steps.reply) as MoveReply;
  const started = startedRefreshes(change.steps);
  const { target } = await deps.account(change.env, { id: change.requestedBy, name: change.requestedBy });
  const states = await Promise.all(started.map((r) => target.refreshes.describe(r.group, r.id)));
  const ended = states.every((state) => !state || state.ended);
  const gaveUp = !ended && job.tick + 1 >= MAX_LOOKS;
  const shown = started.map((r, i) => {
    const state: RefreshState | undefined = states[i];
    const late = gaveUp && state && !state.ended;
    return {
      group: r.group,
      adopted: r.adopted,
      state: late
        ? { ...state, reason: 'still running after two hours: follow it in the Auto Scaling console' }
        : state,
    };
  });
  await deps.replies.update(reply.channel, reply.ts, moveResult({ ...reply.outcome, refreshes: shown }));
  if (!ended && !gaveUp) {
    await deps.queue.send(refreshLook(change, job.tick + 1), { delaySeconds: LOOK_EVERY_SECONDS });
    return `refreshing (${states.map((s) => `${s?.status ?? 'gone'} ${s?.percentage ?? 0} %`).join(', ')})`;
  }
  const succeeded = states.every((state) => state?.succeeded);
  const words = shown
    .map(
      (r) =>
        `${r.group} ${r.state?.id ?? '?'} ${r.state?.status ?? 'not found'}${r.state?.reason ? ` (${r.state.reason})` : ''}`,
    )
    .join('; ');
  await once({ job, grant: undefined, deps }, 'audited', () =>
    audit(
      {
        at: deps.now(),
        user: change.requestedBy,
        command: `Move to ${change.instanceType ?? '?'} (${change.app} ${change.env}): instance refresh`,
        decision: succeeded ? 'succeeded' : 'failed',
        detail: `autoscaling:DescribeInstanceRefreshes: ${words}${reply.outcome.approvedBy ? ` (approved by ${reply.outcome.approvedBy})` : ''}`,
        env: change.env,
        app: change.app,
        roleSession: target.roleSession,
      },
      deps,
      { announce: true },
    ),
  );
  await deps.store.creditChanges.update(change.env, change.app, change.id, {
    status: succeeded ? 'done' : gaveUp ? 'partial' : 'failed',
  });
  return succeeded ? 'refreshed' : gaveUp ? 'gave up' : 'refresh failed';
}

/**
 * Who hears that a refresh's look failed for good (handlers/jobs/handle-jobs.ts): the move's thread reply says that
 * blueshift stopped following it and where to follow it instead; the audit channel hears it as for any job.
 */
export async function refreshLookAudience(job: RefreshLookJob, deps: WorkerDeps): Promise<FailureAudience> {
  const change = await deps.store.creditChanges.get(job.env, job.app).catch((error: unknown) => {
    logger.error('the move of a failed look could not be read', { error });
    return undefined;
  });
  const typed = `Move to ${change?.instanceType ?? 'a bigger type'} (${job.app} ${job.env}): instance refresh`;
  if (change?.id !== job.change || !change.steps.reply)
    return { typed, user: change?.requestedBy ?? 'unknown', env: job.env, app: job.app };
  const reply = JSON.parse(change.steps.reply) as MoveReply;
  return {
    typed,
    user: change.requestedBy,
    env: job.env,
    app: job.app,
    tell: async (reason, next) => {
      const refreshes = startedRefreshes(change.steps).map((r) => ({
        group: r.group,
        adopted: r.adopted,
        state: { id: r.id, status: 'not followed', ended: false, succeeded: false },
      }));
      await deps.replies.update(
        reply.channel,
        reply.ts,
        moveResult({ ...reply.outcome, refreshes, unfollowed: { reason, next } }),
      );
    },
  };
}
