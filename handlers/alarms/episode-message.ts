import type { AlarmEpisode } from '../../commands/alarms/episodes';
import { alarmMessage } from '../../lib/slack/blocks/alarm';
import { alarmButtons } from '../../lib/slack/blocks/alarm-buttons';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';

/** The alarm message as the episode stands: rendered from the record alone, so any edit shows all of it. */
export function episodeMessage(episode: AlarmEpisode): SlackMessage {
  const { key, status, acknowledgedBy } = episode;
  return alarmMessage({
    notification: episode.notification,
    route: episode.route,
    diagnosis: episode.diagnosis,
    episode: {
      count: episode.count, firstAt: episode.firstAt, lastAt: episode.lastAt, resolvedAt: episode.resolvedAt,
      acknowledgedBy, snoozedUntil: episode.snoozedUntil,
    },
    notes: [episode.diagnosisProblem, episode.graphProblem].filter((note) => note !== undefined),
    actions: alarmButtons({ key, open: status === 'open', acknowledgedBy }),
  });
}

/** Edits the episode's message in place (nothing to edit before it is posted). */
export async function showEpisode(episode: AlarmEpisode, deps: Pick<WorkerDeps, 'replies'>): Promise<void> {
  if (episode.message) await deps.replies.update(episode.message.channel, episode.message.ts, episodeMessage(episode));
}
