import type { AlarmEpisode, AlarmEpisodes, EpisodeChanges, EpisodeDetails } from '../../commands/alarms/episodes';
import {
  deployContextFrom,
  deployContextJson,
  diagnosisFrom,
  diagnosisJson,
  notificationFrom,
  notificationJson,
} from './alarm-records';
import { date, oneOf, optionalText, text } from './record';
import {
  conditionHolds,
  ConditionFailedError,
  DAY_MS,
  ttlSeconds,
  type Condition,
  type Table,
  type TableItem,
} from './table';

// One record per alarm: the account, region and name are its identity (docs/decisions/0006-alarm-episodes.md).
const episodeKey = (key: string) => ({ pk: `ALARM#${key}`, sk: 'EPISODE' });
// Long enough to recognise any late delivery; an alarm quiet for a month starts afresh.
const KEEP_MS = 30 * DAY_MS;

function toEpisode(item: TableItem): AlarmEpisode {
  const channel = optionalText(item, 'messageChannel');
  const ts = optionalText(item, 'messageTs');
  const thread = optionalText(item, 'messageThread');
  const optionalDate = (attribute: string) => (item[attribute] === undefined ? undefined : date(item, attribute));
  return {
    key: text(item, 'key'),
    status: oneOf(item, 'status', ['open', 'closed'] as const),
    route: { channel: text(item, 'channel'), env: text(item, 'env'), app: optionalText(item, 'app') },
    notification: notificationFrom(item),
    lastChangeAt: date(item, 'lastChangeAt'),
    count: typeof item.count === 'number' ? item.count : 1,
    firstAt: date(item, 'firstAt'),
    lastAt: date(item, 'lastAt'),
    resolvedAt: optionalDate('resolvedAt'),
    diagnosis: diagnosisFrom(item),
    diagnosisProblem: optionalText(item, 'diagnosisProblem'),
    graphProblem: optionalText(item, 'graphProblem'),
    deployContext: deployContextFrom(item),
    message: channel && ts ? { channel, ts, ...(thread ? { thread } : {}) } : undefined,
    storm: optionalText(item, 'storm'),
    claimedAt: date(item, 'claimedAt'),
    editingSince: optionalDate('editingSince'),
    detailsPending: item.detailsPending === true ? true : undefined,
    acknowledgedBy: optionalText(item, 'acknowledgedBy'),
    snoozedUntil: optionalDate('snoozedUntil'),
  };
}

/** Attribute values as stored: dates as ISO strings, the notification and diagnosis as JSON. */
function stored(changes: EpisodeChanges): Record<string, unknown> {
  const { notification, diagnosis, deployContext, ...rest } = changes;
  const values: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).map(([name, value]) => [name, value instanceof Date ? value.toISOString() : value]),
  );
  if (notification) values.notification = notificationJson(notification);
  if ('diagnosis' in changes) values.diagnosis = diagnosisJson(diagnosis);
  if ('deployContext' in changes) values.deployContext = deployContextJson(deployContext);
  return values;
}

/** An update whose condition may fail: the record afterwards, or undefined when the condition was false. */
async function updated(
  table: Table,
  key: string,
  set: Record<string, unknown>,
  condition: Condition,
): Promise<AlarmEpisode | undefined> {
  try {
    // An attribute set to undefined is removed (a cleared snooze): the table adapter does that.
    return toEpisode(await table.update(episodeKey(key), { set }, condition));
  } catch (error) {
    if (error instanceof ConditionFailedError) return undefined;
    throw error;
  }
}

/** The condition for changes to one episode: it is still the one that began at `firstAt`. */
const sameEpisode = (firstAt: Date, extra = ''): Condition => ({
  expression: `attribute_exists(pk) AND firstAt = :firstAt${extra}`,
  values: { ':firstAt': firstAt.toISOString() },
});

export function alarmEpisodes(table: Table, now: () => Date = () => new Date()): AlarmEpisodes {
  const keep = () => ({ expiresAt: ttlSeconds(now(), KEEP_MS) });
  return {
    get: async (key) => {
      const item = await table.get(episodeKey(key));
      return item && toEpisode(item);
    },
    // A fresh record has no message yet, and a put drops the previous episode's message, ack and snooze.
    replace: (episode) => {
      const { key, route, ...rest } = episode;
      const item = { ...episodeKey(key), key, ...route, ...stored(rest), ...keep() };
      return conditionHolds(
        table.put(item, {
          expression: 'attribute_not_exists(pk) OR (lastChangeAt < :changedAt AND #status <> :open)',
          names: { '#status': 'status' },
          values: { ':changedAt': episode.lastChangeAt.toISOString(), ':open': 'open' },
        }),
      );
    },
    advance: (key, expected, changes) =>
      updated(
        table,
        key,
        { ...stored(changes), ...keep() },
        {
          expression: 'attribute_exists(pk) AND lastChangeAt = :expected',
          values: { ':expected': expected.toISOString() },
        },
      ),
    reclaim: async (key, expected, at) =>
      (await updated(
        table,
        key,
        { claimedAt: at.toISOString() },
        {
          expression: 'attribute_exists(pk) AND claimedAt = :expected AND attribute_not_exists(messageTs)',
          values: { ':expected': expected.toISOString() },
        },
      )) !== undefined,
    editing: async (key, expected, next) =>
      (await updated(
        table,
        key,
        { editingSince: next?.toISOString() },
        {
          expression: 'attribute_exists(pk) AND editingSince = :expected',
          values: { ':expected': expected.toISOString() },
        },
      )) !== undefined,
    attachMessage: (key, firstAt, message, storm) =>
      updated(
        table,
        key,
        // Only what is known: a storm noted meanwhile (by the summary's poster) stays.
        {
          messageChannel: message.channel,
          messageTs: message.ts,
          ...(message.thread ? { messageThread: message.thread } : {}),
          ...(storm ? { storm } : {}),
        },
        sameEpisode(firstAt, ' AND attribute_not_exists(messageTs)'),
      ),
    noteStorm: (key, firstAt, storm) => updated(table, key, { storm }, sameEpisode(firstAt)),
    acknowledge: (key, firstAt, user) =>
      updated(
        table,
        key,
        { acknowledgedBy: user },
        {
          ...sameEpisode(firstAt, ' AND #status = :open AND attribute_not_exists(acknowledgedBy)'),
          names: { '#status': 'status' },
          values: { ':firstAt': firstAt.toISOString(), ':open': 'open' },
        },
      ),
    showSnooze: (key, firstAt, until) =>
      updated(table, key, { snoozedUntil: until?.toISOString() }, sameEpisode(firstAt)),
    noteDetails: (key, firstAt, details: EpisodeDetails) =>
      updated(table, key, { ...stored(details), detailsPending: undefined }, sameEpisode(firstAt)),
    noteGraphProblem: (key, firstAt, problem) => updated(table, key, { graphProblem: problem }, sameEpisode(firstAt)),
  };
}
