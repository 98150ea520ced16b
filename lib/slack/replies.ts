import type { WebClient } from '@slack/web-api';
import { redactDeep } from '../redact';
import type { SlackMessage } from './blocks/kit';

export interface RespondOptions {
  /** `in_channel` shows the answer to everyone; the default is only to the user who asked. */
  responseType?: 'ephemeral' | 'in_channel';
  replaceOriginal?: boolean;
}

/** How the bot answers in Slack: through a command's response_url, or as the bot in a channel. */
export interface Replies {
  respond(responseUrl: string, message: SlackMessage, options?: RespondOptions): Promise<void>;
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts: string }>;
  postEphemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
}

/** response_url refused the message (expired after 30 minutes or 5 uses, or Slack said no). */
export class ResponseUrlError extends Error {
  override readonly name = 'ResponseUrlError';
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`Slack's response_url answered ${status}: ${body.slice(0, 200)}`);
  }
}

/** Every message leaves through here, with any secret the bot holds redacted from its text (an error's, say). */
export function slackReplies(client: WebClient, fetchImpl: typeof fetch = fetch): Replies {
  return {
    async respond(responseUrl, original, options = {}) {
      const message = redactDeep(original);
      const response = await fetchImpl(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({
          ...message,
          response_type: options.responseType ?? 'ephemeral',
          replace_original: options.replaceOriginal ?? false,
        }),
      });
      if (!response.ok) throw new ResponseUrlError(response.status, await response.text());
    },
    async post(channel, message, threadTs) {
      const result = await client.chat.postMessage({
        channel,
        ...redactDeep(message),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      if (!result.ts) throw new Error(`chat.postMessage to ${channel} returned no ts`);
      return { ts: result.ts };
    },
    async postEphemeral(channel, user, message) {
      await client.chat.postEphemeral({ channel, user, ...redactDeep(message) });
    },
    async update(channel, ts, message) {
      await client.chat.update({ channel, ts, ...redactDeep(message) });
    },
  };
}
