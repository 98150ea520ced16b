import type { AlarmEpisode } from '../../commands/alarms/episodes';
import type { AuditEntry } from '../../commands/ports';
import type { WorkerDeps } from '../jobs/deps';
import type { ActionJob } from '../../commands/job';

/** What the alarm buttons share: finding the episode a click is about, auditing and refusing. */

/** An episode whose message is posted: the only kind a button can be clicked on. */
export type PostedEpisode = AlarmEpisode & { message: { channel: string; ts: string } };

export type Clicked = { episode: PostedEpisode } | { refusal: string };

/**
 * Why a click did not come from the episode's message, or undefined when it did. Alarm messages are channel
 * messages: a click with no message (an ephemeral copy) or from another channel names the alarm by forgery.
 */
export function notOnItsMessage(job: ActionJob, message: { channel: string; ts: string }): string | undefined {
  if (job.channel !== message.channel || job.messageTs === undefined)
    return "this button is not on the alarm's message, so it does not act on it.";
  if (job.messageTs !== message.ts)
    return 'this message is about an earlier episode of the alarm; use its newest message.';
  return undefined;
}

/**
 * The open episode a click acts on: the button carries the alarm's key, and the click must come from the
 * episode's own message (an older message of the same alarm belongs to an episode that is over).
 */
export async function clickedEpisode(job: ActionJob, deps: WorkerDeps): Promise<Clicked> {
  const episode = await deps.store.alarmEpisodes.get(job.value);
  if (!episode?.message) return { refusal: 'blueshift has no record of this alarm message any more.' };
  const refusal = notOnItsMessage(job, episode.message);
  if (refusal) return { refusal };
  if (episode.status !== 'open') return { refusal: 'the alarm is back to OK, so there is nothing left to act on.' };
  return { episode: { ...episode, message: episode.message } };
}

/** The audit entry's common part for a click on an episode's message. */
export function clickEntry(
  job: ActionJob,
  episode: AlarmEpisode,
  command: string,
  deps: WorkerDeps,
): Omit<AuditEntry, 'decision' | 'detail'> {
  return { at: deps.now(), user: job.actor.id, command, env: episode.route.env, app: episode.route.app };
}
