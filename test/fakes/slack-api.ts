import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deferred, type Deferred } from './deferred';
import { invalidBlocks } from './slack-blocks';
import { rateLimiter, type SlackRateLimits } from './slack-rate-limits';

/** The calls that carry a message's blocks, which Slack validates. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url']);

/** One call the bot made: a Web API method, a POST to a response_url, or a file's bytes to an upload URL. */
export interface SlackCall {
  method: string; // 'chat.postMessage', 'response_url', or 'upload'
  path: string;
  args: Record<string, unknown>;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  result?: Record<string, unknown>;
  /** When the call arrived and when its answer left (the options' clock, milliseconds). */
  at?: number;
  answeredAt?: number;
  /** Refused with HTTP 429 by the rate limits. */
  rateLimited?: boolean;
}

export interface SlackApiOptions {
  /** Every call is answered this long after it arrived: a simulated round trip (the bench). */
  latencyMs?: number;
  /** Slack's rate limits, enforced with 429 + Retry-After (slack-rate-limits.ts). */
  limits?: SlackRateLimits;
  /** The clock of `at` and `answeredAt`; performance.now() unless given. The rate limits read `Date.now()`, the
   * clock the code under test reads too, so a test or the bench that moves it (Lambda's retry a minute later) moves
   * Slack's buckets with it. */
  clock?: () => number;
}

export interface SlackApiFake {
  /** Base for SLACK_API_URL (`http://127.0.0.1:<port>/api`). */
  apiUrl: string;
  /** Calls refused with 429 by the rate limits. */
  rateLimited(): number;
  /** Enforces these rate limits from now on (none: undefined). */
  setLimits(limits: SlackRateLimits | undefined): void;
  /** A response_url for one slash command. */
  responseUrl(id?: string): string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** The bytes POSTed to the upload URLs files.getUploadURLExternal handed out, by file id. */
  uploads: { fileId: string; bytes: Buffer }[];
  setUserGroup(id: string, members: string[]): void;
  /** The next call to `method` answers HTTP `status` with these headers (e.g. 429 + Retry-After). */
  failNext(method: string, status: number, headers?: Record<string, string>): void;
  /**
   * The next call to `method` is held on arrival, before it is recorded or answered: `arrived` resolves when it
   * is, `release()` lets it through. Lets a test make two edits land in a chosen order.
   */
  holdNext(method: string): { arrived: Promise<void>; release(): void };
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

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Which call a request is: the upload URLs are `/upload/<file id>`, response_urls `/response/<id>`. */
function methodOf(path: string): string {
  if (path.startsWith('/response/')) return 'response_url';
  if (path.startsWith('/upload/')) return 'upload';
  return path.replace(/^\/api\//, '').split('?')[0] ?? '';
}

/** A loopback stand-in for the Slack Web API and response_urls, recording every call the bot makes. */
export async function startSlackApi(options: SlackApiOptions = {}): Promise<SlackApiFake> {
  const clock = options.clock ?? (() => performance.now());
  let limiter = options.limits ? rateLimiter(options.limits) : undefined;
  const latency = options.latencyMs ?? 0;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const calls: SlackCall[] = [];
  const groups = new Map<string, string[]>();
  const failures = new Map<string, { status: number; headers: Record<string, string> }>();
  const uploads: { fileId: string; bytes: Buffer }[] = [];
  const holds = new Map<string, { arrived: Deferred<undefined>; released: Deferred<undefined> }>();
  let ts = 1_767_261_600;
  let files = 0;
  let base = '';

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const refused = MESSAGE_METHODS.has(method) ? invalidBlocks(args.blocks) : undefined;
    if (refused) return { ok: false, error: 'invalid_blocks', errors: [refused] };
    switch (method) {
      case 'chat.postMessage':
        ts += 1;
        return { ok: true, channel: args.channel, ts: `${ts}.000100`, message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${ts}.000200` };
      case 'usergroups.users.list':
        return groups.has(String(args.usergroup))
          ? { ok: true, users: groups.get(String(args.usergroup)) }
          : { ok: false, error: 'no_such_subteam' };
      case 'response_url':
        return { ok: true };
      case 'files.getUploadURLExternal': {
        files += 1;
        const fileId = `F0GRAPH${String(files).padStart(4, '0')}`;
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case 'upload':
        return { ok: true };
      case 'files.completeUploadExternal':
        return { ok: true, files: args.files };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then(async (body) => {
      const path = request.url ?? '/';
      const method = methodOf(path);
      const hold = holds.get(method);
      if (hold) {
        holds.delete(method);
        hold.arrived.resolve(undefined);
        await hold.released.promise;
      }
      if (method === 'upload') uploads.push({ fileId: path.slice('/upload/'.length), bytes: body });
      const args =
        method === 'upload'
          ? { length: body.length }
          : decodeArgs(request.headers['content-type'] ?? '', body.toString('utf8'));
      const call: SlackCall = { method, path, args, at: clock() };
      calls.push(call);
      if (latency) await sleep(latency);
      const admission = limiter?.admit(method, typeof args.channel === 'string' ? args.channel : undefined, Date.now());
      if (admission && !admission.allowed) {
        call.rateLimited = true;
        call.answeredAt = clock();
        response
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(admission.retryAfterSeconds) })
          .end('{"ok":false,"error":"ratelimited"}');
        return;
      }
      const failure = failures.get(method);
      if (failure) {
        failures.delete(method);
        response
          .writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers })
          .end('{"ok":false}');
        return;
      }
      call.result = answer(method, args);
      call.answeredAt = clock();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call.result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let responseCounter = 0;

  return {
    apiUrl: `${base}/api`,
    responseUrl: (id) => `${base}/response/${id ?? String((responseCounter += 1))}`,
    calls,
    rateLimited: () => limiter?.refused() ?? 0,
    setLimits: (limits) => void (limiter = limits ? rateLimiter(limits) : undefined),
    callsTo: (method) => calls.filter((call) => call.method === method),
    uploads,
    setUserGroup: (id, members) => groups.set(id, members),
    failNext: (method, status, headers = {}) => failures.set(method, { status, headers }),
    holdNext: (method) => {
      const hold = { arrived: deferred<undefined>(), released: deferred<undefined>() };
      holds.set(method, hold);
      return { arrived: hold.arrived.promise.then(() => undefined), release: () => hold.released.resolve(undefined) };
    },
    reset: () => {
      calls.length = 0;
      limiter?.reset();
      uploads.length = 0;
      files = 0;
      failures.clear();
      for (const hold of holds.values()) hold.released.resolve(undefined);
      holds.clear();
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
