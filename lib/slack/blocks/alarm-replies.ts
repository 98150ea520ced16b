import type { AlarmNotification } from '../../../commands/alarms/notification';
import { plainReason } from '../../../commands/alarms/plain-reason';
import { formatDuration } from '../../config/duration';
import { clip, escape, section, slackDate, type SlackMessage } from './kit';

/** Thread replies under an alarm message: what changed, for whoever follows the thread. */

export function alarmResolvedReply(notification: AlarmNotification, firstAt: Date): SlackMessage {
  const lasted = formatDuration(notification.changedAt.getTime() - firstAt.getTime());
  const line = `✅ *Back to OK* after ${lasted} (${slackDate(notification.changedAt)}): ${escape(plainReason(notification))}`;
  return {
    text: clip(`✅ ${escape(notification.alarmName)} is back to OK after ${lasted}`, 3000),
    blocks: [section(line)],
  };
}

export function alarmSnoozedReply(user: string, hours: number, until: Date): SlackMessage {
  const line = `🔕 <@${user}> snoozed the alarm's actions for ${hours}h, until ${slackDate(until)}; blueshift turns them on again then.`;
  return { text: `alarm actions snoozed for ${hours}h`, blocks: [section(line)] };
}

export function alarmReenabledReply(hours: number): SlackMessage {
  const line = `🔔 alarm actions re-enabled after the ${hours}h snooze`;
  return { text: line, blocks: [section(line)] };
}

/** An event that reached alarmEvents but could not be read as an alarm: said in the audit channel, not dropped. */
export function unreadableAlarmNote(form: string, missing: string[], alarmName: string | undefined): SlackMessage {
  const what = alarmName ? `alarm \`${escape(alarmName)}\`` : 'an alarm event';
  const text = `:warning: blueshift received ${what} (${escape(form)}) it could not read: ${escape(missing.join('; '))}. The event is in the alarmEvents function's log; check what publishes to the alarms topic or the event bus.`;
  return { text: clip(text, 3000), blocks: [section(clip(text, 3000))] };
}
