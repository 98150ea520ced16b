import { diagnoseAlarm } from '../../commands/alarms/diagnose';
import { threadOf, type AlarmEpisode, type DiagnosisSummary, type EpisodeRoute } from '../../commands/alarms/episodes';
import type { AlarmNotification } from '../../commands/alarms/notification';
import { watchedMetric } from '../../commands/alarms/plain-reason';
import { logger } from '../../lib/log';
import { SYSTEM_ACTOR, type AccountDeps, type WorkerDeps } from '../jobs/deps';
import type { AlarmEventDeps } from './deps';
import { showEpisode } from './episode-message';

/**
 * What the alarm's own account adds to its message: the throttling diagnosis and the graph. Both are extras:
 * an AWS failure becomes a note on the message ("diagnosis unavailable: …"), never a missing alarm.
 */

/** The alarm's account as the bot itself: nobody in Slack asked for an alarm (docs/decisions/0006). */
type FindingDeps = AccountDeps<'insights'> & Pick<WorkerDeps, 'now' | 'describeError'>;

const accountFor = async (route: EpisodeRoute, deps: FindingDeps) =>
  (await deps.account(route.env, SYSTEM_ACTOR)).target;

export async function diagnose(
  notification: AlarmNotification,
  route: EpisodeRoute,
  deps: FindingDeps,
): Promise<{ diagnosis: DiagnosisSummary | undefined; diagnosisProblem: string | undefined }> {
  try {
    const account = await accountFor(route, deps);
    return { diagnosis: await diagnoseAlarm(notification, account.insights, deps.now()), diagnosisProblem: undefined };
  } catch (error) {
    logger.warn('throttling diagnosis unavailable; posting the alarm without it', { error });
    return { diagnosis: undefined, diagnosisProblem: `diagnosis unavailable: ${deps.describeError(error)}` };
  }
}

/** The PNG of the last 3 hours; no bytes (and no problem) for an alarm with nothing to plot, such as a composite. */
export async function graphOf(
  notification: AlarmNotification,
  route: EpisodeRoute,
  deps: FindingDeps,
): Promise<{ bytes?: Uint8Array; graphProblem?: string }> {
  try {
    const account = await accountFor(route, deps);
    return { bytes: await account.insights.graph(notification) };
  } catch (error) {
    logger.warn('alarm graph unavailable; posting the alarm without it', { error });
    return { graphProblem: `graph unavailable: ${deps.describeError(error)}` };
  }
}

function fileName(alarmName: string): string {
  const safe = alarmName
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${safe || 'alarm'}.png`;
}

/** Shares the graph in the message's thread; when Slack will not take it, the message says so instead. */
export async function uploadGraph(episode: AlarmEpisode, bytes: Uint8Array, deps: AlarmEventDeps): Promise<void> {
  const { message, notification } = episode;
  if (!message) return;
  try {
    await deps.uploadImage({
      channel: message.channel,
      threadTs: threadOf(message),
      filename: fileName(notification.alarmName),
      title: `${notification.alarmName}: the last 3 hours`,
      bytes,
      altText: `Graph of ${watchedMetric(notification)} over the last 3 hours with the threshold line`,
    });
  } catch (error) {
    logger.warn('could not upload the alarm graph', { error });
    const noted = await deps.store.alarmEpisodes.noteGraphProblem(
      episode.key,
      episode.firstAt,
      `graph unavailable: ${deps.describeError(error)}`,
    );
    if (noted) await showEpisode(noted, deps);
  }
}
