import { announcedFrom, freezeAt, freezeEnd, freezeReason, type FreezeRun } from '../../commands/deploy/freeze';
import type { EnvironmentConfig } from '../../lib/config/schema';
import type { Announcement } from '../../lib/state/announcements';
import { freezeEndedMessage, freezeStartedMessage } from '../../lib/slack/blocks/freeze';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';

/**
 * A freeze's start and end, said once each in the environment's channel (docs/decisions/0023): the note of a freeze
 * is keyed by when it began (its first dated freeze or deny window), so overlapping or redelivered sweeps say it
 * once; a message Slack did not take gives its note back and the next sweep says it. The end is said only of a
 * freeze whose start was, when deploys are allowed again.
 */
export async function announceFreezes(deps: WorkerDeps): Promise<number> {
  const config = await deps.config();
  const now = deps.now();
  // Each environment on its own: Slack refusing one channel does not keep the others unsaid.
  const settled = await Promise.allSettled(
    Object.entries(config.environments).map(([envName, env]) => announceIn(deps, env, envName, now)),
  );
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.reduce((sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0), 0);
}

async function announceIn(deps: WorkerDeps, env: EnvironmentConfig, envName: string, now: Date): Promise<number> {
  let said = 0;
  const state = freezeAt(env.calendar, now);
  const active = state.active;
  const started = active && announcedFrom(active);
  if (active && started && started <= now) {
    const until = freezeEnd(active, state.timeZone, now);
    const message = freezeStartedMessage(envName, freezeReason(state.current), until);
    if (await sayOnce(deps, env, envName, 'freeze-start', started, message)) said += 1;
  }
  const ended = state.previous && announcedFrom(state.previous);
  if (state.previous && ended && (await deps.store.announcements.made(envName, 'freeze-start', ended.toISOString()))) {
    const message = freezeEndedMessage(envName, reasons(state.previous));
    if (await sayOnce(deps, env, envName, 'freeze-end', ended, message)) said += 1;
  }
  return said;
}

/** The announced causes of an ended run (not the nights outside the window that joined it). */
function reasons(run: FreezeRun): string {
  return freezeReason(run.causes.filter((cause) => cause.kind !== 'outside'));
}

async function sayOnce(
  deps: WorkerDeps,
  env: EnvironmentConfig,
  envName: string,
  what: Announcement,
  from: Date,
  message: SlackMessage,
): Promise<boolean> {
  const id = from.toISOString();
  // A claim whose answer was lost may have been written: given back, so the freeze is not left unsaid.
  const claimed = await deps.store.announcements.claim(envName, what, id, deps.now()).catch(async (error: unknown) => {
    await deps.store.announcements.release(envName, what, id).catch(() => undefined);
    throw error;
  });
  if (!claimed) return false;
  await deps.replies.post(env.channel, message).catch(async (error: unknown) => {
    await deps.store.announcements.release(envName, what, id);
    throw error;
  });
  return true;
}
