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
 * Posts a note once per id, whichever delivery of the event gets there first: the job ledger claims it for a lease
 * before posting. A delivery that finds it claimed fails (Lambda retries it later), so a note whose poster crashed
 * after claiming is posted by a retry once the lease has run out, never dropped. Once posted, failing to mark it
 * done is logged, not thrown: a retry would post it again.
 */
async function postOnce(
  noteId: string,
  what: string,
  post: () => Promise<unknown>,
  deps: AlarmEventDeps,
): Promise<'posted' | 'duplicate'> {
  const claim = await deps.store.jobs.claim(noteId, NOTE_LEASE_MS);
  if (claim === 'done') return 'duplicate';
  if (claim === 'running') throw new EpisodeBusyError(`${what} is being posted by another delivery`);
  try {
    await post();
  } catch (error) {
    await deps.store.jobs.release(noteId);
    throw error;
  }
  await deps.store.jobs
    .complete(noteId, 'posted')
    .catch((error: unknown) => logger.error('the note was posted but could not be marked done', { noteId, error }));
  return 'posted';
}

/**
 * An alarm that matched no environment goes to the audit channel, never dropped. The job ledger keys the note
 * by alarm and state-change time, so a redelivered event does not post it twice.
 */
async function noteUnroutable(
  notification: AlarmNotification,
  route: { channel: string; unroutable: string },
  deps: AlarmEventDeps,
): Promise<string> {
  const noteId = `alarm-note:${episodeKey(notification)}@${notification.changedAt.toISOString()}`;
  const posted = await postOnce(
    noteId,
    `the note for alarm ${notification.alarmName}`,
    () => deps.replies.post(route.channel, unroutableNote(notification, route.unroutable)),
    deps,
  );
  return posted === 'posted' ? 'unroutable' : posted;
}

/** Tells the audit channel about an event it could not read, once per event (keyed by its content). */
async function noteUnreadable(event: unknown, error: AlarmParseError, deps: AlarmEventDeps): Promise<string> {
  // `undefined` (an event with no payload) has no JSON text, and createHash threw on it.
  const json = event === undefined ? 'undefined' : JSON.stringify(event);
  const noteId = `alarm-unreadable:${createHash('sha256').update(json).digest('hex').slice(0, 32)}`;
  // The name may sit inside an SNS Message string, so it is looked for in the text, escaped quotes and all.
  const alarmName = /AlarmName\\?"\s*:\s*\\?"([^"\\]+)/.exec(json)?.[1];
  const post = async () =>
    deps.replies.post((await deps.config()).auditChannel, unreadableAlarmNote(error.form, error.missing, alarmName));
  const posted = await postOnce(noteId, 'the note about an unreadable alarm event', post, deps);
  return posted === 'posted' ? 'unreadable' : posted;
}

function apply(notification: AlarmNotification, route: AlarmRoute, deps: AlarmEventDeps): Promise<string> {
  return 'unroutable' in route
    ? noteUnroutable(notification, route, deps)
    : applyAlarmChange(notification, route, deps);
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
