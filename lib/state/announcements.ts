import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableKey } from './table';

/** What the sweeper says once in an environment's channel: a freeze starting or ending, a lock running out. */
export type Announcement = 'freeze-start' | 'freeze-end' | 'lock-expired';

/**
 * Announcements made at most once, however many sweeps overlap or are redelivered: the one caller whose
 * conditional write creates the note says it; if saying it fails, it gives the note back so the next sweep tries.
 */
export interface Announcements {
  /** True for exactly one caller per (environment, what, id): the one that should post. */
  claim(env: string, what: Announcement, id: string, now: Date): Promise<boolean>;
  /** Gives a claim back when its message could not be posted. */
  release(env: string, what: Announcement, id: string): Promise<void>;
  /** Whether it was said (or is being said). */
  made(env: string, what: Announcement, id: string): Promise<boolean>;
}

/** Long past any freeze or lock it is about. */
const KEEP_MS = 400 * DAY_MS;

const key = (env: string, what: Announcement, id: string): TableKey => ({ pk: `ANNOUNCE#${env}`, sk: `${what}#${id}` });

export function announcements(table: Table): Announcements {
  return {
    claim: (env, what, id, now) =>
      conditionHolds(
        table.put(
          { ...key(env, what, id), claimedAt: now.toISOString(), expiresAt: ttlSeconds(now, KEEP_MS) },
          { expression: 'attribute_not_exists(pk)' },
        ),
      ),
    release: async (env, what, id) => {
      await table.delete(key(env, what, id));
    },
    made: async (env, what, id) => (await table.get(key(env, what, id))) !== undefined,
  };
}
