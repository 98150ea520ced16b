import { createHash } from 'node:crypto';
import { episodeKey } from '../../commands/alarms/episodes';
import { AlarmParseError, parseAlarmEvent, type AlarmNotification } from '../../commands/alarms/notification';
import { routeAlarm, type AlarmRoute } from '../../commands/alarms/route';
import { logger } from '../../lib/log';
import { unroutableNote } from '../../lib/slack/blocks/alarm';
import { unreadableAlarmNote } from '../../lib/slack/blocks/alarm-replies';
import type { AlarmEventDeps } from '../alarms/deps';
import { applyAlarmChange, EpisodeBusyError } from '../alarms/episode-flow';
import { isUnfixable, noteUnfixable } from './unfixable';

/** Longer than alarmEvents' timeout, like the episode's posting lease. */
const NOTE_LEASE_MS = 60_000;

/**
 * An alarm that matched no environment goes to the audit channel, never dropped. The job ledger keys the note
 * by alarm and state-change time, so a redelivered event does not post it twice.
 */
async function noteUnroutable(notification: AlarmNotification, route: { channel: string; unroutable: string }, deps: AlarmEventDeps): Promise<string> {
  const noteId = `alarm-note:${episodeKey(notification)}@${notification.changedAt.toISOString()}`;
  const claim = await deps.store.jobs.claim(noteId, NOTE_LEASE_MS);
  if (claim === 'done') return 'duplicate';
  if (claim === 'running') throw new EpisodeBusyError(`the note for alarm ${notification.alarmName} is being posted by another delivery`);
  try {
    await deps.replies.post(route.channel, unroutableNote(notification, route.unroutable));
  } catch (error) {
    await deps.store.jobs.release(noteId);
    throw error;
  }
  await deps.store.jobs.complete(noteId, 'posted');
  return 'unroutable';
}

/** Tells the audit channel about an event it could not read, once per event (keyed by its content). */
async function noteUnreadable(event: unknown, error: AlarmParseError, deps: AlarmEventDeps): Promise<string> {
  const noteId = `alarm-unreadable:${createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 32)}`;
  if ((await deps.store.jobs.claim(noteId, NOTE_LEASE_MS)) !== 'claimed') return 'duplicate';
  // The name may sit inside an SNS Message string, so it is looked for in the text, escaped quotes and all.
  const alarmName = /AlarmName\\?"\s*:\s*\\?"([^"\\]+)/.exec(JSON.stringify(event))?.[1];
  try {
    await deps.replies.post((await deps.config()).auditChannel, unreadableAlarmNote(error.form, error.missing, alarmName));
  } catch (postError) {
    await deps.store.jobs.release(noteId);
    throw postError;
  }
  await deps.store.jobs.complete(noteId, 'posted');
  return 'unreadable';
}

function apply(notification: AlarmNotification, route: AlarmRoute, deps: AlarmEventDeps): Promise<string> {
  return 'unroutable' in route ? noteUnroutable(notification, route, deps) : applyAlarmChange(notification, route, deps);
}

/**
 * CloudWatch alarm state changes, from EventBridge (forwarded from the target accounts) or SNS (one or more
 * records): each is routed to its environment's channel and applied to its episode. A failure throws, so Lambda
 * retries the event; changes already applied are recognised as duplicates then.
 */
export async function handleAlarmEvent(event: unknown, deps: AlarmEventDeps): Promise<string[]> {
  let notifications: AlarmNotification[];
  try {
    notifications = parseAlarmEvent(event);
  } catch (error) {
    // Retrying cannot make it readable: the log keeps the event, and the audit channel is told, once.
    if (!(error instanceof AlarmParseError)) throw error;
    logger.error('not a readable CloudWatch alarm state change', { error, event });
    return [await noteUnreadable(event, error, deps)];
  }
  const config = await deps.config();
  const outcomes: string[] = [];
  for (const notification of notifications) {
    const { alarmName, account, region, state } = notification;
    logger.appendKeys({ alarm: alarmName, account, region, state });
    try {
      outcomes.push(await apply(notification, routeAlarm(config, notification), deps));
    } catch (error) {
      // Lambda retries anything thrown; a refusal it would only get again is told at once instead.
      if (!isUnfixable(error)) throw error;
      await noteUnfixable(error, `alarm ${alarmName} (${state}) could not be shown`, deps);
      outcomes.push('failed');
    }
  }
  logger.info('alarm event handled', { outcomes });
  return outcomes;
}
