import type { ChangesRecords } from '../../commands/changes/ports';
import { changesFrom, changesJson } from './changes-json';
import { text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table } from './table';

const changesKey = (key: string) => ({ pk: `CHANGES#${key}`, sk: 'CHANGES' });
// A request waits 30 minutes for its approval, and a job is retried for less than a day: kept a little longer.
const KEEP_MS = 2 * DAY_MS;

/**
 * What a job or request showed of a deployment's changes, so it runs again (approved) without asking GitHub.
 */
export function changesRecords(table: Table, now: () => Date = () => new Date()): ChangesRecords {
  const get: ChangesRecords['get'] = async (key) => {
    const item = await table.get(changesKey(key));
    const changes = item && changesFrom(item, 'changes');
    return item && changes ? { between: text(item, 'between'), changes } : undefined;
  };
  return {
    get,
    async keep(key, kept) {
      const written = await conditionHolds(
        table.put(
          {
            ...changesKey(key),
            between: kept.between,
            changes: changesJson(kept.changes),
            expiresAt: ttlSeconds(now(), KEEP_MS),
          },
          // A kept answer for other revisions (the running one changed meanwhile) is replaced, not reused.
          {
            expression: 'attribute_not_exists(pk) OR #between <> :between',
            names: { '#between': 'between' },
            values: { ':between': kept.between },
          },
        ),
      );
      return written ? kept : ((await get(key)) ?? kept);
    },
  };
}
