import type { AlarmEpisode, NewEpisode } from '../../commands/alarms/episodes';
import {
  placementOf,
  summaryIdOf,
  SUMMARY_LEASE_MS,
  type StormAlarm,
  type StormWindow,
} from '../../commands/alarms/storm';
import { logger } from '../../lib/log';
import { stormSummaryMessage } from '../../lib/slack/blocks/alarm-storm';
import type { AlarmEventDeps } from './deps';
import { inBatches } from './details';
import { fingerprintOf, refreshSummary, summaryView } from './storm-summary';

/**
 * Storm grouping (docs/decisions/0030-storm-summaries.md): an opening episode joins its environment's window of
 * recent openings beside its claim (no round trip of its own before the post), and the window says where its
 * message goes. Grouping never costs an alarm its page: any failure here posts the message on its own.
 */

/** Where an opening's message is posted, and what follows once it is. */
export interface Place {
  /** The summary's thread, for an alarm of a storm. */
  thread?: string;
  /** The storm summary that lists it. */
  storm?: string;
  /** Runs once the message is posted (in parallel with nothing the page waits for). */
  after(posted: AlarmEpisode): Promise<void>;
}

const ALONE: Place = { after: () => Promise.resolve() };

/** An alarm of a storm waits for its summary to be posted by another delivery: this often, at most this many times. */
const LOOK_EVERY_MS = 250;
const MOST_LOOKS = 40;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const stormAlarmOf = (episode: Pick<NewEpisode, 'key' | 'notification' | 'firstAt'>): StormAlarm => ({
  key: episode.key,
  name: episode.notification.alarmName,
  at: episode.firstAt,
});

/** The opening joins the env's live window (undefined: none is live); a failure is logged and means "alone". */
export function joinStorm(episode: NewEpisode, deps: AlarmEventDeps): Promise<StormWindow | undefined> {
  return deps.store.alarmStorms.join(episode.route.env, stormAlarmOf(episode), deps.now()).catch((error: unknown) => {
    logger.warn('could not count the alarm in its environment’s storm window; it is posted on its own', { error });
    return undefined;
  });
}

/**
 * An opening whose claim failed is no new episode (a repeat, a late or duplicate delivery): if its join added it to
 * the window, it is taken out again, unless the record shows the episode it would have opened (a redelivery).
 */
export async function leaveUnlessOpened(
  episode: NewEpisode,
  joined: StormWindow | undefined,
  deps: AlarmEventDeps,
): Promise<void> {
  const entry = joined?.alarms.find((alarm) => alarm.key === episode.key);
  if (entry?.at.getTime() !== episode.firstAt.getTime()) return;
  const record = await deps.store.alarmEpisodes.get(episode.key);
  if (record?.firstAt.getTime() === episode.firstAt.getTime()) return;
  await deps.store.alarmStorms.leave(episode.route.env, episode.key, episode.firstAt);
}

/** Posts the summary of a window this delivery claimed, listing its alarms as firing; the earlier ones learn of it. */
async function postSummary(window: StormWindow, episode: NewEpisode, deps: AlarmEventDeps) {
  const { env } = window;
  const id = summaryIdOf(window);
  const message = stormSummaryMessage(summaryView(env, window.alarms, []));
  const { channel } = episode.route;
  const { ts } = await deps.replies.post(channel, message);
  await deps.store.alarmStorms.saveSummary({
    env,
    id,
    channel,
    ts,
    alarms: window.alarms,
    active: true,
    shown: fingerprintOf(message),
    lastEditAt: deps.now(),
  });
  // The alarms posted on their own before the storm was one: their changes edit the summary from now on.
  const earlier = window.alarms.filter((alarm) => alarm.key !== episode.key);
  await inBatches(earlier, 4, (alarm) => deps.store.alarmEpisodes.noteStorm(alarm.key, alarm.at, id));
  return { id, channel, ts };
}

/**
 * The summary of the storm this opening is part of: already posted, posted now by this delivery (it claimed it), or
 * being posted by another (waited for); undefined when it does not come in time.
 */
async function summaryOf(window: StormWindow, episode: NewEpisode, deps: AlarmEventDeps) {
  let current: StormWindow | undefined = window;
  for (let look = 0; current?.startedAt.getTime() === window.startedAt.getTime(); look += 1) {
    if (current.summary) return { id: summaryIdOf(current), ...current.summary };
    const now = deps.now();
    const claimable =
      !current.summaryClaimedAt || now.getTime() - current.summaryClaimedAt.getTime() >= SUMMARY_LEASE_MS;
    const claimed = claimable
      ? await deps.store.alarmStorms.claimSummary(current.env, current.startedAt, now)
      : undefined;
    if (claimed) return postSummary(claimed, episode, deps);
    if (look >= MOST_LOOKS) return undefined;
    await pause(LOOK_EVERY_MS);
    current = await deps.store.alarmStorms.window(window.env);
  }
  return undefined;
}

/** An alarm posted on its own that a storm came to include after all: listed in the summary, its changes edit it. */
async function listLate(posted: AlarmEpisode, window: StormWindow, deps: AlarmEventDeps): Promise<void> {
  const summary = await summaryOf(window, posted, deps);
  if (!summary) return;
  await deps.store.alarmStorms.addToSummary(window.env, summary.id, stormAlarmOf(posted));
  await deps.store.alarmEpisodes.noteStorm(posted.key, posted.firstAt, summary.id);
  await refreshSummary({ env: window.env, id: summary.id }, deps);
}

/**
 * Where the opening's message goes. Alone: the window was quiet (one is started beside the post) or has fewer than
 * STORM_THRESHOLD alarms. In a storm: the summary's thread, the summary posted first if this alarm makes the storm.
 */
export async function placeOpening(
  episode: NewEpisode,
  joined: StormWindow | undefined,
  deps: AlarmEventDeps,
): Promise<Place> {
  const { env } = episode.route;
  if (!joined) {
    // Quiet until now: the page goes at once, and the window starts beside it (or is joined, if another began it).
    const alarm = stormAlarmOf(episode);
    const started = deps.store.alarmStorms
      .start(env, alarm, deps.now())
      .then(async (window) => window ?? (await deps.store.alarmStorms.join(env, alarm, deps.now())))
      // Settled here: should the post fail, nobody awaits it, and a rejection left unhandled would end the process.
      .catch((error: unknown) => {
        logger.warn('could not start the environment’s storm window', { error });
        return undefined;
      });
    return {
      after: async (posted) => {
        const window = await started;
        if (placementOf(window) === 'summary' && window) await listLate(posted, window, deps);
      },
    };
  }
  if (placementOf(joined) === 'alone') return ALONE;
  const summary = await summaryOf(joined, episode, deps);
  if (!summary) {
    logger.warn('the storm summary was not posted in time; the alarm is posted on its own', { env });
    return ALONE;
  }
  return {
    thread: summary.ts,
    storm: summary.id,
    after: async (posted) => {
      await deps.store.alarmStorms.addToSummary(env, summary.id, stormAlarmOf(posted));
      await refreshSummary({ env, id: summary.id }, deps);
    },
  };
}

/** Like placeOpening, but any failure of the storm's records or of the summary's post leaves the alarm alone. */
export function placeSafely(
  episode: NewEpisode,
  joined: StormWindow | undefined,
  deps: AlarmEventDeps,
): Promise<Place> {
  return placeOpening(episode, joined, deps).catch((error: unknown) => {
    logger.warn('could not group the alarm into its storm; it is posted on its own', { error });
    return ALONE;
  });
}

/** What follows the post must not fail the page either: the summary catches up on the next change or sweep. */
export function settleSafely(place: Place, posted: AlarmEpisode): Promise<void> {
  return place.after(posted).catch((error: unknown) => {
    logger.warn('could not list the alarm in its storm summary; the sweeper will', { error });
  });
}

/**
 * Where a message whose poster died goes (the delivery that takes it over after the lease): the thread of its
 * storm's summary if the window lists it and the summary is out, else on its own.
 */
export async function placeAgain(episode: NewEpisode, deps: AlarmEventDeps): Promise<Place> {
  const window = await deps.store.alarmStorms.window(episode.route.env).catch(() => undefined); // alone, then
  const listed = window?.alarms.some((alarm) => alarm.key === episode.key);
  return window && listed ? placeSafely(episode, window, deps) : ALONE;
}
