import type { KnownBlock } from '@slack/types';
import type { ChannelMessage, SharedFile } from './types';

export interface NewMessage {
  channel: string;
  user: string;
  text: string;
  blocks?: KnownBlock[];
  threadTs?: string;
  ephemeralTo?: string;
  files?: SharedFile[];
  fromSlackbot?: boolean;
}

/**
 * Every message in the emulated workspace, channel messages and ephemeral ones alike, in posting order.
 * Timestamps are Slack's: `<unix seconds>.<6 digits>`, unique and increasing within the workspace.
 */
export class MessageStore {
  private readonly messages: ChannelMessage[] = [];
  private readonly listeners: (() => void)[] = [];
  private lastTs = 0;
  version = 0;

  constructor(private readonly now: () => number = Date.now) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  post(input: NewMessage): ChannelMessage {
    const message: ChannelMessage = { ...input, blocks: input.blocks ?? [], ts: this.nextTs() };
    this.messages.push(message);
    this.changed();
    return message;
  }

  find(channel: string, ts: string): ChannelMessage | undefined {
    return this.messages.find((message) => message.channel === channel && message.ts === ts);
  }

  /** Replaces what a message says, keeping where it is (chat.update, replace_original). */
  replace(
    channel: string,
    ts: string,
    content: { text: string; blocks?: KnownBlock[]; files?: SharedFile[] },
  ): ChannelMessage | undefined {
    const message = this.find(channel, ts);
    if (!message) return undefined;
    message.text = content.text;
    message.blocks = content.blocks ?? [];
    if (content.files) message.files = content.files;
    message.editedAt = new Date(this.now()).toISOString();
    this.changed();
    return message;
  }

  remove(channel: string, ts: string): boolean {
    const index = this.messages.findIndex((message) => message.channel === channel && message.ts === ts);
    if (index < 0) return false;
    this.messages.splice(index, 1);
    this.changed();
    return true;
  }

  /** What one person sees: every channel message, and the ephemeral messages meant for them. */
  visibleTo(user: string): ChannelMessage[] {
    return this.messages.filter((message) => !message.ephemeralTo || message.ephemeralTo === user);
  }

  all(): readonly ChannelMessage[] {
    return this.messages;
  }

  private nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
