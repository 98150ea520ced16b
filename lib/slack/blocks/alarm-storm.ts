import type { KnownBlock } from '@slack/types';
import { clip, context, escape, header, LIMITS, MESSAGE_BUDGET, section, slackDate, type SlackMessage } from './kit';

/** One alarm of a storm as its summary lists it. */
export interface StormSummaryAlarm {
  name: string;
  firing: boolean;
  /** When it began to fire. */
  since: Date;
  resolvedAt?: Date;
}

export interface StormSummaryView {
  env: string;
  alarms: StormSummaryAlarm[];
}

/** Lines past this, or past the message's room, are counted, not listed: each alarm's message is in the thread. */
const MOST_LISTED = 80;
/** Room for the list in the message, leaving the header, the context and the JSON around them their share. */
const LIST_BUDGET = MESSAGE_BUDGET - 2_000;
/** An alarm name is at most 255 characters; a list line shows this much of it. */
const NAME_SHOWN = 100;

function headline({ env, alarms }: StormSummaryView): string {
  const firing = alarms.filter((alarm) => alarm.firing).length;
  const resolved = alarms.length - firing;
  if (firing === 0) return `✅ ${alarms.length} alarms in ${env}: all resolved`;
  if (resolved === 0) return `🚨 ${alarms.length} alarms firing in ${env}`;
  return `🚨 ${alarms.length} alarms in ${env}: ${firing} still firing, ${resolved} resolved`;
}

function line(alarm: StormSummaryAlarm): string {
  const name = `\`${escape(clip(alarm.name, NAME_SHOWN))}\``;
  if (alarm.firing) return `🔴 ${name} firing since ${slackDate(alarm.since)}`;
  const when = alarm.resolvedAt ? ` ${slackDate(alarm.resolvedAt)}` : '';
  return `✅ ~${name}~ resolved${when}`;
}

/** Lines joined into as few sections as Slack's section text limit allows. */
function sections(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const text of lines) {
    if (current && current.length + 1 + text.length > LIMITS.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${text}` : text;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

/**
 * A storm's summary (docs/decisions/0030-storm-summaries.md): how many of the environment's alarms fire, each
 * alarm's state, firing ones first, oldest first; each alarm's own message, with its buttons, is in the thread
 * (or, for the first ones, in the channel).
 */
export function stormSummaryMessage(view: StormSummaryView): SlackMessage {
  const ordered = [...view.alarms].sort(
    (a, b) =>
      Number(b.firing) - Number(a.firing) || a.since.getTime() - b.since.getTime() || a.name.localeCompare(b.name),
  );
  const listed: string[] = [];
  let room = LIST_BUDGET;
  for (const alarm of ordered.slice(0, MOST_LISTED)) {
    const text = line(alarm);
    room -= text.length + 1;
    if (room < 0) break;
    listed.push(text);
  }
  const more = ordered.length - listed.length;
  if (more > 0) listed.push(`…and ${more} more, in the thread`);
  const title = headline(view);
  return {
    text: `${title}: ${ordered
      .filter((alarm) => alarm.firing)
      .map((alarm) => alarm.name)
      .join(', ')}`.slice(0, 3000),
    blocks: [
      header(title),
      ...sections(listed),
      context(
        'A storm: these alarms began within a minute of each other. Each one’s message, with its buttons, diagnosis ' +
          'and graph, is in this thread (the first ones are in the channel just above).',
      ),
    ],
  };
}
