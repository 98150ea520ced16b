import type { WatchRecord, WatchStatus, WatchStore } from '../../commands/checks/watch';
import type { WafBlame } from '../../commands/checks/types';
import { readResults, writeResults } from './check-results';
import { date, oneOf, optionalText, text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

const STATUSES: readonly WatchStatus[] = ['watching', 'passed', 'failed', 'waf-blocked', 'ended'];
const watchKey = (id: string) => ({ pk: `DEPLOYMENT#${id}`, sk: 'WATCH' });
// Watches still running, in one partition, so the sweeper can resume one whose delayed tick was lost.
const watchingKey = (id: string) => ({ pk: 'WATCHING', sk: id });
// As long as the deployment's own link.
const KEEP_MS = 30 * DAY_MS;

function toWatch(item: TableItem): WatchRecord {
  const lastTickAt = optionalText(item, 'lastTickAt');
  return {
    deploymentId: text(item, 'deploymentId'),
    app: text(item, 'app'),
    env: text(item, 'env'),
    startedAt: date(item, 'startedAt'),
    until: date(item, 'until'),
    status: oneOf(item, 'status', STATUSES),
    tick: typeof item.tick === 'number' ? item.tick : 0,
    lastTickAt: lastTickAt ? new Date(lastTickAt) : undefined,
    results: readResults(item),
    alarms: Array.isArray(item.alarms) ? item.alarms.filter((a): a is string => typeof a === 'string') : [],
    failure: optionalText(item, 'failure'),
    blame: typeof item.blame === 'string' ? (JSON.parse(item.blame) as WafBlame) : undefined,
    overriddenBy: optionalText(item, 'overriddenBy'),
    overrideReason: optionalText(item, 'overrideReason'),
  };
}

export function watchRecords(table: Table, now: () => Date = () => new Date()): WatchStore {
  const get = async (id: string) => {
    const item = await table.get(watchKey(id));
    return item ? toWatch(item) : undefined;
  };
  const stopWatching = (id: string) => table.delete(watchingKey(id));
  return {
    get,
    async start({ deploymentId, app, env, startedAt, until }) {
      const expiresAt = ttlSeconds(now(), KEEP_MS);
      // Listed first: a watch that exists is always found by the sweeper, even if this call dies next.
      await table.put({ ...watchingKey(deploymentId), deploymentId, expiresAt });
      const started = await conditionHolds(
        table.put(
          {
            ...watchKey(deploymentId),
            deploymentId,
            app,
            env,
            startedAt: startedAt.toISOString(),
            until: until.toISOString(),
            status: 'watching',
            tick: 0,
            results: writeResults([]),
            alarms: [],
            expiresAt,
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
      );
      const watch = await get(deploymentId);
      if (!watch) throw new Error(`the watch of ${deploymentId} was not saved`);
      return { watch, started };
    },
    async record(deploymentId, tick, changes) {
      const saved = await conditionHolds(
        table.update(
          watchKey(deploymentId),
          {
            set: {
              status: changes.status,
              tick: tick + 1,
              lastTickAt: changes.lastTickAt?.toISOString(),
              results: writeResults(changes.results),
              alarms: changes.alarms,
              ...(changes.failure ? { failure: changes.failure } : {}),
              ...(changes.blame ? { blame: JSON.stringify(changes.blame) } : {}),
            },
          },
          {
            expression: '#tick = :tick AND #status = :watching',
            names: { '#tick': 'tick', '#status': 'status' },
            values: { ':tick': tick, ':watching': 'watching' },
          },
        ),
      );
      if (saved && changes.status !== 'watching') await stopWatching(deploymentId);
      return saved;
    },
    async end(deploymentId, status, by) {
      const ended = await conditionHolds(
        table.update(
          watchKey(deploymentId),
          { set: { status, ...(by ? { overriddenBy: by.user, overrideReason: by.reason } : {}) } },
          // An approver may also end a failed watch (one that asks first) to keep green; the deployment's end may not.
          by
            ? {
                expression: '#status IN (:watching, :failed)',
                names: { '#status': 'status' },
                values: { ':watching': 'watching', ':failed': 'failed' },
              }
            : {
                expression: '#status = :watching',
                names: { '#status': 'status' },
                values: { ':watching': 'watching' },
              },
        ),
      );
      await stopWatching(deploymentId);
      return ended;
    },
    async watching() {
      return (await table.query('WATCHING')).map((item) => text(item, 'deploymentId'));
    },
  };
}
