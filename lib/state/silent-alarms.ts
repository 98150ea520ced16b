import type { SilentAlarmRecord, SilentAlarmRecords } from '../../commands/fleet/ports';
import { date, optionalText, text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

/**
 * Alarms found watching a gone Auto Scaling group, one item per environment and group (`SILENTALARMS#<env>` /
 * `<group>`), so a finding is posted once however often the sweeper and deployment events find it, and moved once.
 * Kept 30 days: alarms still left on a gone group a month later are worth one more reminder.
 */
const KEEP_MS = 30 * DAY_MS;
const key = (env: string, group: string) => ({ pk: `SILENTALARMS#${env}`, sk: group });
// Groups a deployment group served, kept as long as findings: what a deleted group was is known for as long.
const servedKey = (env: string, deploymentGroup: string) => ({ pk: `SILENTALARMSERVED#${env}`, sk: deploymentGroup });
// In a partition of its own, so a check's marker is never read as a finding.
const checkKey = (env: string, app: string) => ({ pk: `SILENTALARMCHECK#${env}`, sk: app });

const texts = (item: TableItem, attribute: string): string[] => {
  const value = item[attribute];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
};

function toRecord(item: TableItem): SilentAlarmRecord {
  const channel = optionalText(item, 'messageChannel');
  const ts = optionalText(item, 'messageTs');
  const movedBy = optionalText(item, 'movedBy');
  const liveGroup = optionalText(item, 'liveGroup');
  const replacedBy = optionalText(item, 'replacedBy');
  return {
    env: text(item, 'env'),
    app: text(item, 'app'),
    group: text(item, 'sk'),
    alarms: texts(item, 'alarms'),
    stopOnAlarm: texts(item, 'stopOnAlarm'),
    ...(liveGroup === undefined ? {} : { liveGroup }),
    ...(replacedBy === undefined ? {} : { replacedBy }),
    foundAt: date(item, 'foundAt'),
    ...(channel !== undefined && ts !== undefined ? { message: { channel, ts } } : {}),
    ...(movedBy !== undefined
      ? { move: { by: movedBy, ...(item.movedAt === undefined ? {} : { finishedAt: date(item, 'movedAt') }) } }
      : {}),
  };
}

export function silentAlarmRecords(table: Table): SilentAlarmRecords {
  return {
    claim: (record, leaseMs) =>
      conditionHolds(
        table.put(
          {
            claimedUntil: record.foundAt.getTime() + leaseMs,
            ...key(record.env, record.group),
            env: record.env,
            app: record.app,
            alarms: record.alarms,
            stopOnAlarm: record.stopOnAlarm,
            liveGroup: record.liveGroup,
            replacedBy: record.replacedBy,
            foundAt: record.foundAt.toISOString(),
            expiresAt: ttlSeconds(record.foundAt, KEEP_MS),
          },
          // A finding nobody posted within the lease (its checker died) can be claimed again; a posted one never.
          {
            expression: 'attribute_not_exists(pk) OR (attribute_not_exists(messageTs) AND claimedUntil < :now)',
            values: { ':now': record.foundAt.getTime() },
          },
        ),
      ),
    release: async (env, group) => {
      // Only an unposted claim goes back: a posted finding stays reported.
      await conditionHolds(table.delete(key(env, group), { expression: 'attribute_not_exists(messageTs)' }));
    },
    posted: async (env, group, message) => {
      await table.update(
        key(env, group),
        { set: { messageChannel: message.channel, messageTs: message.ts } },
        { expression: 'attribute_exists(pk)' },
      );
    },
    get: async (env, group) => {
      const item = await table.get(key(env, group));
      return item && toRecord(item);
    },
    startMove: (env, group, move) =>
      conditionHolds(
        table.update(
          key(env, group),
          { set: { movedBy: move.by, moveJob: move.job, moveStartedAt: move.at.toISOString() } },
          // The first move wins; the same job retried after a crash carries on where it stopped.
          {
            expression: 'attribute_exists(pk) AND (attribute_not_exists(movedBy) OR moveJob = :job)',
            values: { ':job': move.job },
          },
        ),
      ),
    servedBefore: async (env, deploymentGroup) =>
      new Set(texts((await table.get(servedKey(env, deploymentGroup))) ?? {}, 'groups')),
    rememberServing: async (env, deploymentGroup, groups, at) => {
      const before = texts((await table.get(servedKey(env, deploymentGroup))) ?? {}, 'groups');
      if (groups.every((group) => before.includes(group))) return;
      // Read-modify-write without a condition: two writers racing can only both add what they saw serving.
      const merged = [...new Set([...before, ...groups])].slice(-50);
      await table.put({
        ...servedKey(env, deploymentGroup),
        groups: merged,
        seenAt: at.toISOString(),
        expiresAt: ttlSeconds(at, KEEP_MS),
      });
    },
    claimCheck: (env, app, now, everyMs) =>
      conditionHolds(
        table.put(
          {
            ...checkKey(env, app),
            checkedAt: now.toISOString(),
            nextAt: now.getTime() + everyMs,
            expiresAt: ttlSeconds(now, everyMs + DAY_MS),
          },
          { expression: 'attribute_not_exists(pk) OR nextAt <= :now', values: { ':now': now.getTime() } },
        ),
      ),
    releaseCheck: async (env, app) => {
      await table.delete(checkKey(env, app));
    },
    finishMove: async (env, group, at) => {
      await table.update(
        key(env, group),
        { set: { movedAt: at.toISOString() } },
        { expression: 'attribute_exists(movedBy)' },
      );
    },
  };
}
