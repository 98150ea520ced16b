import type { ScaleOutEpisode, ScaleOutEpisodes, ScaleOutFailure } from '../../commands/scale-out/episode';
import { date, optionalText, text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

const episodeKey = (env: string, group: string) => ({ pk: `SCALEOUT#${env}#${group}`, sk: 'EPISODE' });
// Renewed on every write: an episode nobody touches for a month is long over.
const KEEP_MS = 30 * DAY_MS;

interface StoredFailure {
  deploymentId: string;
  at: string;
  instanceId?: string;
  hook?: string;
}

function toFailures(item: TableItem): ScaleOutFailure[] {
  const raw = typeof item.failures === 'string' ? (JSON.parse(item.failures) as StoredFailure[]) : [];
  return raw.map((failure) => ({
    deploymentId: failure.deploymentId,
    at: new Date(failure.at),
    instanceId: failure.instanceId,
    hook: failure.hook,
  }));
}

function toEpisode(item: TableItem): ScaleOutEpisode {
  const resolvedBy = optionalText(item, 'resolvedBy');
  return {
    app: text(item, 'app'),
    env: text(item, 'env'),
    group: text(item, 'group'),
    since: date(item, 'since'),
    failures: toFailures(item),
    count: typeof item.count === 'number' ? item.count : 0,
    resolvedBy: resolvedBy ? { deploymentId: resolvedBy, at: date(item, 'resolvedAt') } : undefined,
    channel: optionalText(item, 'channel'),
    ts: optionalText(item, 'ts'),
    shown: optionalText(item, 'shown') ?? '',
    postingUntil: typeof item.postingUntil === 'number' ? item.postingUntil : undefined,
    version: typeof item.version === 'number' ? item.version : 0,
  };
}

export function scaleOutEpisodes(table: Table, now: () => Date = () => new Date()): ScaleOutEpisodes {
  return {
    async get(env, group) {
      const item = await table.get(episodeKey(env, group));
      return item && toEpisode(item);
    },
    save: (episode, readVersion) => {
      const { failures, since, resolvedBy, ...rest } = episode;
      const stored: StoredFailure[] = failures.map((failure) => ({ ...failure, at: failure.at.toISOString() }));
      return conditionHolds(
        table.put(
          {
            ...episodeKey(episode.env, episode.group),
            ...rest,
            since: since.toISOString(),
            failures: JSON.stringify(stored),
            resolvedBy: resolvedBy?.deploymentId,
            resolvedAt: resolvedBy?.at.toISOString(),
            version: readVersion + 1,
            expiresAt: ttlSeconds(now(), KEEP_MS),
          },
          readVersion === 0
            ? { expression: 'attribute_not_exists(pk)' }
            : {
                expression: '#version = :version',
                names: { '#version': 'version' },
                values: { ':version': readVersion },
              },
        ),
      );
    },
  };
}
