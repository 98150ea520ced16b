import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const PAYLOADS = join(__dirname, '..', 'fixtures', 'payloads');
const apiGatewayEnvelope = JSON.parse(
  readFileSync(join(PAYLOADS, 'apigw-http-v2__slack-slash-command-base64__hug-a-ton.json'), 'utf8'),
) as APIGatewayProxyEventV2;
const slashCommandForm = readFileSync(
  join(PAYLOADS, 'slack__slash-command__form-body__decoded-from-hug-a-ton.txt'),
  'utf8',
).trim();

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
/** The workspace and app the test, bench and sandbox configurations name (`slack.teamId`, `slack.appId`). */
export const SLACK_TEAM_ID = 'T0BLUESHIFT';
export const SLACK_APP_ID = 'A0BLUESHIFT';

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`, exactly as Slack signs requests. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommandInput {
  command: string; // '/status'
  text: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  /** Defaults to `ops`. */
  channelName?: string;
  responseUrl?: string;
  triggerId?: string;
}

let triggerCounter = 0;

/** A slash-command form body: the real one Slack sent, with this command's fields swapped in. */
export function slashCommandBody(input: SlashCommandInput): string {
  const form = new URLSearchParams(slashCommandForm);
  triggerCounter += 1;
  form.set('command', input.command);
  form.set('text', input.text);
  form.set('user_id', input.userId ?? 'U0ALICE');
  form.set('user_name', input.userName ?? 'alice');
  form.set('channel_id', input.channelId ?? 'C0PRODOPS01');
  form.set('channel_name', input.channelName ?? 'ops');
  form.set('team_id', SLACK_TEAM_ID);
  form.set('api_app_id', SLACK_APP_ID);
  form.set('trigger_id', input.triggerId ?? `${Date.now()}.${triggerCounter}.abcdef`);
  if (input.responseUrl) form.set('response_url', input.responseUrl);
  return form.toString();
}

export interface SignOptions {
  secret?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Send the body base64-encoded, as API Gateway does for form posts. */
  base64?: boolean;
}

/** Wraps a body as the API Gateway HTTP API (v2) event Slack's POST becomes, signed like Slack signs it. */
export function signedEvent(body: string, options: SignOptions = {}): APIGatewayProxyEventV2 {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const base64 = options.base64 ?? true;
  return {
    ...apiGatewayEnvelope,
    rawPath: '/slack/events',
    routeKey: 'POST /slack/events',
    headers: {
      ...apiGatewayEnvelope.headers,
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body),
    },
    requestContext: {
      ...apiGatewayEnvelope.requestContext,
      http: { ...apiGatewayEnvelope.requestContext.http, path: '/slack/events' },
    },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  };
}

/** An interactivity request (button click): `payload=<json>`, form-encoded and signed. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const blockActionsTemplate = JSON.parse(
  readFileSync(join(PAYLOADS, 'slack__block-actions__payload__bolt-python.json'), 'utf8'),
) as Record<string, unknown> & { actions: Record<string, unknown>[] };

export interface ButtonClickInput {
  action: string;
  value: string;
  userId: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  messageTs?: string;
  responseUrl: string;
  /** The clicked button's block and label, when the caller knows them (the sandbox does). */
  blockId?: string;
  buttonText?: string;
  /** The message the button is in. Slack sends it for channel messages; an ephemeral one is only named by its ts. */
  message?: { text: string; blocks: unknown[] };
  ephemeral?: boolean;
  /** The thread the message is a reply in. */
  threadTs?: string;
}

let clickCounter = 0;

/** A block_actions payload (a button click): the real one Slack sent, with this click's fields swapped in. */
export function buttonClickBody(input: ButtonClickInput): string {
  clickCounter += 1;
  const channel = input.channelId ?? 'C0PRODOPS01';
  const ts = input.messageTs ?? '1767261600.000100';
  const ephemeral = input.ephemeral ?? false;
  const [first] = blockActionsTemplate.actions;
  const text = input.buttonText ? { type: 'plain_text', text: input.buttonText, emoji: true } : first?.text;
  // Slack sends the message as it is, and it holds the clicked button: a caller that names no message gets one that
  // does.
  const blocks = input.message?.blocks ?? [
    {
      type: 'actions',
      block_id: input.blockId ?? 'blueshift',
      elements: [{ type: 'button', action_id: input.action, value: input.value, text }],
    },
  ];
  return interactionBody({
    ...blockActionsTemplate,
    user: {
      id: input.userId,
      username: input.userName ?? input.userId.toLowerCase(),
      name: input.userName ?? input.userId.toLowerCase(),
      team_id: SLACK_TEAM_ID,
    },
    team: { id: SLACK_TEAM_ID, domain: 'blueshift' },
    api_app_id: SLACK_APP_ID,
    channel: { id: channel, name: input.channelName ?? 'ops' },
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: ephemeral },
    ...(ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            ts,
            text: input.message?.text ?? '',
            blocks,
            ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
          },
        }),
    response_url: input.responseUrl,
    actions: [
      {
        ...first,
        type: 'button',
        action_id: input.action,
        block_id: input.blockId ?? 'blueshift',
        text,
        value: input.value,
        action_ts: `${Math.floor(Date.now() / 1000)}.${String(clickCounter).padStart(6, '0')}`,
      },
    ],
  });
}
