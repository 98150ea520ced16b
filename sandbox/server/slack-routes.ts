import type { FileStore } from '../slack/files';
import type { ResponseUrls } from '../slack/response-urls';
import { callMethod, decodeArgs, type WebApiDeps } from '../slack/web-api';
import type { Route } from './http';
import { json, readBody, text } from './io';

export interface SlackRouteDeps extends WebApiDeps {
  files: FileStore;
  responseUrls: ResponseUrls;
  botToken: string;
  /** Each Web API call, for the sandbox's log. */
  onCall: (method: string, result: { ok: boolean; error?: unknown }) => void;
}

/** `Authorization: Bearer xoxb-…`, as web-api sends the token (or a `token` form field, as older clients do). */
function tokenOf(authorization: string | undefined, args: Record<string, unknown>): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  return bearer ?? (typeof args.token === 'string' ? args.token : undefined);
}

/** The Slack side the bot's real WebClient and fetch calls reach through SLACK_API_URL. */
export function slackRoutes(deps: SlackRouteDeps): Route[] {
  return [
    {
      method: 'POST',
      path: /^\/api\/([\w.]+)$/,
      handle: async (request, _response, [method = '']) => {
        const args = decodeArgs(request.headers['content-type'] ?? '', (await readBody(request)).toString('utf8'));
        const result = callMethod(method, args, tokenOf(request.headers.authorization, args), deps.botToken, deps);
        deps.onCall(method, result);
        return json(200, result);
      },
    },
    {
      method: 'POST',
      path: /^\/response\/([0-9a-f]+)$/,
      handle: async (request, _response, [id = '']) => {
        const raw = (await readBody(request)).toString('utf8');
        let body: Record<string, unknown>;
        try {
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          return json(400, { ok: false, error: 'invalid_json' });
        }
        const delivery = deps.responseUrls.deliver(id, body);
        deps.onCall('response_url', { ok: delivery.status === 200, error: delivery.body.error });
        return json(delivery.status, delivery.body);
      },
    },
    {
      method: 'POST',
      path: /^\/upload\/(F\w+)$/,
      handle: async (request, _response, [id = '']) => {
        const bytes = await readBody(request);
        if (!deps.files.receive(id, bytes, request.headers['content-type'])) return text(404, 'upload not found');
        return text(200, `OK - ${bytes.length}`);
      },
    },
    {
      method: 'GET',
      path: /^\/files\/(F\w+)$/,
      handle: (_request, _response, [id = '']) => {
        const file = deps.files.content(id);
        return file ? text(200, file.bytes, file.mimetype) : text(404, 'no such file');
      },
    },
  ];
}
