import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made: a Web API method, or a POST to a response_url. */
export interface SlackCall {
  method: string; // 'chat.postMessage', or 'response_url'
  path: string;
  args: Record<string, unknown>;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  result?: Record<string, unknown>;
}

export interface SlackApiFake {
  /** Base for SLACK_API_URL (`http://127.0.0.1:<port>/api`). */
  apiUrl: string;
  /** A response_url for one slash command. */
  responseUrl(id?: string): string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  setUserGroup(id: string, members: string[]): void;
  /** The next call to `method` answers HTTP `status` with these headers (e.g. 429 + Retry-After). */
  failNext(method: string, status: number, headers?: Record<string, string>): void;
  reset(): void;
  stop(): Promise<void>;
}

/** Form fields that carry JSON (blocks, attachments) are decoded so tests can assert on them. */
function decodeArgs(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return args;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A loopback stand-in for the Slack Web API and response_urls, recording every call the bot makes. */
export async function startSlackApi(): Promise<SlackApiFake> {
  const calls: SlackCall[] = [];
  const groups = new Map<string, string[]>();
  const failures = new Map<string, { status: number; headers: Record<string, string> }>();
  let ts = 1_767_261_600;

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'chat.postMessage':
        ts += 1;
        return { ok: true, channel: args.channel, ts: `${ts}.000100`, message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${ts}.000200` };
      case 'usergroups.users.list':
        return groups.has(String(args.usergroup)) ? { ok: true, users: groups.get(String(args.usergroup)) } : { ok: false, error: 'no_such_subteam' };
      case 'response_url':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then((raw) => {
      const path = request.url ?? '/';
      const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = decodeArgs(request.headers['content-type'] ?? '', raw);
      const call: SlackCall = { method, path, args };
      calls.push(call);
      const failure = failures.get(method);
      if (failure) {
        failures.delete(method);
        response.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers }).end('{"ok":false}');
        return;
      }
      call.result = answer(method, args);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call.result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let responseCounter = 0;

  return {
    apiUrl: `${base}/api`,
    responseUrl: (id) => `${base}/response/${id ?? String((responseCounter += 1))}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    setUserGroup: (id, members) => groups.set(id, members),
    failNext: (method, status, headers = {}) => failures.set(method, { status, headers }),
    reset: () => {
      calls.length = 0;
      failures.clear();
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
