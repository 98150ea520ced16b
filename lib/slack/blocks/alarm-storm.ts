import type { KnownBlock } from '@slack/types';
import { context, escape, header, LIMITS, section, slackDate, type SlackMessage } from './kit';

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

/** Lines past this are counted, not listed: the alarms' own messages are in the thread anyway. */
const MOST_LISTED = 80;

function headline({ env, alarms }: StormSummaryView): string {
  const firing = alarms.filter((alarm) => alarm.firing).length;
  const resolved = alarms.length - firing;
  if (firing === 0) return `✅ ${alarms.length} alarms in ${env}: all resolved`;
  if (resolved === 0) return `🚨 ${alarms.length} alarms firing in ${env}`;
  return `🚨 ${alarms.length} alarms in ${env}: ${firing} still firing, ${resolved} resolved`;
}

function line(alarm: StormSummaryAlarm): string {
  const name = `\`${escape(alarm.name)}\``;
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
 * A storm's summary (docs/decisions/0027-storm-summaries.md): how many of the environment's alarms fire, each
 * alarm's state, firing ones first, oldest first; each alarm's own message, with its buttons, is in the thread
 * (or, for the first ones, in the channel).
 */
export function stormSummaryMessage(view: StormSummaryView): SlackMessage {
  const ordered = [...view.alarms].sort(
    (a, b) =>
      Number(b.firing) - Number(a.firing) || a.since.getTime() - b.since.getTime() || a.name.localeCompare(b.name),
  );
  const listed = ordered.slice(0, MOST_LISTED).map(line);
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
