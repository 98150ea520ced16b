import type { AlarmEpisode, EpisodeDetails } from '../../commands/alarms/episodes';
import { logger } from '../../lib/log';
import { once } from '../jobs/once';
import type { AlarmEventDeps } from './deps';
import { deployContextFor } from './deploy-context';
import { showEpisode } from './episode-message';
import { diagnose, graphOf, uploadGraph } from './findings';

/**
 * Alarm first, details after (docs/decisions/0025-alarm-first-click-marked-at-once.md): the message is posted with
 * what the event says, then each detail is looked up in the alarm's account and shown as one edit of the message,
 * and a thread reply where it has one (the graph). A detail never fails the page: an AWS failure is the detail's own
 * note ("graph unavailable: …").
 */
export interface Detail {
  name: string;
  /** What it adds to the record (shown by the edit), and what it then posts in the message's thread. */
  find(episode: AlarmEpisode, deps: AlarmEventDeps): Promise<Finding>;
}

export interface Finding {
  details?: Partial<EpisodeDetails>;
  thread?: (shown: AlarmEpisode) => Promise<void>;
}

const throttling: Detail = {
  name: 'throttling diagnosis',
  find: async (episode, deps) => ({ details: await diagnose(episode.notification, episode.route, deps) }),
};

const graph: Detail = {
  name: 'graph',
  find: async (episode, deps) => {
    const drawn = await graphOf(episode.notification, episode.route, deps);
    const { bytes } = drawn;
    return {
      details: { graphProblem: drawn.graphProblem },
      ...(bytes ? { thread: (shown: AlarmEpisode) => uploadGraph(shown, bytes, deps) } : {}),
    };
  },
};

/** The deployment the alarm may be about, from the state table (docs/decisions/0024), with its Roll back button. */
const deployment: Detail = {
  name: 'deploy context',
  find: async (episode, deps) => ({ details: await deployContextFor(episode.notification, episode.route, deps) }),
};

/** Every detail an alarm message gets, looked up side by side: adding one is one line here. */
export const DETAILS: readonly Detail[] = [throttling, graph, deployment];

/** At most this many details are looked up at once: each may take a few AWS calls in the alarm's account. */
const AT_ONCE = 4;

/** Runs `work` for every item, at most `limit` at a time; the results in the items' order. */
export async function inBatches<Item, Result>(
  items: readonly Item[],
  limit: number,
  work: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array<Result>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as Item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** A detail that throws (a bug, not AWS: the lookups note their own failures) is left out and logged. */
async function findSafely(detail: Detail, episode: AlarmEpisode, deps: AlarmEventDeps): Promise<Finding> {
  try {
    return await detail.find(episode, deps);
  } catch (error) {
    logger.error('an alarm detail failed; the message goes without it', { detail: detail.name, error });
    return {};
  }
}

/**
 * Looks up the posted episode's details, records them (clearing `detailsPending`), shows them in one edit, then
 * posts the details' thread replies, each once per episode (the job ledger, as for a job's steps), and marks the
 * change's Slack side done (`editingSince`, as for any change). A Slack or state failure here throws: Lambda retries
 * the event, whose redelivery does it all again but the replies already posted (handlers/alarms/episode-flow.ts),
 * while the page is already out.
 */
export async function addDetails(episode: AlarmEpisode, deps: AlarmEventDeps): Promise<void> {
  const findings = await inBatches(DETAILS, AT_ONCE, (detail) => findSafely(detail, episode, deps));
  const details = Object.assign({}, ...findings.map((finding) => finding.details ?? {})) as EpisodeDetails;
  const noted = await deps.store.alarmEpisodes.noteDetails(episode.key, episode.firstAt, details);
  if (!noted) return; // another episode of the alarm began since: this one's message is over
  await showEpisode(noted, deps);
  const replies = { id: `alarm-details:${episode.key}@${episode.firstAt.toISOString()}` };
  for (const [index, finding] of findings.entries()) {
    const { thread } = finding;
    if (thread)
      await once({ job: replies, grant: undefined, deps }, DETAILS[index]?.name ?? 'detail', () => thread(noted));
  }
  if (episode.editingSince) await deps.store.alarmEpisodes.editing(episode.key, episode.editingSince, undefined);
}

/** Whether an unfinished change is the episode's opening, whose Slack side is its details. */
export const isOpening = (episode: AlarmEpisode): boolean =>
  episode.detailsPending === true ||
  (episode.count === 1 && episode.lastChangeAt.getTime() === episode.firstAt.getTime() && episode.status === 'open');
