import { createHash } from 'node:crypto';
import type { AlarmEpisode } from '../../commands/alarms/episodes';
import { SUMMARY_EDIT_GAP_MS, type StormAlarm, type StormSummary } from '../../commands/alarms/storm';
import { logger } from '../../lib/log';
import { stormSummaryMessage, type StormSummaryView } from '../../lib/slack/blocks/alarm-storm';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';
import { inBatches } from './details';

type Deps = Pick<WorkerDeps, 'store' | 'replies' | 'now'>;

/** Episode records read at once when a summary is edited. */
const READS_AT_ONCE = 8;

/** The summary as its alarms' records stand (an alarm with no record any more is shown as it was listed). */
export function summaryView(
  env: string,
  alarms: StormAlarm[],
  episodes: (AlarmEpisode | undefined)[],
): StormSummaryView {
  return {
    env,
    alarms: alarms.map((alarm, index) => {
      const episode = episodes[index];
      return {
        name: alarm.name,
        firing: episode ? episode.status === 'open' : true,
        since: episode?.status === 'open' ? episode.firstAt : alarm.at,
        resolvedAt: episode?.resolvedAt,
      };
    }),
  };
}

/** What a summary shows, to tell an edit that changes something from one that does not. */
export const fingerprintOf = (message: SlackMessage): string =>
  createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 32);

/**
 * Brings a storm's summary up to date with its alarms' episodes, coalesced: one delivery edits at a time (a lease on
 * the record), at most once per `gapMs`, and only when the message would change. A change that finds the edit taken
 * or too soon is left to the next change or the sweeper (handlers/sweep/refresh-storms.ts), which keeps every
 * summary with alarms still firing up to date: so the last change always shows, within a minute at worst.
 */
export async function refreshSummary(
  summary: Pick<StormSummary, 'env' | 'id'>,
  deps: Deps,
  gapMs = SUMMARY_EDIT_GAP_MS,
): Promise<'shown' | 'unchanged' | 'later'> {
  const { env, id } = summary;
  const taken = deps.now();
  const current = await deps.store.alarmStorms.takeEdit(env, id, taken, gapMs);
  if (!current?.ts) return 'later';
  try {
    const episodes = await inBatches(current.alarms, READS_AT_ONCE, (alarm) => deps.store.alarmEpisodes.get(alarm.key));
    const view = summaryView(env, current.alarms, episodes);
    const message = stormSummaryMessage(view);
    const fingerprint = fingerprintOf(message);
    const changed = fingerprint !== current.shown;
    if (changed) await deps.replies.update(current.channel, current.ts, message);
    const active = view.alarms.some((alarm) => alarm.firing);
    const at = changed ? deps.now() : (current.lastEditAt ?? taken);
    await deps.store.alarmStorms.edited(env, id, taken, { fingerprint, active, at });
    return changed ? 'shown' : 'unchanged';
  } catch (error) {
    await deps.store.alarmStorms
      .releaseEdit(env, id, taken)
      .catch((released: unknown) => logger.warn('could not let a storm summary edit go', { released }));
    throw error;
  }
}

/**
 * A change of an episode a storm lists: its summary is edited (coalesced). Never fails the change: the alarm's own
 * message already shows it, and the sweeper brings the summary up to date.
 */
export async function showInSummary(episode: AlarmEpisode, deps: Deps): Promise<void> {
  if (!episode.storm) return;
  await refreshSummary({ env: episode.route.env, id: episode.storm }, deps).catch((error: unknown) =>
    logger.warn('could not edit the storm summary; the sweeper will', { error, storm: episode.storm }),
  );
}
