/**
 * Scale-outs: Auto Scaling launches an instance, CodeDeploy deploys the last successful revision to it (creator
 * `autoscaling`), and when that fails Auto Scaling abandons the instance and launches another. One message per
 * Auto Scaling group and episode counts the failures; a scale-out deployment that succeeds on the group resolves it
 * (docs/decisions/0021). Successful scale-outs say nothing.
 */

/** Three failed installs within 20 minutes: the group is replacing instances that never become healthy. */
export const CHURN_COUNT = 3;
export const CHURN_WINDOW_MS = 20 * 60_000;
/** A failure this long after the episode's last one starts a new episode, with a new message. */
export const EPISODE_QUIET_MS = 6 * 3_600_000;
/** Failures kept per episode (the count goes on): enough to recognise a redelivered event. */
export const FAILURES_KEPT = 50;

export interface ScaleOutFailure {
  deploymentId: string;
  at: Date;
  instanceId: string | undefined;
  /** The lifecycle event that failed (AfterInstall…), when CodeDeploy said. */
  hook: string | undefined;
}

export interface ScaleOutEpisode {
  app: string;
  env: string;
  group: string;
  since: Date;
  /** The latest failures, oldest first (at most FAILURES_KEPT). */
  failures: ScaleOutFailure[];
  /** Every failure of the episode. */
  count: number;
  resolvedBy: { deploymentId: string; at: Date } | undefined;
  channel: string | undefined;
  ts: string | undefined;
  /** What the message last showed (`shownOf`), so a duplicate event edits nothing. */
  shown: string;
  /** Until when (epoch ms) one invocation has the claim to post the message. */
  postingUntil: number | undefined;
  /** Bumped on every write; writes are conditional on it. */
  version: number;
}

/** Episodes in the state table (lib/state/scale-out-episodes.ts), one per environment and Auto Scaling group. */
export interface ScaleOutEpisodes {
  get(env: string, group: string): Promise<ScaleOutEpisode | undefined>;
  /** Writes the episode, version `readVersion + 1`, if nobody wrote it since `readVersion` (0: absent); false if so. */
  save(episode: ScaleOutEpisode, readVersion: number): Promise<boolean>;
}

/** One recent Auto Scaling activity of the group (DescribeScalingActivities), in AWS's words. */
export interface ScalingActivity {
  at: Date;
  /** Successful, Failed, Cancelled, InProgress, MidLifecycleAction… */
  status: string;
  description: string;
  /** Why it failed, when Auto Scaling said (StatusMessage). */
  statusMessage?: string;
}

export interface ScalingActivities {
  /** The group's activities since `since`, newest first, at most `max`. */
  recent(groupName: string, since: Date, max: number): Promise<ScalingActivity[]>;
}

/** The episode with the failure counted; undefined when it already was (an event delivered again). */
export function withFailure(
  current: ScaleOutEpisode | undefined,
  failure: ScaleOutFailure,
  scope: Pick<ScaleOutEpisode, 'app' | 'env' | 'group'>,
): ScaleOutEpisode | undefined {
  if (current?.failures.some((known) => known.deploymentId === failure.deploymentId)) return undefined;
  const last = current?.failures.at(-1)?.at ?? current?.since;
  const fresh =
    !current || current.resolvedBy !== undefined || !last || failure.at.getTime() - last.getTime() > EPISODE_QUIET_MS;
  if (fresh) {
    return {
      ...scope,
      since: failure.at,
      failures: [failure],
      count: 1,
      resolvedBy: undefined,
      channel: undefined,
      ts: undefined,
      shown: '',
      postingUntil: undefined,
      // The record's version goes on: every write stays conditional on what was read.
      version: current?.version ?? 0,
    };
  }
  const failures = [...current.failures, failure].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { ...current, failures: failures.slice(-FAILURES_KEPT), count: current.count + 1 };
}

/** The episode resolved by a successful scale-out; undefined when there is none open. */
export function withResolution(
  current: ScaleOutEpisode | undefined,
  deploymentId: string,
  at: Date,
): ScaleOutEpisode | undefined {
  if (!current || current.resolvedBy) return undefined;
  return { ...current, resolvedBy: { deploymentId, at } };
}

/** What the message shows, to compare with what it showed. */
export function shownOf(episode: ScaleOutEpisode): string {
  return `${episode.count}|${episode.failures.at(-1)?.deploymentId ?? ''}|${episode.resolvedBy?.deploymentId ?? ''}`;
}

/** The last CHURN_COUNT failures fell within CHURN_WINDOW_MS. */
export function isChurning(episode: Pick<ScaleOutEpisode, 'failures'>): boolean {
  const recent = episode.failures.slice(-CHURN_COUNT);
  const [first] = recent;
  const last = recent.at(-1);
  return recent.length >= CHURN_COUNT && !!first && !!last && last.at.getTime() - first.at.getTime() <= CHURN_WINDOW_MS;
}

/** `1st`, `2nd`, `3rd`, `11th`, `22nd`. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** `12 min`, `3 h`: how long the episode has been going, at a glance. */
function span(from: Date, to: Date): string {
  const minutes = Math.max(1, Math.round((to.getTime() - from.getTime()) / 60_000));
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

/**
 * `3rd failed install on a new instance in 20 min: the group is churning — Auto Scaling keeps replacing instances
 * that never become healthy`.
 */
export function repeatLine(episode: Pick<ScaleOutEpisode, 'failures' | 'count' | 'since'>): string {
  const last = episode.failures.at(-1)?.at ?? episode.since;
  if (episode.count <= 1) return 'A new instance failed its install';
  const line = `${ordinal(episode.count)} failed install on a new instance in ${span(episode.since, last)}`;
  return isChurning(episode)
    ? `${line}: the group is churning — Auto Scaling keeps replacing instances that never become healthy`
    : line;
}
