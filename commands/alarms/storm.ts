/**
 * Storms (docs/decisions/0030-storm-summaries.md): several alarms of one environment opening within a minute of
 * each other become one summary message in the environment's channel, and the alarms from the THRESHOLD-th on are
 * posted in its thread. The window counts the env's openings; the summary lists its alarms and is edited as they
 * resolve. These are the rules; the records are lib/state/alarm-storms.ts, the Slack side handlers/alarms/storm*.ts.
 */

/** The alarm that makes this many in one window posts the summary, and goes into its thread. */
export const STORM_THRESHOLD = 3;

/** An opening joins the env's window while the window's last opening is younger than this. */
export const STORM_WINDOW_MS = 60_000;

/** A summary claimed this long ago and still not posted was claimed by a delivery that died: take it over. */
export const SUMMARY_LEASE_MS = 60_000;

/** At most one edit of a summary this often (chat.update is Tier 3, about 50 a minute for the workspace). */
export const SUMMARY_EDIT_GAP_MS = 10_000;

/** One alarm of a window or a summary: enough to name it without reading its episode. */
export interface StormAlarm {
  /** The episode key (`<account>:<region>:<alarm name>`). */
  key: string;
  name: string;
  /** When it joined. */
  at: Date;
}

/** The env's window of recent openings: one record per env, started afresh when a quiet minute has passed. */
export interface StormWindow {
  env: string;
  startedAt: Date;
  lastAt: Date;
  alarms: StormAlarm[];
  /** Set by the delivery that posts the summary; the summary's id is the window's `startedAt`. */
  summaryClaimedAt?: Date;
  summary?: { channel: string; ts: string };
}

/** A storm's summary message: its alarms (states are read from their episodes when it is edited). */
export interface StormSummary {
  env: string;
  /** The window's `startedAt`, as ISO text: what an episode in the storm keeps as its `storm`. */
  id: string;
  channel: string;
  ts?: string;
  alarms: StormAlarm[];
  /** Whether the message as last shown had alarms still firing: the sweeper keeps such summaries up to date. */
  active: boolean;
  /** What the message shows, as a fingerprint: an edit that would change nothing is not sent. */
  shown?: string;
  lastEditAt?: Date;
}

/** Where an opening alarm's message goes, from the window it joined (undefined: there was no live window). */
export type Placement = 'alone' | 'summary';

export function placementOf(window: StormWindow | undefined): Placement {
  if (!window) return 'alone';
  return window.summaryClaimedAt !== undefined || window.alarms.length >= STORM_THRESHOLD ? 'summary' : 'alone';
}

export const summaryIdOf = (window: Pick<StormWindow, 'startedAt'>): string => window.startedAt.toISOString();

/** The state table's storm records (lib/state/alarm-storms.ts). */
export interface AlarmStorms {
  /** Adds the alarm to the env's live window (no change if it is in already); undefined when no window is live. */
  join(env: string, alarm: StormAlarm, now: Date): Promise<StormWindow | undefined>;
  /** Starts the env's window with this alarm, unless a live one exists (then undefined: join it). */
  start(env: string, alarm: StormAlarm, now: Date): Promise<StormWindow | undefined>;
  window(env: string): Promise<StormWindow | undefined>;
  /** Takes the window's alarm out if it was added by the opening at `at` (one that turned out not to open). */
  leave(env: string, key: string, at: Date): Promise<void>;
  /** Claims posting the window's summary (none claimed, or the claim's lease is over); the window as claimed. */
  claimSummary(env: string, startedAt: Date, now: Date): Promise<StormWindow | undefined>;
  /** Writes the summary record as first posted, and its message on the window. */
  saveSummary(summary: StormSummary & { ts: string }): Promise<void>;
  summary(env: string, id: string): Promise<StormSummary | undefined>;
  /** Lists the alarm in the summary (once) and marks the summary active. */
  addToSummary(env: string, id: string, alarm: StormAlarm): Promise<StormSummary | undefined>;
  /**
   * Takes the summary's edit: nobody else editing (or their lease over) and the last edit at least `gapMs` ago;
   * the summary as taken, or undefined (the next change or the sweeper shows it).
   */
  takeEdit(env: string, id: string, now: Date, gapMs: number): Promise<StormSummary | undefined>;
  /** Records what the edit showed and lets the edit go. */
  edited(
    env: string,
    id: string,
    taken: Date,
    shown: { fingerprint: string; active: boolean; at: Date },
  ): Promise<void>;
  /** Lets the edit go without recording anything (it failed). */
  releaseEdit(env: string, id: string, taken: Date): Promise<void>;
  /** Summaries of the env whose message may still change. */
  active(env: string): Promise<StormSummary[]>;
}
