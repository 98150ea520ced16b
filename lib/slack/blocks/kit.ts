import type { ContextBlock, DividerBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { ciRoleName, isCiActor } from '../../../commands/ci/principal';
import { escape } from '../../mrkdwn';

/** A message as the bot sends it: `text` is the notification fallback, `blocks` what people see. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack's documented limits: https://api.slack.com/reference/block-kit/blocks and the pages of each block. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  contextElements: 10,
} as const;

/**
 * Slack refuses block payloads around 13,000 characters with `msg_blocks_too_long` even when every documented
 * limit holds (https://github.com/slackapi/bolt-js/issues/2509); messages that grow with the data stay under this.
 */
export const MESSAGE_BUDGET = 11_000;

/** The size Slack weighs a message's blocks by: their JSON. */
export function blocksSize(blocks: readonly KnownBlock[]): number {
  return JSON.stringify(blocks).length;
}

/** Cuts text to a limit, saying it was cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// Re-exported: the renderers escape through the kit like the rest of their building blocks.
export { escape };

/** Slack's link syntax around a URL already checked (commands/ci-links.ts), `&` written as Slack writes it. */
export const linkTo = (url: string, label: string): string => `<${url.replace(/&/g, '&amp;')}|${escape(label)}>`;

/**
 * Who did something: a Slack user as a mention, a CI role (docs/decisions/0022) as `CI <role>`, anything else (the
 * bot's own `blueshift-system`) as plain bold text, because `<@…>` around a non-user id renders as a broken mention.
 */
export function actor(id: string): string {
  if (isSlackUser(id)) return `<@${id}>`;
  if (isCiActor(id)) return `*CI* \`${escape(ciRoleName(id))}\``;
  return id.startsWith('blueshift') ? '*blueshift*' : `*${escape(id)}*`;
}

/** Whether an actor id is a Slack user, who can be mentioned, answered and told apart from an approver. */
export function isSlackUser(id: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(id);
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.header), emoji: true } };
}

export function section(text: string, fields: string[] = []): SectionBlock {
  const block: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) } };
  if (fields.length) {
    block.fields = fields.slice(0, LIMITS.fields).map((field) => ({ type: 'mrkdwn', text: clip(field, LIMITS.field) }));
  }
  return block;
}

export function context(...lines: string[]): ContextBlock {
  return {
    type: 'context',
    elements: lines
      .slice(0, LIMITS.contextElements)
      .map((line) => ({ type: 'mrkdwn', text: clip(line, LIMITS.sectionText) })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** `3h ago`, `just now`: times in messages are read at a glance, not computed. */
export function ago(then: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.round(hours / 24)}d ago`;
}

/** A Slack date token: each reader sees it in their own time zone; the fallback is UTC. */
export function slackDate(date: Date): string {
  const epoch = Math.floor(date.getTime() / 1000);
  return `<!date^${epoch}^{date_short_pretty} {time}|${date.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
}
