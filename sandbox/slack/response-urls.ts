import { randomBytes } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import type { MessageStore } from './messages';
import { BOT_USER_ID } from './workspace';

/** "Up to 5 times within 30 minutes": https://api.slack.com/interactivity/handling#message_responses */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

interface Issued {
  channel: string;
  user: string;
  /** The message a click came from (or a command's own ephemeral answer): what replace_original replaces. */
  originTs?: string;
  issuedAt: number;
  uses: number;
}

export interface ResponseBody {
  text?: unknown;
  blocks?: unknown;
  response_type?: unknown;
  replace_original?: unknown;
  delete_original?: unknown;
  thread_ts?: unknown;
}

export interface Delivery {
  status: number;
  body: Record<string, unknown>;
}

const flag = (value: unknown): boolean => value === true || value === 'true';
const blocksOf = (value: unknown): KnownBlock[] | undefined =>
  Array.isArray(value) ? (value as KnownBlock[]) : undefined;

/**
 * response_url as Slack serves it: no token, a limited life, `response_type` ephemeral (the default, seen only
 * by the user who typed or clicked) or in_channel, and `replace_original` / `delete_original` acting on the
 * message the interaction came from, ephemeral or not.
 */
export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly base: () => string,
    private readonly messages: MessageStore,
    private readonly now: () => number = Date.now,
  ) {}

  issue(channel: string, user: string, originTs?: string): string {
    const id = randomBytes(9).toString('hex');
    this.issued.set(id, { channel, user, issuedAt: this.now(), uses: 0, ...(originTs ? { originTs } : {}) });
    return `${this.base()}/response/${id}`;
  }

  /** A command's ack is shown as an ephemeral message; later answers may replace it. */
  setOrigin(url: string, originTs: string): void {
    const entry = this.issued.get(url.slice(url.lastIndexOf('/') + 1));
    if (entry) entry.originTs = originTs;
  }

  deliver(id: string, body: ResponseBody): Delivery {
    const entry = this.issued.get(id);
    if (!entry) return { status: 404, body: { ok: false, error: 'invalid_url' } };
    if (this.now() - entry.issuedAt > RESPONSE_URL_LIFETIME_MS)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (entry.uses >= RESPONSE_URL_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    entry.uses += 1;
    const origin = entry.originTs ? this.messages.find(entry.channel, entry.originTs) : undefined;
    if (flag(body.delete_original)) {
      if (origin) this.messages.remove(origin.channel, origin.ts);
      return { status: 200, body: { ok: true } };
    }
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = blocksOf(body.blocks);
    if (!text && !blocks?.length) return { status: 400, body: { ok: false, error: 'no_text' } };
    if (flag(body.replace_original) && origin) {
      this.messages.replace(origin.channel, origin.ts, { text, ...(blocks ? { blocks } : {}) });
      return { status: 200, body: { ok: true } };
    }
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    const inChannel = body.response_type === 'in_channel';
    this.messages.post({
      channel: entry.channel,
      user: BOT_USER_ID,
      text,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(inChannel ? {} : { ephemeralTo: entry.user }),
    });
    return { status: 200, body: { ok: true } };
  }
}
