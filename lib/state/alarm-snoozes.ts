import type { AlarmSnooze, AlarmSnoozes } from '../../commands/alarms/episodes';
import { date, text } from './record';
import { conditionHolds, type Table, type TableItem } from './table';

/**
 * Snoozed alarms, one item each in the `SNOOZE` partition, so the sweeper finds the due ones with one query.
 * No TTL: an item lives until the alarm's actions are on again, and DynamoDB must never forget one first.
 */
const PARTITION = 'SNOOZE';
const snoozeKey = (key: string) => ({ pk: PARTITION, sk: key });

function toSnooze(item: TableItem): AlarmSnooze {
  return {
    key: text(item, 'sk'),
    env: text(item, 'env'),
    alarmName: text(item, 'alarmName'),
    until: date(item, 'until'),
    hours: typeof item.hours === 'number' ? item.hours : 0,
    by: text(item, 'by'),
    message: {
      channel: text(item, 'messageChannel'),
      ts: text(item, 'messageTs'),
      ...(typeof item.messageThread === 'string' ? { thread: item.messageThread } : {}),
    },
    reenabledAt: item.reenabledAt === undefined ? undefined : date(item, 'reenabledAt'),
    failureAnnounced: item.failureAnnounced === true,
  };
}

/** Every conditional write below is about the snooze ending at `until`: a newer snooze of the alarm is another. */
const endingAt = (until: Date, extra = '', values: Record<string, unknown> = {}) => ({
  expression: `attribute_exists(pk) AND #until = :until${extra}`,
  names: { '#until': 'until' },
  values: { ':until': until.toISOString(), ...values },
});

export function alarmSnoozes(table: Table): AlarmSnoozes {
  return {
    save: async (snooze) => {
      await table.put({
        ...snoozeKey(snooze.key),
        env: snooze.env,
        alarmName: snooze.alarmName,
        until: snooze.until.toISOString(),
        hours: snooze.hours,
        by: snooze.by,
        messageChannel: snooze.message.channel,
        messageTs: snooze.message.ts,
        messageThread: snooze.message.thread,
        failureAnnounced: false,
      });
    },
    get: async (key) => {
      const item = await table.get(snoozeKey(key));
      return item && toSnooze(item);
    },
    listDue: async (now) =>
      (await table.query(PARTITION))
        .map(toSnooze)
        .filter((snooze) => snooze.until.getTime() <= now.getTime())
        .sort((a, b) => a.until.getTime() - b.until.getTime()),
    markReenabled: (key, until, at) =>
      conditionHolds(
        table.update(
          snoozeKey(key),
          { set: { reenabledAt: at.toISOString() } },
          endingAt(until, ' AND attribute_not_exists(reenabledAt)'),
        ),
      ),
    markFailureAnnounced: (key, until) =>
      conditionHolds(
        table.update(
          snoozeKey(key),
          { set: { failureAnnounced: true } },
          endingAt(until, ' AND failureAnnounced = :no', { ':no': false }),
        ),
      ),
    markTold: (key, until) =>
      conditionHolds(
        table.update(
          snoozeKey(key),
          { set: { toldAt: new Date().toISOString() } },
          endingAt(until, ' AND attribute_not_exists(toldAt)'),
        ),
      ),
    releaseTold: async (key, until) => {
      await conditionHolds(table.update(snoozeKey(key), { remove: ['toldAt'] }, endingAt(until)));
    },
    remove: (key, until) => conditionHolds(table.delete(snoozeKey(key), endingAt(until))),
  };
}
