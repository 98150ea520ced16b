import type { KnownBlock } from '@slack/types';
import { invocation, typedCommand, usageLine, type CommandSpec, type SlashCommand } from '../../../commands/spec';
import { clip, context, escape, section, type SlackMessage } from './kit';

/**
 * What the user typed, as an answer quotes it: escaped (no mention or link of theirs goes live) and cut, so the
 * answer's own words still fit.
 */
function echo(typed: string): string {
  return escape(clip(typed, 200));
}

function who(spec: CommandSpec): string {
  if (spec.allowed === 'anyone') return 'anyone in a blueshift channel';
  return spec.allowed === 'operators' ? "the environment's operators" : "the environment's operators and approvers";
}

function specBlock(spec: CommandSpec): KnownBlock {
  const examples = spec.examples.map((example) => `\`${example}\``).join('  ');
  return section(
    `*\`${escape(usageLine(spec))}\`*\n${escape(spec.summary)}\n_Examples:_ ${examples}\n_Who:_ ${who(spec)}`,
  );
}

/** `/deploy help`: every form of the command, generated from the specs. */
export function helpMessage(command: SlashCommand, specs: readonly CommandSpec[]): SlackMessage {
  const blocks = [
    section(`*\`/${command}\`* — what it takes:`),
    ...specs.map(specBlock),
    context('Durations: `30m`, `2h`, `1d`. Anything after the last argument is the reason, recorded in the audit log.'),
  ];
  return { text: `How to use /${command}`, blocks };
}

/** What was wrong with the input, and the right form, so the next try works. */
export function usageErrorMessage(
  command: SlashCommand,
  text: string,
  spec: CommandSpec | undefined,
  problem: string,
): SlackMessage {
  const typed = typedCommand({ command, text });
  // Escaped: `<app>` would otherwise be read by Slack as a link, and the problem quotes what the user typed.
  const usage = spec
    ? `\nUsage: \`${escape(usageLine(spec))}\`${spec.examples[0] ? `  e.g. \`${escape(spec.examples[0])}\`` : ''}`
    : '';
  return {
    // The fallback text is mrkdwn too, and notifies: what the user typed must not become a mention or a link there.
    text: `${echo(typed)}: ${escape(problem)}`,
    blocks: [
      section(`:x: \`${echo(typed)}\` — ${escape(problem)}${usage}`),
      context(`\`${spec ? invocation(spec) : `/${command}`} help\` lists every form of the command.`),
    ],
  };
}

/** The instant answer to an accepted command: the real answer follows as soon as AWS has replied. */
export function workingMessage(typed: string): SlackMessage {
  return {
    text: `Working on ${echo(typed)}…`,
    blocks: [context(`:hourglass_flowing_sand: Working on \`${echo(typed)}\`…`)],
  };
}

export function refusalMessage(typed: string, reason: string, next?: string): SlackMessage {
  const blocks = [section(`:no_entry: \`${echo(typed)}\` refused: ${reason}`)];
  return { text: `Not allowed: ${reason}`, blocks: next ? [...blocks, context(next)] : blocks };
}

/** A command that failed: what, why in plain words, and what to do next. */
export function failureMessage(typed: string, reason: string, next: string): SlackMessage {
  return {
    text: `${echo(typed)} failed: ${escape(reason)}`,
    // `next` is plain text (KnownFailure's advice), so it is escaped like the reason: `&` in it is not markup.
    blocks: [section(`:x: \`${echo(typed)}\` failed: ${escape(reason)}`), context(escape(next))],
  };
}
