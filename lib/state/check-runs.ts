import type { CheckEpisode, CheckRun, CheckRuns } from '../../commands/checks/episodes';
import { readResults, writeResults } from './check-results';
import { date, optionalText, text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

const partition = (app: string, env: string) => `CHECKS#${app}#${env}`;
const lastKey = (app: string, env: string) => ({ pk: partition(app, env), sk: 'LAST' });
const episodeKey = (app: string, env: string) => ({ pk: partition(app, env), sk: 'EPISODE' });
// A result older than this says nothing about now; an episode is closed long before (the next run passes or not).
const KEEP_MS = 7 * DAY_MS;

function toEpisode(item: TableItem): CheckEpisode {
  return {
    app: text(item, 'app'),
    env: text(item, 'env'),
    since: date(item, 'since'),
    channel: optionalText(item, 'channel'),
    ts: optionalText(item, 'ts'),
    shown: optionalText(item, 'shown') ?? '',
  };
}

export function checkRuns(table: Table, now: () => Date = () => new Date()): CheckRuns {
  return {
    async saveLast(run: CheckRun) {
      await table.put({
        ...lastKey(run.app, run.env),
        app: run.app,
        env: run.env,
        at: run.at.toISOString(),
        results: writeResults(run.results),
        expiresAt: ttlSeconds(run.at, KEEP_MS),
      });
    },
    async last(app, env) {
      const item = await table.get(lastKey(app, env));
      return item ? { app, env, at: date(item, 'at'), results: readResults(item) } : undefined;
    },
    async episode(app, env) {
      const item = await table.get(episodeKey(app, env));
      return item ? toEpisode(item) : undefined;
    },
    open: (app, env, since) =>
      conditionHolds(
        table.put(
          {
            ...episodeKey(app, env),
            app,
            env,
            since: since.toISOString(),
            shown: '',
            expiresAt: ttlSeconds(now(), KEEP_MS),
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
      ),
    async show(app, env, where, shown) {
      await table.update(episodeKey(app, env), { set: { ...(where ?? {}), shown } });
    },
    close: async (app, env) =>
      conditionHolds(table.delete(episodeKey(app, env), { expression: 'attribute_exists(pk)' })),
  };
}
