import {
  episodeKey,
  stepFor,
  type AlarmEpisode,
  type EpisodeRoute,
  type EpisodeStep,
} from '../../commands/alarms/episodes';
import type { AlarmNotification } from '../../commands/alarms/notification';
import { logger } from '../../lib/log';
import type { AlarmEventDeps } from './deps';
import { addDetails, isOpening } from './details';
import { episodeMessage, offeredRunbooks, showChange, showEpisode } from './episode-message';
import { diagnose, graphOf, uploadGraph } from './findings';
import { joinStorm, leaveUnlessOpened, placeAgain, placeSafely, settleSafely, type Place } from './storm';
import { showInSummary } from './storm-summary';

/** Longer than alarmEvents' 30-second timeout: a delivery still "posting" (or editing) after this has died. */
const POSTING_LEASE_MS = 60_000;

/** Another delivery is posting or editing this alarm's message right now; failing makes Lambda retry this one later. */
export class EpisodeBusyError extends Error {
  override readonly name = 'EpisodeBusyError';
}

interface Change {
  notification: AlarmNotification;
  route: EpisodeRoute;
  current: AlarmEpisode | undefined;
  deps: AlarmEventDeps;
}

/** What a step did, or undefined when another delivery changed the record first (read again and redo). */
type Step = (change: Change) => Promise<string | undefined>;

/** Posts the episode's message where its place says (on its own, or in its storm summary's thread). */
async function post(episode: AlarmEpisode, place: Place, deps: AlarmEventDeps): Promise<AlarmEpisode> {
  const { channel } = episode.route;
  const message = episodeMessage(episode, await offeredRunbooks(episode, deps));
  const { ts } = await deps.replies.post(channel, message, place.thread);
  const where = { channel, ts, ...(place.thread ? { thread: place.thread } : {}) };
  const attached = await deps.store.alarmEpisodes.attachMessage(episode.key, episode.firstAt, where, place.storm);
  if (!attached) logger.warn('the alarm message was posted by another delivery too', { ts });
  const posted = attached ?? { ...episode, message: where, ...(place.storm ? { storm: place.storm } : {}) };
  await settleSafely(place, posted);
  return posted;
}

/**
 * An ALARM with no open episode: claim it, post the message with what the event says, and only then look up its
 * details (diagnosis, graph) in the alarm's account: the page waits for nothing but the claim and the post. The
 * details are the change's unfinished Slack side (`editingSince`, `detailsPending`) until shown. Beside the claim,
 * the opening joins its environment's storm window, which says whether the message goes on its own or into a
 * storm summary's thread (handlers/alarms/storm.ts).
 */
const open: Step = async ({ notification: n, route, deps }) => {
  const now = deps.now();
  const episode: AlarmEpisode = {
    key: episodeKey(n),
    status: 'open',
    route,
    notification: n,
    lastChangeAt: n.changedAt,
    count: 1,
    firstAt: n.changedAt,
    lastAt: n.changedAt,
    claimedAt: now,
    editingSince: now,
    detailsPending: true,
  };
  const [claimed, joined] = await Promise.all([deps.store.alarmEpisodes.replace(episode), joinStorm(episode, deps)]);
  if (!claimed) {
    await leaveUnlessOpened(episode, joined, deps);
    return undefined;
  }
  await addDetails(await post(episode, await placeSafely(episode, joined, deps), deps), deps);
  return 'opened';
};

type EpisodeChanges = Parameters<AlarmEventDeps['store']['alarmEpisodes']['advance']>[2];

/**
 * Applies a change to the open episode if nobody applied a newer one (the write is conditional on the change
 * last seen), then shows it; undefined when the change lost the race.
 */
async function change(
  current: AlarmEpisode,
  changes: EpisodeChanges,
  deps: AlarmEventDeps,
  outcome: string,
): Promise<string | undefined> {
  const episode = await deps.store.alarmEpisodes.advance(current.key, current.lastChangeAt, {
    ...changes,
    editingSince: deps.now(),
  });
  if (!episode) return undefined;
  await showChange(episode, deps);
  await showInSummary(episode, deps);
  return outcome;
}

/** ALARM again while open: count it and refresh the diagnosis in the same message. */
const repeat: Step = async ({ notification: n, current, deps }) => {
  if (!current) return undefined;
  const found = await diagnose(n, current.route, deps);
  return change(
    current,
    // Its own diagnosis stands in for details its episode's first delivery may never have finished.
    {
      count: current.count + 1,
      lastAt: n.changedAt,
      lastChangeAt: n.changedAt,
      notification: n,
      ...found,
      detailsPending: undefined,
    },
    deps,
    'repeated',
  );
};

/** OK: the message says resolved and for how long, and the thread hears it. */
const resolve: Step = ({ notification: n, current, deps }) =>
  current
    ? change(
        current,
        { status: 'closed', resolvedAt: n.changedAt, lastChangeAt: n.changedAt, notification: n },
        deps,
        'resolved',
      )
    : Promise.resolve(undefined);

/** INSUFFICIENT_DATA while open (say the instance is gone): shown, and the episode stays open. */
const note: Step = ({ notification: n, current, deps }) =>
  current
    ? change(current, { lastChangeAt: n.changedAt, notification: n }, deps, 'updated')
    : Promise.resolve(undefined);

/** OK or INSUFFICIENT_DATA with no open episode: nothing to show, but a late ALARM from before it is now late. */
const remember: Step = async ({ notification: n, route, current, deps }) => {
  if (current) {
    // Only the time: the kept notification is what a resolved message is rendered from, should it be edited again.
    const advanced = await deps.store.alarmEpisodes.advance(current.key, current.lastChangeAt, {
      lastChangeAt: n.changedAt,
    });
    return advanced ? 'remembered' : undefined;
  }
  const quiet: AlarmEpisode = {
    key: episodeKey(n),
    status: 'closed',
    route,
    notification: n,
    lastChangeAt: n.changedAt,
    count: 0,
    firstAt: n.changedAt,
    lastAt: n.changedAt,
    claimedAt: deps.now(),
  };
  return (await deps.store.alarmEpisodes.replace(quiet)) ? 'remembered' : undefined;
};

const STEPS: Record<EpisodeStep, Step> = {
  open,
  repeat,
  resolve,
  note,
  remember,
  stale: () => Promise.resolve('duplicate'),
};

/** An open episode without its message: its poster is at work (wait) or died (post it now, from the record). */
async function finishPosting(episode: AlarmEpisode, deps: AlarmEventDeps): Promise<void> {
  const now = deps.now();
  if (now.getTime() - episode.claimedAt.getTime() < POSTING_LEASE_MS) {
    throw new EpisodeBusyError(
      `the message for alarm ${episode.notification.alarmName} is being posted by another delivery`,
    );
  }
  if (!(await deps.store.alarmEpisodes.reclaim(episode.key, episode.claimedAt, now))) return;
  const posted = await post(episode, await placeAgain(episode, deps), deps);
  await (posted.detailsPending ? addDetails(posted, deps) : graphAgain(posted, deps));
}

/**
 * The graph of a message posted from a record written before details came after the post (it has its diagnosis
 * already): the delivery that drew the graph died or failed before posting, so it is drawn again (or the message
 * says why not).
 */
async function graphAgain(posted: AlarmEpisode, deps: AlarmEventDeps): Promise<void> {
  if (posted.graphProblem) return; // the message already says why there is none
  const graph = await graphOf(posted.notification, posted.route, deps);
  if (graph.bytes) return uploadGraph(posted, graph.bytes, deps);
  if (!graph.graphProblem) return;
  const noted = await deps.store.alarmEpisodes.noteGraphProblem(posted.key, posted.firstAt, graph.graphProblem);
  if (noted) await showEpisode(noted, deps);
}

/**
 * A change is in the record but Slack was not told all of it (Slack failed, or the delivery died): a redelivery
 * of it (Lambda's retry) finishes it once the lease is over. Within the lease the first delivery may still be at
 * it, so this one fails and is retried later, as with posting.
 */
async function finishEditing(episode: AlarmEpisode, since: Date, deps: AlarmEventDeps): Promise<string> {
  const now = deps.now();
  const busy = new EpisodeBusyError(
    `the message for alarm ${episode.notification.alarmName} is being edited by another delivery`,
  );
  if (now.getTime() - since.getTime() < POSTING_LEASE_MS) throw busy;
  if (!(await deps.store.alarmEpisodes.editing(episode.key, since, now))) throw busy;
  const taken = { ...episode, editingSince: now };
  if (isOpening(episode)) await addDetails(taken, deps);
  else {
    await showChange(taken, deps);
    await showInSummary(taken, deps);
  }
  return 'shown';
}

/**
 * Applies one alarm state change to its episode. Every write is conditional on the record as read, so
 * concurrent deliveries open one episode and a change is applied once; the loser reads again and finds its
 * change already applied (a duplicate) or applies it on top.
 */
export async function applyAlarmChange(
  notification: AlarmNotification,
  route: EpisodeRoute,
  deps: AlarmEventDeps,
): Promise<string> {
  const key = episodeKey(notification);
  // An ALARM most often opens an episode: its claim is tried before any read, so the page waits for the claim and
  // the post alone. A claim that fails (the alarm is open already, or the change is old) reads and goes on below.
  if (notification.state === 'ALARM') {
    const opened = await open({ notification, route, current: undefined, deps });
    if (opened) return opened;
  }
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const current = await deps.store.alarmEpisodes.get(key);
    if (current?.status === 'open' && !current.message) {
      await finishPosting(current, deps);
      continue;
    }
    const step = stepFor(current, notification);
    if (step === 'stale' && current?.editingSince) return finishEditing(current, current.editingSince, deps);
    const done = await STEPS[step]({ notification, route, current, deps });
    if (done) return done;
  }
  throw new EpisodeBusyError(`alarm ${notification.alarmName} kept changing under this delivery; retrying later`);
}
