import { shownOf, type ScaleOutEpisode } from '../../commands/scale-out/episode';
import { logger } from '../../lib/log';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';

/** Writes for one group are few and far between; one that keeps losing the race means something else is wrong. */
const ATTEMPTS = 5;
/** How long one invocation may take to post the message: longer than deployEvents' 30 s, shorter than a retry. */
export const POST_LEASE_MS = 45_000;

type Change = (current: ScaleOutEpisode | undefined) => ScaleOutEpisode | undefined;

/**
 * Applies `change` to the group's episode with a conditional write, reading it again when another write came
 * first. Returns the episode as it is afterwards (unchanged when `change` had nothing to do).
 */
export async function changeEpisode(
  env: string,
  group: string,
  change: Change,
  deps: Pick<WorkerDeps, 'store'>,
): Promise<ScaleOutEpisode | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const current = await deps.store.scaleOut.get(env, group);
    const next = change(current);
    if (!next) return current;
    const readVersion = current?.version ?? 0;
    if (await deps.store.scaleOut.save(next, readVersion)) return { ...next, version: readVersion + 1 };
  }
  throw new Error(`the scale-out episode of ${group} in ${env} kept changing under every write`);
}

export type Render = (episode: ScaleOutEpisode) => Promise<SlackMessage>;

const giveBack = (what: string) => (error: unknown) =>
  logger.warn(`could not give back the scale-out message's ${what}`, { error });

/** Posts the episode's message under a short claim, and records where it is; false when the claim was lost. */
async function post(episode: ScaleOutEpisode, channel: string, render: Render, deps: WorkerDeps): Promise<boolean> {
  const { env, group, since } = episode;
  const claimed = { ...episode, postingUntil: deps.now().getTime() + POST_LEASE_MS };
  if (!(await deps.store.scaleOut.save(claimed, episode.version))) return false;
  // This episode, still without its message (not a newer episode that replaced it meanwhile).
  const unposted = (current: ScaleOutEpisode | undefined) =>
    current && !current.ts && current.since.getTime() === since.getTime() ? current : undefined;
  const update = (changes: Partial<ScaleOutEpisode>) => (current: ScaleOutEpisode | undefined) => {
    const open = unposted(current);
    return open && { ...open, ...changes };
  };
  let ts: string;
  try {
    ({ ts } = await deps.replies.post(channel, await render(episode)));
  } catch (error) {
    // Not posted: the retried event may post it at once.
    await changeEpisode(env, group, update({ postingUntil: undefined }), deps).catch(giveBack('claim'));
    throw error;
  }
  await changeEpisode(env, group, update({ channel, ts, shown: shownOf(episode), postingUntil: undefined }), deps);
  return true;
}

/**
 * Brings the episode's message in line with the episode: posted once (one invocation claims that), then edited
 * when what it shows changed. An edit that fails is marked unshown again, so the retried event makes it.
 */
export async function showEpisode(
  env: string,
  group: string,
  channel: string,
  render: Render,
  deps: WorkerDeps,
): Promise<'posted' | 'edited' | 'unchanged'> {
  let result: 'posted' | 'unchanged' = 'unchanged';
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const episode = await deps.store.scaleOut.get(env, group);
    const shown = episode && shownOf(episode);
    if (!episode || episode.shown === shown) return result;
    if (!episode.ts) {
      // Resolved before any message was posted: nothing is left to say. Claimed by another invocation: it posts
      // the message and then edits it to whatever the episode is by then.
      if (episode.resolvedBy || (episode.postingUntil ?? 0) > deps.now().getTime()) return result;
      if (await post(episode, channel, render, deps)) result = 'posted';
      continue;
    }
    if (!(await deps.store.scaleOut.save({ ...episode, shown: shown ?? '' }, episode.version))) continue;
    try {
      await deps.replies.update(episode.channel ?? channel, episode.ts, await render(episode));
    } catch (error) {
      await changeEpisode(env, group, (c) => (c && c.shown === shown ? { ...c, shown: '' } : undefined), deps).catch(
        giveBack('edit'),
      );
      throw error;
    }
    return 'edited';
  }
  return result;
}
