import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseForm } from 'node:querystring';
import type { AwsEvent, AwsHandler, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import * as z from 'zod';
import type { BlueshiftConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';

/** Slack's replay window, both ways: a timestamp further from now than this is stale or from the future. */
const WINDOW_SECONDS = 300;
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

export interface RequestGuardDeps {
  signingSecret: string;
  config(): Promise<BlueshiftConfig>;
  now(): Date;
}

type Body = Record<string, unknown>;

interface Request {
  headers: Map<string, string>;
  raw: string;
  /** The body as Bolt will read it; undefined when it is no JSON object or form (Bolt would throw on it). */
  body: Body | undefined;
}

// What the listeners read, in the shapes Slack sends slash commands and block_actions. Ids as Slack writes them.
const userId = z.string().regex(/^[UW][A-Z0-9]{2,31}$/);
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,31}$/);
const slashCommand = z.object({
  command: z.string().regex(/^\/[\w-]{1,31}$/),
  text: z.string(),
  user_id: userId,
  user_name: z.string().min(1).max(255),
  channel_id: channelId,
  trigger_id: z.string().min(1).max(255),
  response_url: z.url().max(2000),
});
const blockActions = z
  .object({
    type: z.literal('block_actions'),
    user: z.object({ id: userId, name: z.string().max(255).optional(), username: z.string().max(255).optional() }),
    channel: z.object({ id: channelId }).nullish(),
    container: z.object({ channel_id: channelId.optional(), message_ts: z.string().max(64).optional() }),
    message: z.object({ ts: z.string().max(64), blocks: z.array(z.unknown()).optional() }).optional(),
    response_url: z.url().max(2000),
    // Slack's own limits: action_id ≤ 255, a button's value ≤ 2000 characters; one action per click.
    actions: z
      .array(
        z.object({
          action_id: z.string().min(1).max(255),
          value: z.string().max(2000).optional(),
          action_ts: z.string().min(1).max(64),
        }),
      )
      .length(1),
  })
  .refine((body) => Boolean(body.channel?.id ?? body.container.channel_id), 'the click names no channel');

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const shown = (value: unknown) => (typeof value === 'string' ? value.slice(0, 64) : typeof value);

function readRequest(event: AwsEvent): Request | undefined {
  const rawHeaders = (event as Partial<AwsEvent>).headers;
  if (!isObject(rawHeaders)) return undefined;
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(rawHeaders))
    if (typeof value === 'string') headers.set(name.toLowerCase(), value);
  const encoded: unknown = event.body ?? '';
  if (typeof encoded !== 'string') return undefined;
  // Decoded exactly as Bolt's AwsLambdaReceiver decodes it, so the text signed is the text Bolt's listeners read.
  const raw = event.isBase64Encoded ? Buffer.from(encoded, 'base64').toString('ascii') : encoded;
  return { headers, raw, body: parseBody(raw, headers.get('content-type')) };
}

/** The two content types Slack sends, read as Bolt reads them; anything else is no Slack request. */
function parseBody(raw: string, contentType: string | undefined): Body | undefined {
  try {
    if (contentType === FORM) {
      const form = parseForm(raw);
      const parsed: unknown = typeof form.payload === 'string' ? JSON.parse(form.payload) : { ...form };
      return isObject(parsed) ? parsed : undefined;
    }
    if (contentType === JSON_TYPE) {
      const parsed: unknown = JSON.parse(raw);
      return isObject(parsed) ? parsed : undefined;
    }
  } catch {
    // Not JSON: Bolt would throw, and the function fail with a 500; it is a 400 below.
  }
  return undefined;
}

/**
 * Why the request is not Slack's, or undefined when its `v0` signature and timestamp hold (Slack's request signing).
 */
function signatureProblem(request: Request, deps: RequestGuardDeps): string | undefined {
  const timestamp = request.headers.get('x-slack-request-timestamp') ?? '';
  const signature = request.headers.get('x-slack-signature') ?? '';
  if (!/^[1-9]\d{0,15}$/.test(timestamp)) return 'no request timestamp';
  // Bolt refuses only old timestamps; a future one would outlive the replay guard's memory (docs/decisions/0002).
  if (Math.abs(deps.now().getTime() / 1000 - Number(timestamp)) > WINDOW_SECONDS)
    return 'a timestamp more than 5 minutes from now';
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return 'no v0 signature';
  const expected = `v0=${createHmac('sha256', deps.signingSecret).update(`v0:${timestamp}:${request.raw}`).digest('hex')}`;
  return timingSafeEqual(Buffer.from(signature), Buffer.from(expected)) ? undefined : 'a signature that does not match';
}

/** The workspace and app a request names: every team id in it, and its api_app_id. */
function originProblem(body: Body, config: BlueshiftConfig): string | undefined {
  const teams = [body.team_id, isObject(body.team) ? body.team.id : body.team].filter((team) => team !== undefined);
  if (!teams.length || teams.some((team) => team !== config.slack.teamId))
    return `workspace ${teams.map(shown).join(', ') || 'none'}`;
  if (body.api_app_id !== config.slack.appId) return `app ${shown(body.api_app_id)}`;
  return undefined;
}

/** What blueshift does with a request Slack sent: the listeners' kinds, after their shape is checked. */
function kindOf(body: Body): 'command' | 'click' | 'unhandled' {
  if (body.event === undefined && body.command !== undefined) return 'command';
  if (
    body.event === undefined &&
    body.command === undefined &&
    body.name === undefined &&
    body.type === 'block_actions'
  )
    return 'click';
  return 'unhandled';
}

function answer(statusCode: number, body: string, extra: Record<string, string> = {}): AwsResponse {
  return { statusCode, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...extra }, body };
}

/**
 * Stands before Bolt in the slack function: what is not a readable request from Slack, for this workspace and app,
 * in a shape the listeners can take, is answered here and never reaches them (so never SQS). This is the one
 * signature check (Bolt's receiver has its own turned off, handlers/slack/app.ts): stricter than Bolt's (future
 * timestamps too), and what would make Bolt throw (a 500) is a 400 here. Requests Slack may send that blueshift
 * does not handle (modals, shortcuts, events) get an empty 200, so Slack does not retry or show an error, and a log
 * line.
 */
export function guardRequests(handle: AwsHandler, deps: RequestGuardDeps): AwsHandler {
  return async (event, context): Promise<AwsResponse> => {
    const request = readRequest(event);
    if (!request) {
      logger.warn('refused a request that is no HTTP request with headers and a text body');
      return answer(400, 'not a Slack request');
    }
    // Slack's certificate check for slash commands: answered before verification, as Bolt does.
    if (request.body?.ssl_check !== undefined && request.body.ssl_check !== null) return { statusCode: 200, body: '' };
    const unsigned = signatureProblem(request, deps);
    if (unsigned) {
      logger.warn('refused a request not signed by Slack', { reason: unsigned });
      return answer(401, 'not signed by Slack');
    }
    if (!request.body) {
      logger.warn('refused a signed request whose body Slack would not send', {
        contentType: shown(request.headers.get('content-type')),
      });
      return answer(400, 'not a Slack request body');
    }
    const { body } = request;
    if (body.type === 'url_verification') return handle(event, context); // Bolt echoes the challenge; it names no workspace
    let config: BlueshiftConfig;
    try {
      config = await deps.config();
    } catch (error) {
      // Without it, who may ask is unknown: nothing is done, and a slash command's author reads why.
      logger.error('could not read the configuration to check a Slack request', { error });
      return answer(
        200,
        kindOf(body) === 'command'
          ? 'blueshift could not read its configuration, so nothing was done. Try again in a minute; if it keeps failing, tell the blueshift operators.'
          : '',
      );
    }
    const foreign = originProblem(body, config);
    if (foreign) {
      // Signed with our secret, so the app is installed elsewhere or shares the secret: refuse, and tell Slack
      // not to retry (Events API). Slack shows the person an error; nothing was done.
      logger.warn('refused a request from another Slack workspace or app', { from: foreign });
      return answer(403, 'This blueshift answers one Slack workspace and app only; nothing was done.', {
        'X-Slack-No-Retry': '1',
      });
    }
    const kind = kindOf(body);
    if (kind === 'unhandled') {
      logger.info('acknowledged a Slack request blueshift does not handle', {
        type: shown(body.type ?? (isObject(body.event) ? body.event.type : undefined)),
      });
      return { statusCode: 200, body: '' };
    }
    const shape = (kind === 'command' ? slashCommand : blockActions).safeParse(body);
    if (!shape.success) {
      logger.warn('refused a Slack request in a shape Slack does not send', {
        kind,
        issues: shape.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      });
      return answer(400, 'malformed Slack request');
    }
    const response = await handle(event, context);
    if (response.statusCode !== 404) return response;
    // No listener took it (a button blueshift does not know, a command it does not declare): nothing was done.
    logger.warn('acknowledged a Slack request no listener takes', { kind });
    return { statusCode: 200, body: '' };
  };
}
