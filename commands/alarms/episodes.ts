import type { DeployContext } from './deploy-context';
import type { AlarmNotification } from './notification';
import type { AlarmRoute } from './route';
import type { Diagnosis } from './throttling';

/**
 * An alarm episode: from the ALARM that opens it until the alarm is OK again, shown as ONE message however often
 * CloudWatch repeats itself. One record per alarm (account, region, name) holds the current or last episode;
 * its `lastChangeAt` orders everything, so duplicate and late deliveries are recognised and change nothing.
 */
export type EpisodeRoute = Extract<AlarmRoute, { env: string }>;

/** What the message shows of a diagnosis; the numbers behind it are not kept. */
export type DiagnosisSummary = Omit<Diagnosis, 'measures'>;

/** `open` from the first ALARM until OK; `closed` once resolved, or when the alarm changed without an episode. */
export type EpisodeStatus = 'open' | 'closed';

export interface AlarmEpisode {
  /** `<account>:<region>:<alarm name>`: what the buttons carry. */
  key: string;
  status: EpisodeStatus;
  route: EpisodeRoute;
  /** The latest state change applied; the message is rendered from it. */
  notification: AlarmNotification;
  /** `changedAt` of that change: anything at or before it is a duplicate or arrived late. */
  lastChangeAt: Date;
  count: number;
  firstAt: Date;
  lastAt: Date;
  resolvedAt?: Date;
  diagnosis?: DiagnosisSummary;
  /** "diagnosis unavailable: …" when AWS would not say; the alarm is posted all the same. */
  diagnosisProblem?: string;
  graphProblem?: string;
  /** The deployment the alarm may be about, found when the episode opened (docs/decisions/0024). */
  deployContext?: DeployContext;
  /**
   * Set once the message is posted; until then `claimedAt` says who is posting it since when. `thread`: the message
   * is a reply in a storm summary's thread (docs/decisions/0030), whose replies go to that thread too.
   */
  message?: EpisodeMessage;
  /** The storm summary that lists this episode (its id, the storm window's start), whose resolves it edits. */
  storm?: string;
  claimedAt: Date;
  /** Set with a change until Slack shows it (and, for a resolve, its thread is told): a redelivery finishes it. */
  editingSince?: Date;
  /**
   * Set when the episode opens, cleared once its details (diagnosis, graph, deploy context) are in the record: the
   * message is posted before they are looked up (handlers/alarms/details.ts), and a redelivery finishes them.
   */
  detailsPending?: boolean;
  acknowledgedBy?: string;
  snoozedUntil?: Date;
}

/** Where an episode's message is. */
export interface EpisodeMessage {
  channel: string;
  ts: string;
  /** The parent of the thread the message is in, when it is a reply (a storm summary's thread). */
  thread?: string;
}

/**
 * The thread an episode's replies go to: its message's own, or the thread the message is a reply in, since Slack
 * wants a thread's parent as `thread_ts`, never a reply's (https://api.slack.com/methods/chat.postMessage).
 */
export const threadOf = (message: EpisodeMessage): string => message.thread ?? message.ts;

/** A record as first written: nothing posted, acknowledged or snoozed yet. */
export type NewEpisode = Omit<AlarmEpisode, 'message' | 'acknowledgedBy' | 'snoozedUntil' | 'storm'>;

/** What the details add to an episode (handlers/alarms/details.ts): each detail's finding, or why there is none. */
export type EpisodeDetails = Pick<AlarmEpisode, 'diagnosis' | 'diagnosisProblem' | 'graphProblem' | 'deployContext'>;

/** The changes an episode record accepts after it is opened. */
export type EpisodeChanges = Partial<
  Omit<AlarmEpisode, 'key' | 'route' | 'firstAt' | 'message' | 'acknowledgedBy' | 'storm'>
>;

/** The state table's alarm episodes (lib/state/alarm-episodes.ts). Every write is conditional. */
export interface AlarmEpisodes {
  get(key: string): Promise<AlarmEpisode | undefined>;
  /** Writes a new record (an opened episode, or a closed one that only remembers the change) when none is open
   * and `lastChangeAt` is newer than the one kept; false when that is not so (another delivery got there first). */
  replace(episode: NewEpisode): Promise<boolean>;
  /** Applies a newer change to the record as read (its `lastChangeAt` still `expected`); undefined when it moved on. */
  advance(key: string, expected: Date, changes: EpisodeChanges): Promise<AlarmEpisode | undefined>;
  /** Takes over posting a message whose poster vanished: only while `claimedAt` is still `expected`. */
  reclaim(key: string, expected: Date, at: Date): Promise<boolean>;
  /**
   * Moves an unfinished edit's `editingSince` from `expected` to `next` (taken over), or clears it (undefined: done).
   */
  editing(key: string, expected: Date, next: Date | undefined): Promise<boolean>;
  /** Records the posted message (and the storm listing it) on the episode that began at `firstAt`, once. */
  attachMessage(key: string, firstAt: Date, message: EpisodeMessage, storm?: string): Promise<AlarmEpisode | undefined>;
  /** Records that the storm summary `storm` lists the episode that began at `firstAt`. */
  noteStorm(key: string, firstAt: Date, storm: string): Promise<AlarmEpisode | undefined>;
  /** Records who acknowledged the open episode that began at `firstAt`, once; undefined when already done or over. */
  acknowledge(key: string, firstAt: Date, user: string): Promise<AlarmEpisode | undefined>;
  /** Sets (a date) or clears (undefined) the snooze shown on the episode that began at `firstAt`. */
  showSnooze(key: string, firstAt: Date, until: Date | undefined): Promise<AlarmEpisode | undefined>;
  /** Sets the graph problem shown on the episode that began at `firstAt`. */
  noteGraphProblem(key: string, firstAt: Date, problem: string): Promise<AlarmEpisode | undefined>;
  /** Records the details of the episode that began at `firstAt` and clears `detailsPending`. */
  noteDetails(key: string, firstAt: Date, details: EpisodeDetails): Promise<AlarmEpisode | undefined>;
}

/** A snoozed alarm: its actions are off until `until`, when the sweeper turns them on again. */
export interface AlarmSnooze {
  key: string;
  env: string;
  alarmName: string;
  until: Date;
  hours: number;
  by: string;
  /** The message the snooze was clicked on: the sweeper says in its thread that the actions are back. */
  message: EpisodeMessage;
  /** Set once the actions are on again and only the Slack side is left to do. */
  reenabledAt?: Date;
  /** A failed re-enable is announced once; the sweeper keeps trying every minute. */
  failureAnnounced: boolean;
}

/** The state table's snoozes (lib/state/alarm-snoozes.ts): one item per snoozed alarm in one partition. */
export interface AlarmSnoozes {
  /** Replaces any snooze of the same alarm: the latest click decides when it ends. */
  save(snooze: AlarmSnooze): Promise<void>;
  get(key: string): Promise<AlarmSnooze | undefined>;
  /** Snoozes whose time is up, soonest first. */
  listDue(now: Date): Promise<AlarmSnooze[]>;
  /** Claims the snooze ending at `until` as re-enabled; false when it was re-snoozed or another sweep has it. */
  markReenabled(key: string, until: Date, at: Date): Promise<boolean>;
  /** True only the first time for the snooze ending at `until`. */
  markFailureAnnounced(key: string, until: Date): Promise<boolean>;
  /**
   * Claims telling Slack that the snooze ending at `until` is over; false when a sweep already did (and only its
   * forgetting failed). `releaseTold` gives the claim back when telling failed.
   */
  markTold(key: string, until: Date): Promise<boolean>;
  releaseTold(key: string, until: Date): Promise<void>;
  /** Forgets the snooze ending at `until` once it is re-enabled; a newer snooze of the alarm stays. */
  remove(key: string, until: Date): Promise<boolean>;
}

/** `<account>:<region>:<alarm name>`: account and region have no colon, so the first two split it. */
export function episodeKey(notification: Pick<AlarmNotification, 'account' | 'region' | 'alarmName'>): string {
  return `${notification.account}:${notification.region}:${notification.alarmName}`;
}

export type EpisodeStep = 'open' | 'repeat' | 'resolve' | 'note' | 'remember' | 'stale';

/**
 * What a state change does to the alarm's record: a change no newer than the last one applied is stale
 * (a duplicate, or late); ALARM opens an episode or repeats the open one; OK resolves it; INSUFFICIENT_DATA
 * updates it. A change with no open episode only needs remembering, so a late ALARM before it is seen as late.
 */
export function stepFor(current: AlarmEpisode | undefined, notification: AlarmNotification): EpisodeStep {
  if (current && notification.changedAt.getTime() <= current.lastChangeAt.getTime()) return 'stale';
  const open = current?.status === 'open';
  if (notification.state === 'ALARM') return open ? 'repeat' : 'open';
  if (!open) return 'remember';
  return notification.state === 'OK' ? 'resolve' : 'note';
}
