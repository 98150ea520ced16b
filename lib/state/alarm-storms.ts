import {
  STORM_WINDOW_MS,
  SUMMARY_LEASE_MS,
  type AlarmStorms,
  type StormAlarm,
  type StormSummary,
  type StormWindow,
} from '../../commands/alarms/storm';
import { date, InvalidRecordError, optionalText, text } from './record';
import { ConditionFailedError, conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

// One window per environment, and one summary per storm beside it (docs/decisions/0030-storm-summaries.md).
const windowKey = (env: string) => ({ pk: `STORM#${env}`, sk: 'WINDOW' });
const SUMMARY = 'SUMMARY#';
const summaryKey = (env: string, id: string) => ({ pk: `STORM#${env}`, sk: `${SUMMARY}${id}` });
// A window is over after a quiet minute; a day is only so a forgotten env's record goes.
const WINDOW_KEEP_MS = DAY_MS;
// As long as an episode's record: a summary's alarms may stay open that long.
const SUMMARY_KEEP_MS = 30 * DAY_MS;

interface Entry {
  name: string;
  at: string;
}

function alarmsFrom(item: TableItem): StormAlarm[] {
  const map = item.alarms;
  if (typeof map !== 'object' || map === null) throw new InvalidRecordError('alarms', item);
  // Checked, not trusted: the table outlives versions (lib/state/record.ts).
  return Object.entries(map as Record<string, Partial<Entry>>)
    .map(([key, entry]) => {
      if (typeof entry.name !== 'string' || typeof entry.at !== 'string') throw new InvalidRecordError('alarms', item);
      return { key, name: entry.name, at: new Date(entry.at) };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name));
}

const optionalDate = (item: TableItem, attribute: string) =>
  item[attribute] === undefined ? undefined : date(item, attribute);

function toWindow(item: TableItem): StormWindow {
  const channel = optionalText(item, 'summaryChannel');
  const ts = optionalText(item, 'summaryTs');
  return {
    env: text(item, 'env'),
    startedAt: date(item, 'startedAt'),
    lastAt: date(item, 'lastAt'),
    alarms: alarmsFrom(item),
    summaryClaimedAt: optionalDate(item, 'summaryClaimedAt'),
    summary: channel && ts ? { channel, ts } : undefined,
  };
}

function toSummary(item: TableItem): StormSummary {
  return {
    env: text(item, 'env'),
    id: text(item, 'id'),
    channel: text(item, 'channel'),
    ts: optionalText(item, 'messageTs'),
    alarms: alarmsFrom(item),
    active: item.active === true,
    shown: optionalText(item, 'shown'),
    lastEditAt: optionalDate(item, 'lastEditAt'),
  };
}

const entry = (alarm: StormAlarm): Entry => ({ name: alarm.name, at: alarm.at.toISOString() });

/** The record afterwards, or undefined when the write's condition was false. */
async function orNone(write: Promise<TableItem>): Promise<TableItem | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionFailedError) return undefined;
    throw error;
  }
}

export function alarmStorms(table: Table): AlarmStorms {
  const cutoff = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();
  const summaryOf = async (env: string, id: string) => {
    const item = await table.get(summaryKey(env, id));
    return item && toSummary(item);
  };
  return {
    join: async (env, alarm, now) => {
      // if_not_exists: a redelivered opening changes nothing, so the window counts alarms, not deliveries.
      const item = await orNone(
        table.updateExpression(
          windowKey(env),
          {
            expression: 'SET alarms.#alarm = if_not_exists(alarms.#alarm, :entry), lastAt = :now, expiresAt = :expires',
            names: { '#alarm': alarm.key },
            values: { ':entry': entry(alarm), ':now': now.toISOString(), ':expires': ttlSeconds(now, WINDOW_KEEP_MS) },
          },
          {
            expression: 'attribute_exists(pk) AND lastAt > :cutoff',
            values: { ':cutoff': cutoff(now, STORM_WINDOW_MS) },
          },
        ),
      );
      return item && toWindow(item);
    },
    start: async (env, alarm, now) => {
      const item = {
        ...windowKey(env),
        env,
        startedAt: now.toISOString(),
        lastAt: now.toISOString(),
        alarms: { [alarm.key]: entry(alarm) },
        expiresAt: ttlSeconds(now, WINDOW_KEEP_MS),
      };
      const started = await conditionHolds(
        table.put(item, {
          expression: 'attribute_not_exists(pk) OR lastAt <= :cutoff',
          values: { ':cutoff': cutoff(now, STORM_WINDOW_MS) },
        }),
      );
      return started ? toWindow(item) : undefined;
    },
    window: async (env) => {
      const item = await table.get(windowKey(env));
      return item && toWindow(item);
    },
    leave: async (env, key, at) => {
      await orNone(
        table.updateExpression(
          windowKey(env),
          { expression: 'REMOVE alarms.#alarm', names: { '#alarm': key } },
          { expression: 'alarms.#alarm.#at = :at', names: { '#at': 'at' }, values: { ':at': at.toISOString() } },
        ),
      );
    },
    claimSummary: async (env, startedAt, now) => {
      const item = await orNone(
        table.update(
          windowKey(env),
          { set: { summaryClaimedAt: now.toISOString() } },
          {
            expression:
              'startedAt = :startedAt AND attribute_not_exists(summaryTs) AND ' +
              '(attribute_not_exists(summaryClaimedAt) OR summaryClaimedAt < :leaseCutoff)',
            values: { ':startedAt': startedAt.toISOString(), ':leaseCutoff': cutoff(now, SUMMARY_LEASE_MS) },
          },
        ),
      );
      return item && toWindow(item);
    },
    saveSummary: async (summary) => {
      const { env, id, channel, ts, alarms, active, shown, lastEditAt } = summary;
      const now = lastEditAt ?? new Date();
      await table.put({
        ...summaryKey(env, id),
        env,
        id,
        channel,
        messageTs: ts,
        alarms: Object.fromEntries(alarms.map((alarm) => [alarm.key, entry(alarm)])),
        active,
        shown,
        lastEditAt: lastEditAt?.toISOString(),
        expiresAt: ttlSeconds(now, SUMMARY_KEEP_MS),
      });
      // The window's own storm only: a window started afresh since keeps its own summary (or none).
      await conditionHolds(
        table.update(
          windowKey(env),
          { set: { summaryChannel: channel, summaryTs: ts } },
          { expression: 'startedAt = :startedAt', values: { ':startedAt': id } },
        ),
      );
    },
    summary: summaryOf,
    addToSummary: async (env, id, alarm) => {
      const item = await orNone(
        table.updateExpression(
          summaryKey(env, id),
          {
            expression: 'SET alarms.#alarm = if_not_exists(alarms.#alarm, :entry), active = :active',
            names: { '#alarm': alarm.key },
            values: { ':entry': entry(alarm), ':active': true },
          },
          { expression: 'attribute_exists(pk)' },
        ),
      );
      return item && toSummary(item);
    },
    takeEdit: async (env, id, now, gapMs) => {
      const item = await orNone(
        table.update(
          summaryKey(env, id),
          { set: { editingSince: now.toISOString() } },
          {
            expression:
              'attribute_exists(messageTs) AND (attribute_not_exists(editingSince) OR editingSince < :leaseCutoff) ' +
              'AND (attribute_not_exists(lastEditAt) OR lastEditAt <= :gapCutoff)',
            values: { ':leaseCutoff': cutoff(now, SUMMARY_LEASE_MS), ':gapCutoff': cutoff(now, gapMs) },
          },
        ),
      );
      return item && toSummary(item);
    },
    edited: async (env, id, taken, shown) => {
      await orNone(
        table.update(
          summaryKey(env, id),
          {
            set: {
              shown: shown.fingerprint,
              active: shown.active,
              lastEditAt: shown.at.toISOString(),
              editingSince: undefined,
            },
          },
          { expression: 'editingSince = :taken', values: { ':taken': taken.toISOString() } },
        ),
      );
    },
    releaseEdit: async (env, id, taken) => {
      await orNone(
        table.update(
          summaryKey(env, id),
          { set: { editingSince: undefined } },
          { expression: 'editingSince = :taken', values: { ':taken': taken.toISOString() } },
        ),
      );
    },
    active: async (env) =>
      (await table.query(`STORM#${env}`, SUMMARY))
        .map(toSummary)
        .filter((summary) => summary.active && summary.ts !== undefined),
  };
}
