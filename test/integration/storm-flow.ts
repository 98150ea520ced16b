import type { SlackCall } from '../fakes/slack-api';
import type { StormAlarm } from '../fakes/storm-outcome';
import { ebCpuAlarm, PROD, STAGING } from './alarm-payloads';

/** `count` alarms of a state at `at`, alternately prod's (C0PRODOPS01) and staging's (C0STAGING01). */
export function stormOf(count: number, at: Date, state: 'ALARM' | 'OK' = 'ALARM', first = 1): StormAlarm[] {
  return Array.from({ length: count }, (_, index) => {
    const prod = index % 2 === 0;
    const name = `edu-web-storm-${String(index + first).padStart(2, '0')}`;
    return {
      name,
      channel: prod ? 'C0PRODOPS01' : 'C0STAGING01',
      event: ebCpuAlarm({ ...(prod ? PROD : STAGING), name }, { state, at }, prod ? 'edu-web-prod-asg' : undefined),
    };
  });
}

const accepted = (call: SlackCall) => !call.rateLimited && call.result?.ok === true;
const textOf = (call: SlackCall) => JSON.stringify(call.args);

/** Storm summaries Slack accepted in a channel (top-level posts that say how many alarms fire). */
export function summariesIn(calls: SlackCall[], channel: string): SlackCall[] {
  return calls.filter(
    (call) =>
      accepted(call) &&
      call.method === 'chat.postMessage' &&
      call.args.channel === channel &&
      call.args.thread_ts === undefined &&
      String(call.args.text).startsWith('🚨'),
  );
}

/** A message as Slack shows it now: its last accepted edit, or its post. */
export function shownNow(calls: SlackCall[], post: SlackCall): string {
  const ts = post.result?.ts;
  const edits = calls.filter((call) => accepted(call) && call.method === 'chat.update' && call.args.ts === ts);
  return textOf(edits.at(-1) ?? post);
}

/** Each alarm's own message (its post, "ALARM: <name> (…"), as Slack accepted it, top-level or in a thread. */
export function alarmPosts(calls: SlackCall[], name: string): SlackCall[] {
  return calls.filter(
    (call) =>
      accepted(call) && call.method === 'chat.postMessage' && String(call.args.text).includes(`ALARM: ${name} (`),
  );
}
