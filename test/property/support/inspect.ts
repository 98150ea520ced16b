import type { KnownBlock } from '@slack/types';
import type { SlackCall } from '../../fakes/slack-api';
import { slackLimitProblems } from '../../unit/slack/limits';

/** Slack truncates a message's `text` beyond this (chat.postMessage); blueshift's fallbacks stay far below it. */
const MAX_TEXT = 40_000;

/** Fields that name things rather than show text (ids, timestamps, URLs the bot chose): never rendered as mrkdwn. */
const NOT_SHOWN = new Set([
  'action_id',
  'block_id',
  'value',
  'channel',
  'channel_id',
  'ts',
  'thread_ts',
  'user',
  'response_type',
  'type',
  'url',
  'image_url',
  'filename',
  'id',
  'style',
  'files',
]);

/** `<…>` that Slack turns into a mention, a channel, a broadcast or a link. */
const LIVE = /<([@#!]|[a-z][a-z0-9+.-]*:)[^<>]*>/gi;

/**
 * A live token some input must have put there: blueshift never names EVIL things and never broadcasts. A link
 * blueshift makes may carry input encoded in its path (an alarm's console URL): it is input's only when input
 * chose where it goes (its host) or its scheme is not the web's.
 */
function fromInput(tokenText: string): boolean {
  if (/^<!(channel|here|everyone|group)\b/i.test(tokenText)) return true;
  const web = /^<https?:\/\/([^/?#|>]*)[^|>]*(?:\|([^>]*))?>$/i.exec(tokenText);
  if (web) return /evil/i.test(web[1] ?? '');
  return /evil/i.test(tokenText);
}

/** Every string Slack would render as mrkdwn (plain_text objects are shown as typed), with where it is. */
function renderedStrings(value: unknown, where: string, out: { where: string; text: string }[]): void {
  if (typeof value === 'string') {
    out.push({ where, text: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => renderedStrings(item, `${where}[${index}]`, out));
    return;
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (object.type === 'plain_text') return;
    for (const [key, item] of Object.entries(object)) {
      if (!NOT_SHOWN.has(key)) renderedStrings(item, `${where}.${key}`, out);
    }
  }
}

/** Live mentions, broadcasts and links in a message that came from what someone typed or a request carried. */
export function liveInputMarkup(message: unknown, where = 'message'): string[] {
  const strings: { where: string; text: string }[] = [];
  renderedStrings(message, where, strings);
  return strings.flatMap(({ where: at, text }) =>
    [...text.matchAll(LIVE)]
      .map((match) => match[0])
      .filter(fromInput)
      .map((token) => `${at}: live ${token}`),
  );
}

/** Slack's limits for a message the bot sends (blocks as documented, plus the fallback text's own limit). */
export function messageLimitProblems(message: Record<string, unknown>, where = 'message'): string[] {
  const text = typeof message.text === 'string' ? message.text : '';
  const problems = Array.isArray(message.blocks)
    ? slackLimitProblems({ text, blocks: message.blocks as KnownBlock[] })
    : [...(text.trim() ? [] : ['text: empty'])];
  if (text.length > MAX_TEXT) problems.push(`text: ${text.length} characters, more than ${MAX_TEXT}`);
  return problems.map((problem) => `${where}: ${problem}`);
}

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url']);

/** What is wrong with every message the bot sent to Slack (Web API and response_urls), as the fake recorded it. */
export function sentMessageProblems(calls: readonly SlackCall[]): string[] {
  return calls.flatMap((call, index) => {
    const where = `${call.method}#${index}`;
    const markup =
      call.method === 'usergroups.users.list' || call.method === 'upload' ? [] : liveInputMarkup(call.args, where);
    const limits =
      MESSAGE_METHODS.has(call.method) && !call.args.delete_original ? messageLimitProblems(call.args, where) : [];
    return [...markup, ...limits];
  });
}

/** An ack body as Slack reads it: JSON `{text, blocks}`, plain text, or empty. */
export function ackMessage(body: string): Record<string, unknown> | undefined {
  if (!body.trim()) return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { text: body };
  } catch {
    return { text: body };
  }
}

/** What is wrong with an ack body Slack would show the user. */
export function ackProblems(body: string): string[] {
  const message = ackMessage(body);
  return message ? [...liveInputMarkup(message, 'ack'), ...messageLimitProblems(message, 'ack')] : [];
}
