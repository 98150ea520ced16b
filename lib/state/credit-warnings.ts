import { conditionHolds, ttlSeconds, type Table } from './table';

/** When the credit watch last warned about a group, so it warns once per draining spell, not every 5 minutes. */
export interface CreditWarnings {
  /** True for exactly one caller per quiet period: the one that should post the warning. */
  claim(env: string, group: string, now: Date, quietMs: number): Promise<boolean>;
  /** Gives a claim back when its warning could not be posted, so the next look warns. */
  release(env: string, group: string): Promise<void>;
  /** When the watch last warned about the group, if that warning's quiet period still runs. */
  warnedSince(env: string, group: string, now: Date): Promise<Date | undefined>;
  /**
   * For exactly one caller, while a warning is stored: when it was given, so that caller says the throttle is
   * lifted. A claim older than `leaseMs` is taken over (its holder died before saying it); undefined otherwise.
   */
  claimLift(env: string, group: string, now: Date, leaseMs: number): Promise<Date | undefined>;
  /** Gives a lift claim back when the lift could not be said, so the next look says it. */
  releaseLift(env: string, group: string): Promise<void>;
}

const key = (env: string, group: string) => ({ pk: `CREDITWARN#${env}#${group}`, sk: 'WARNED' });

export function creditWarnings(table: Table): CreditWarnings {
  return {
    claim: (env, group, now, quietMs) =>
      conditionHolds(
        table.put(
          {
            ...key(env, group),
            warnedAt: now.toISOString(),
            quietUntil: now.getTime() + quietMs,
            expiresAt: ttlSeconds(now, quietMs),
          },
          { expression: 'attribute_not_exists(pk) OR quietUntil <= :now', values: { ':now': now.getTime() } },
        ),
      ),
    release: async (env, group) => {
      await table.delete(key(env, group));
    },
    warnedSince: async (env, group, now) => {
      const item = await table.get(key(env, group));
      const quietUntil = typeof item?.quietUntil === 'number' ? item.quietUntil : 0;
      return quietUntil > now.getTime() && typeof item?.warnedAt === 'string' ? new Date(item.warnedAt) : undefined;
    },
    claimLift: async (env, group, now, leaseMs) => {
      // Read first: most looks find no warning, and a read costs less than a conditional write that fails.
      const item = await table.get(key(env, group));
      if (typeof item?.warnedAt !== 'string') return undefined;
      const claimed = await conditionHolds(
        table.update(
          key(env, group),
          { set: { liftingSince: now.getTime() } },
          {
            expression: 'warnedAt = :warned AND (attribute_not_exists(liftingSince) OR liftingSince <= :stale)',
            values: { ':warned': item.warnedAt, ':stale': now.getTime() - leaseMs },
          },
        ),
      );
      return claimed ? new Date(item.warnedAt) : undefined;
    },
    releaseLift: async (env, group) => {
      await conditionHolds(
        table.update(key(env, group), { remove: ['liftingSince'] }, { expression: 'attribute_exists(pk)' }),
      );
    },
  };
}
