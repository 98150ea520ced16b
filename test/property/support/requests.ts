import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import {
  buttonClickBody,
  interactionBody,
  SIGNING_SECRET,
  SLACK_APP_ID,
  SLACK_TEAM_ID,
  slashCommandBody,
  signedEvent,
} from '../../fakes/slack-requests';
import { huge, tokenSoup } from './hostile';

const PAYLOADS = join(__dirname, '..', '..', 'fixtures', 'payloads');
const fixture = (name: string) => JSON.parse(readFileSync(join(PAYLOADS, name), 'utf8')) as Record<string, unknown>;

/** Payload types Slack can send an app's request URL that blueshift does not handle, as Slack sends them. */
export const UNHANDLED_PAYLOADS: Record<string, Record<string, unknown>> = {
  view_submission: fixture('slack__view-submission__payload__bolt-python.json'),
  block_suggestion: fixture('slack__block-suggestion__payload__bolt-python.json'),
  event_callback: fixture('slack__app-home-opened__event-callback__slack-go.json'),
  // Shaped like the others; Slack's global and message shortcuts carry callback_id and trigger_id.
  shortcut: {
    type: 'shortcut',
    token: 'verification_token',
    action_ts: '1767261600.000100',
    team: { id: 'T111', domain: 'workspace' },
    user: { id: 'U111', username: 'u', team_id: 'T111' },
    api_app_id: 'A111',
    callback_id: 'deploy',
    trigger_id: '111.222.valid',
  },
  message_action: {
    type: 'message_action',
    callback_id: 'deploy',
    trigger_id: '111.222.valid',
    team: { id: 'T111', domain: 'workspace' },
    channel: { id: 'C0PRODOPS01', name: 'ops' },
    user: { id: 'U111', name: 'u' },
    api_app_id: 'A111',
    message: { type: 'message', text: 'hi', ts: '1767261600.000100' },
    response_url: 'https://hooks.slack.com/app/T111/1/x',
  },
  view_closed: {
    ...fixture('slack__view-submission__payload__bolt-python.json'),
    type: 'view_closed',
    is_cleared: false,
  },
  url_verification: {
    token: 'verification_token',
    challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    type: 'url_verification',
  },
};

/** Sets the workspace and app a payload says it comes from, where its type keeps them (`team_id` or `team.id`). */
export function fromWorkspace(
  payload: Record<string, unknown>,
  team: string | null,
  app: string | null,
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...payload };
  if (copy.type === 'url_verification') return copy;
  if (copy.type === 'event_callback') copy.team_id = team;
  else copy.team = team === null ? null : { ...(copy.team as object | undefined), id: team };
  if (app === null) Reflect.deleteProperty(copy, 'api_app_id');
  else copy.api_app_id = app;
  return copy;
}

/** Who a request says it comes from: this workspace and app, or another. */
export const origin = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ team: SLACK_TEAM_ID, app: SLACK_APP_ID, ours: true }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('T0OTHERTEAM', 'T111', 't0blueshift', `${SLACK_TEAM_ID} `, '')
      .map((team) => ({ team, app: SLACK_APP_ID, ours: false })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('A0OTHERAPP', 'A111', 'a0blueshift', '')
      .map((app) => ({ team: SLACK_TEAM_ID, app, ours: false })),
  },
  { weight: 1, arbitrary: fc.constant({ team: SLACK_TEAM_ID, app: null, ours: false }) },
);

let nonce = 0;
/**
 * A trigger id no other request in the run has, so the replay guard never sees a case twice (shrinking repeats cases).
 */
export const freshTrigger = (): string => `${Date.now()}.${(nonce += 1)}.f00d`;

/** A signed slash command from the given workspace and app. */
export function slashCommandForm(input: {
  command: string;
  text: string;
  userId?: string;
  channelId?: string;
  responseUrl: string;
  team?: string;
  app?: string | null;
}): string {
  const form = new URLSearchParams(
    slashCommandBody({
      command: input.command,
      text: input.text,
      userId: input.userId ?? 'U0ALICE',
      channelId: input.channelId ?? 'C0PRODOPS01',
      responseUrl: input.responseUrl,
      triggerId: freshTrigger(),
    }),
  );
  if (input.team !== undefined) form.set('team_id', input.team);
  if (input.app === null) form.delete('api_app_id');
  else if (input.app !== undefined) form.set('api_app_id', input.app);
  return form.toString();
}

/** A button click body, with its workspace and app set. */
export function clickForm(
  input: Parameters<typeof buttonClickBody>[0],
  team = SLACK_TEAM_ID,
  app: string | null = SLACK_APP_ID,
): string {
  const payload = JSON.parse(new URLSearchParams(buttonClickBody(input)).get('payload') ?? '{}') as Record<
    string,
    unknown
  >;
  return interactionBody({ ...fromWorkspace(payload, team, app), trigger_id: freshTrigger() });
}

export { SIGNING_SECRET, signedEvent };

/** `v0=` + HMAC, over the body as the receiver decodes it (base64 bodies as ASCII, like Bolt). */
export function signatureOf(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/**
 * What Slack would call a validly signed request: the signature over the decoded body, a timestamp within 5 minutes.
 */
export function isValidlySigned(event: APIGatewayProxyEventV2, nowSeconds: number): boolean {
  const headers = Object.fromEntries(
    Object.entries((event.headers as Record<string, string> | undefined) ?? {}).map(([key, value]) => [
      key.toLowerCase(),
      value,
    ]),
  );
  const timestamp = headers['x-slack-request-timestamp'];
  const signature = headers['x-slack-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^[1-9]\d*$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const raw =
    typeof event.body !== 'string'
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('ascii')
        : event.body;
  return signature === signatureOf(SIGNING_SECRET, timestamp, raw);
}

/** Form-encodes like Slack (URLSearchParams also copes with lone surrogates, which encodeURIComponent throws on). */
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Bodies that are no Slack request at all: arbitrary text, JSON, broken `payload=`, up to 1 MB. */
export const garbageBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }).map((text) => form({ payload: text })),
  fc.json({ maxDepth: 2 }).map((json) => form({ payload: json })),
  tokenSoup().map((text) => `${form({ command: text, text })}&command=%2Fstatus`),
  huge(100_000, 1_048_576),
);
