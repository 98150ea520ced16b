import type { SlackCall } from './slack-api';

/** One alarm of a storm: its name, the channel it belongs in, and the event that reports it. */
export interface StormAlarm {
  name: string;
  channel: string;
  event: unknown;
}

export interface StormOutcome {
  /** Alarms some message Slack accepted in their channel shows (posted, edited, or in a thread). */
  visible: string[];
  /** Alarms whose event was dead-lettered, or that no message shows. */
  lost: string[];
  /** Top-level messages Slack accepted in the storm's channels. */
  topLevelMessages: number;
}

const accepted = (call: SlackCall): boolean =>
  !call.rateLimited && call.result?.ok === true && ['chat.postMessage', 'chat.update'].includes(call.method);

/** What a storm left in Slack: judged from the calls Slack accepted, not from what the bot meant to do. */
export function stormOutcome(alarms: StormAlarm[], calls: SlackCall[], deadLettered: unknown[]): StormOutcome {
  const shown = calls.filter(accepted);
  const isVisible = (alarm: StormAlarm) =>
    shown.some((call) => call.args.channel === alarm.channel && JSON.stringify(call.args).includes(alarm.name));
  const visible = alarms.filter((alarm) => !deadLettered.includes(alarm.event) && isVisible(alarm));
  const channels = new Set(alarms.map((alarm) => alarm.channel));
  return {
    visible: visible.map((alarm) => alarm.name),
    lost: alarms.filter((alarm) => !visible.includes(alarm)).map((alarm) => alarm.name),
    topLevelMessages: shown.filter(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.args.thread_ts === undefined &&
        channels.has(String(call.args.channel)),
    ).length,
  };
}
