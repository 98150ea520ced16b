import { threadOf, type AlarmEpisode } from '../../commands/alarms/episodes';
import { alarmMessage } from '../../lib/slack/blocks/alarm';
import { alarmButtons } from '../../lib/slack/blocks/alarm-buttons';
import { rollbackLabel } from '../../lib/slack/blocks/alarm-deploy';
import { alarmResolvedReply } from '../../lib/slack/blocks/alarm-replies';
import { creditActions } from '../../lib/slack/blocks/credit-actions';
import { runbookButtons } from '../../lib/slack/blocks/runbooks';
import { alarmContext, runbooksFor } from '../../commands/runbooks/match';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';

/**
 * The alarm message as the episode stands: rendered from the record (and the runbooks the configuration offers for
 * it), so any edit shows all of it.
 */
export function episodeMessage(episode: AlarmEpisode, runbooks: { name: string; label: string }[] = []): SlackMessage {
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
    moreActions: [
      creditActionsFor(episode),
      episode.status === 'open' ? runbookButtons(key, runbooks) : undefined,
    ].filter((row) => row !== undefined),
  });
}

/** The configured runbooks this episode's alarm offers (commands/runbooks/match.ts). */
export async function offeredRunbooks(
  episode: AlarmEpisode,
  deps: Pick<WorkerDeps, 'config'>,
): Promise<{ name: string; label: string }[]> {
  const app = episode.route.app;
  if (!app || episode.status !== 'open') return [];
  const config = await deps.config();
  return runbooksFor(config.apps[app], episode.route.env, alarmContext(episode.notification));
}

/** Buttons that act on burstable instances, under an open episode of an app's alarm diagnosed as about them. */
function creditActionsFor(episode: AlarmEpisode) {
  const { diagnosis, route, status } = episode;
  const aboutCredits = diagnosis !== undefined && diagnosis.verdict !== 'not-burstable';
  return status === 'open' && aboutCredits && route.app ? creditActions({ app: route.app, env: route.env }) : undefined;
}

/** Enough rounds for the edits of a few concurrent deliveries and clicks to settle. */
const EDIT_ROUNDS = 3;

/**
 * Edits the episode's message in place (nothing to edit before it is posted). Concurrent deliveries and clicks
 * edit it too, and their edits can reach Slack in any order: so after each edit the record is read again and,
 * if it moved on meanwhile, that is shown instead. Whoever lands last thereby shows the latest.
 */
export async function showEpisode(
  episode: AlarmEpisode,
  deps: Pick<WorkerDeps, 'replies' | 'store' | 'config'>,
): Promise<void> {
  let shown = episode;
  const runbooks = await offeredRunbooks(episode, deps);
  for (let round = 0; round < EDIT_ROUNDS && shown.message; round += 1) {
    const { channel, ts } = shown.message;
    const message = episodeMessage(shown, runbooks);
    await deps.replies.update(channel, ts, message);
    const now = await deps.store.alarmEpisodes.get(shown.key);
    // Another episode's record now (or none): this message's episode is over, and was shown as it ended.
    if (!now || now.message?.ts !== ts || JSON.stringify(episodeMessage(now, runbooks)) === JSON.stringify(message))
      return;
    shown = now;
  }
}

/**
 * The Slack side of a change already in the record: the message shows it, a resolved episode's thread hears
 * so, and the record stops saying the edit is unfinished (a redelivery of the change would redo it otherwise).
 */
export async function showChange(
  episode: AlarmEpisode,
  deps: Pick<WorkerDeps, 'replies' | 'store' | 'config'>,
): Promise<void> {
  await showEpisode(episode, deps);
  const { message, editingSince } = episode;
  // Only a resolve leaves a closed episode with an edit to show, and its thread reply is part of it. A message in a
  // storm summary's thread shares it with the storm's other alarms: its edit and the summary say it, unnamed replies
  // would only crowd that thread.
  if (message && !message.thread && episode.status === 'closed') {
    await deps.replies.post(
      message.channel,
      alarmResolvedReply(episode.notification, episode.firstAt),
      threadOf(message),
    );
  }
  if (editingSince) await deps.store.alarmEpisodes.editing(episode.key, editingSince, undefined);
}
