import type { AlarmEpisode } from '../../commands/alarms/episodes';
import { alarmMessage } from '../../lib/slack/blocks/alarm';
import { alarmButtons } from '../../lib/slack/blocks/alarm-buttons';
import { rollbackLabel } from '../../lib/slack/blocks/alarm-deploy';
import { alarmResolvedReply } from '../../lib/slack/blocks/alarm-replies';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';

/** The alarm message as the episode stands: rendered from the record alone, so any edit shows all of it. */
export function episodeMessage(episode: AlarmEpisode): SlackMessage {
  const { key, status, acknowledgedBy, deployContext } = episode;
  return alarmMessage({
    notification: episode.notification,
    route: episode.route,
    diagnosis: episode.diagnosis,
    ...(deployContext ? { deployContext } : {}),
    episode: {
      count: episode.count,
      firstAt: episode.firstAt,
      lastAt: episode.lastAt,
      resolvedAt: episode.resolvedAt,
      acknowledgedBy,
      snoozedUntil: episode.snoozedUntil,
    },
    notes: [episode.diagnosisProblem, episode.graphProblem].filter((note) => note !== undefined),
    actions: alarmButtons({
      key,
      open: status === 'open',
      acknowledgedBy,
      ...(deployContext?.offerRollback ? { rollback: rollbackLabel(deployContext) } : {}),
    }),
    detailsPending: episode.detailsPending,
  });
}

/** Enough rounds for the edits of a few concurrent deliveries and clicks to settle. */
const EDIT_ROUNDS = 3;

/**
 * Edits the episode's message in place (nothing to edit before it is posted). Concurrent deliveries and clicks
 * edit it too, and their edits can reach Slack in any order: so after each edit the record is read again and,
 * if it moved on meanwhile, that is shown instead. Whoever lands last thereby shows the latest.
 */
export async function showEpisode(episode: AlarmEpisode, deps: Pick<WorkerDeps, 'replies' | 'store'>): Promise<void> {
  let shown = episode;
  for (let round = 0; round < EDIT_ROUNDS && shown.message; round += 1) {
    const { channel, ts } = shown.message;
    const message = episodeMessage(shown);
    await deps.replies.update(channel, ts, message);
    const now = await deps.store.alarmEpisodes.get(shown.key);
    // Another episode's record now (or none): this message's episode is over, and was shown as it ended.
    if (!now || now.message?.ts !== ts || JSON.stringify(episodeMessage(now)) === JSON.stringify(message)) return;
    shown = now;
  }
}

/**
 * The Slack side of a change already in the record: the message shows it, a resolved episode's thread hears
 * so, and the record stops saying the edit is unfinished (a redelivery of the change would redo it otherwise).
 */
export async function showChange(episode: AlarmEpisode, deps: Pick<WorkerDeps, 'replies' | 'store'>): Promise<void> {
  await showEpisode(episode, deps);
  const { message, editingSince } = episode;
  // Only a resolve leaves a closed episode with an edit to show, and its thread reply is part of it.
  if (message && episode.status === 'closed') {
    await deps.replies.post(message.channel, alarmResolvedReply(episode.notification, episode.firstAt), message.ts);
  }
  if (editingSince) await deps.store.alarmEpisodes.editing(episode.key, editingSince, undefined);
}
