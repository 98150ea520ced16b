import { conditionHolds, ttlSeconds, type Table } from './table';

/** When the credit watch last warned about a group, so it warns once per draining spell, not every 5 minutes. */
export interface CreditWarnings {
  /** True for exactly one caller per quiet period: the one that should post the warning. */
  claim(env: string, group: string, now: Date, quietMs: number): Promise<boolean>;
  /** Gives a claim back when its warning could not be posted, so the next look warns. */
  release(env: string, group: string): Promise<void>;
  /** When the watch last warned about the group, if that warning's quiet period still runs. */
  warnedSince(env: string, group: string, now: Date): Promise<Date | undefined>;
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
  };
}
