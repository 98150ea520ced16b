import type { KnownBlock } from '@slack/types';
import { buttonClickBody, signedEvent, slashCommandBody } from '../../test/fakes/slack-requests';
import type { MessageStore } from '../slack/messages';
import type { ResponseUrls } from '../slack/response-urls';
import type { ChannelMessage } from '../slack/types';
import { BOT_USER_ID, SLACKBOT_USER_ID, type Workspace } from '../slack/workspace';
import { TIMEOUT_MS, type BotFunctions } from './functions';
import { lambdaContext } from './lambda-context';

/** Slack waits this long for an ack, then says the app timed out: https://api.slack.com/interactivity/slash-commands */
export const ACK_DEADLINE_MS = 3_000;

export interface GatewayDeps {
  workspace: Workspace;
  messages: MessageStore;
  responseUrls: ResponseUrls;
  functions: Pick<BotFunctions, 'slack'>;
  signingSecret: string;
  log: (line: string) => void;
}

export interface Outcome {
  ok: boolean;
  /** What Slack would say went wrong, when it went wrong. */
  error?: string;
}

interface ButtonElement {
  type?: string;
  action_id?: string;
  value?: string;
  text?: { text?: string };
}
/** Blocks read loosely: only the parts that can hold a button. */
interface ButtonHolder {
  type: string;
  block_id?: string;
  elements?: ButtonElement[];
  accessory?: ButtonElement;
}

/**
 * The button a click names, as the message has it: Slack sends the button's own value, not the page's. `index` (its
 * place in the block) tells apart buttons of one action in one block (a request's choices): the first unless given.
 */
export function findButton(
  message: ChannelMessage,
  actionId: string,
  blockId?: string,
  index?: number,
): (ButtonElement & { blockId?: string }) | undefined {
  for (const block of message.blocks as unknown as ButtonHolder[]) {
    if (blockId !== undefined && block.block_id !== blockId) continue;
    const elements = [
      ...(block.type === 'actions' ? (block.elements ?? []) : []),
      ...(block.accessory ? [block.accessory] : []),
    ];
    const found = elements.find(
      (element, at) =>
        element.type === 'button' && element.action_id === actionId && (index === undefined || at === index),
    );
    if (found) return { ...found, ...(block.block_id ? { blockId: block.block_id } : {}) };
  }
  return undefined;
}

/**
 * What Slack does between a person and the app: a typed slash command or a clicked button becomes a signed
 * request (an API Gateway HTTP API event) to the real `slack` function, and its ack is shown as Slack shows it.
 */
export class SlackGateway {
  constructor(private readonly deps: GatewayDeps) {}

  async slashCommand(user: string, channel: string, typed: string): Promise<Outcome> {
    const { workspace, responseUrls } = this.deps;
    const [command = '', ...words] = typed.trim().split(/\s+/);
    if (!workspace.commands.some((known) => known.command === command)) {
      this.slackbotSays(
        user,
        channel,
        `\`${command}\` is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
      );
      return { ok: false, error: 'not_a_command' };
    }
    const responseUrl = responseUrls.issue(channel, user);
    const body = slashCommandBody({
      command,
      text: words.join(' '),
      userId: user,
      userName: workspace.user(user)?.name ?? user,
      channelId: channel,
      channelName: workspace.channel(channel)?.name ?? channel,
      responseUrl,
    });
    const ack = await this.invoke(body, user, channel, command);
    if (ack === undefined) return { ok: false, error: 'dispatch_failed' };
    const shown = this.showAck(ack, user, channel);
    if (shown) responseUrls.setOrigin(responseUrl, shown.ts);
    return { ok: true };
  }

  async click(
    user: string,
    channel: string,
    ts: string,
    actionId: string,
    blockId?: string,
    index?: number,
  ): Promise<Outcome> {
    const { workspace, messages, responseUrls } = this.deps;
    const message = messages.find(channel, ts);
    if (!message || (message.ephemeralTo && message.ephemeralTo !== user))
      return { ok: false, error: 'message_not_found' };
    const button = findButton(message, actionId, blockId, index);
    if (!button) return { ok: false, error: 'button_not_found' };
    const responseUrl = responseUrls.issue(channel, user, ts);
    const body = buttonClickBody({
      action: actionId,
      value: button.value ?? '',
      userId: user,
      userName: workspace.user(user)?.name ?? user,
      channelId: channel,
      channelName: workspace.channel(channel)?.name ?? channel,
      messageTs: ts,
      // a reply's click carries its thread, as Slack's does, so the bot answers in that thread and not under the reply
      ...(message.threadTs ? { threadTs: message.threadTs } : {}),
      responseUrl,
      ephemeral: Boolean(message.ephemeralTo),
      message: { text: message.text, blocks: message.blocks },
      ...(button.blockId ? { blockId: button.blockId } : {}),
      ...(button.text?.text ? { buttonText: button.text.text } : {}),
    });
    const ack = await this.invoke(body, user, channel, 'that button');
    // A click's ack is empty: Slack shows nothing for it, and the bot answers later.
    return ack === undefined ? { ok: false, error: 'dispatch_failed' } : { ok: true };
  }

  /** The signed request to the slack function; undefined (and Slackbot explains) when Slack would give up. */
  private async invoke(body: string, user: string, channel: string, what: string): Promise<string | undefined> {
    const started = Date.now();
    try {
      const response = await this.deps.functions.slack(
        signedEvent(body, { secret: this.deps.signingSecret }),
        lambdaContext('slack', TIMEOUT_MS.slack),
      );
      const late = Date.now() - started > ACK_DEADLINE_MS;
      if (!late && response.statusCode === 200) return response.body;
      this.deps.log(
        `the slack function answered ${what} with HTTP ${response.statusCode} after ${Date.now() - started} ms: ${response.body.slice(0, 200)}`,
      );
      this.failed(user, channel, what, late ? 'operation_timeout' : 'dispatch_failed');
    } catch (error) {
      this.deps.log(`the slack function failed on ${what}: ${String(error)}`);
      this.failed(user, channel, what, 'dispatch_failed');
    }
    return undefined;
  }

  private failed(user: string, channel: string, what: string, error: string): void {
    this.slackbotSays(user, channel, `${what} failed with the error "${error}"`);
  }

  /** An ack body: empty shows nothing; text or JSON `{response_type, text, blocks}` shows a message. */
  private showAck(ack: string, user: string, channel: string): ChannelMessage | undefined {
    if (!ack.trim()) return undefined;
    let parsed: { response_type?: unknown; text?: unknown; blocks?: unknown };
    try {
      parsed = JSON.parse(ack) as typeof parsed;
    } catch {
      parsed = { text: ack };
    }
    const text = typeof parsed.text === 'string' ? parsed.text : '';
    const blocks = Array.isArray(parsed.blocks) ? (parsed.blocks as KnownBlock[]) : [];
    const inChannel = parsed.response_type === 'in_channel';
    return this.deps.messages.post({
      channel,
      user: BOT_USER_ID,
      text,
      blocks,
      ...(inChannel ? {} : { ephemeralTo: user }),
    });
  }

  private slackbotSays(user: string, channel: string, text: string): void {
    this.deps.messages.post({ channel, user: SLACKBOT_USER_ID, text, ephemeralTo: user, fromSlackbot: true });
  }
}
