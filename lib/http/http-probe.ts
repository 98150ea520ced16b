import { isLoopback } from '../../commands/checks/check-url';
import type { CheckResult, HttpCheck, HttpProbe } from '../../commands/checks/types';
import { discardBody, readBodyStart, type BodyStart } from './read-body';
import { bodyStartOf, failureOf, shownLocation, timedOut } from './problems';

/** How much of a body is read, for `contains` and for showing a failure: enough for a login page's form. */
export const BODY_CAP_BYTES = 64 * 1024;
/** Redirects to the same origin followed before the last one's status is taken as the answer. */
export const MAX_REDIRECTS = 3;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'blueshift-check';

/** Node's fetch, or a stand-in with its signature. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpProbeOptions {
  /** Default: the global fetch (Node's undici), with TLS verification as Node has it. */
  fetch?: Fetch;
  /** Milliseconds since the epoch; a result's `at` and `ms` come from it. */
  now?: () => number;
}

/** The last response of a check, and what became of its redirects. */
interface Exchange {
  response: Response;
  /** A redirect this probe did not follow: to another origin, or one more than MAX_REDIRECTS. */
  unfollowed?: { to: URL; why: 'another host' | 'too many' };
}

/**
 * Runs a configured check with Node's fetch: `redirect: 'manual'`, following redirects to the same origin only (a
 * login page's redirect to an SSO host is the answer, not a request to that host), reading at most BODY_CAP_BYTES,
 * and giving up after the check's timeout or when `signal` (the caller's early stop) fires. A failing endpoint is a
 * result, never an error: only the caller's own abort rejects, with its reason. TLS certificates are verified.
 */
export function httpProbe(options: HttpProbeOptions = {}): HttpProbe {
  // The global is looked up at each call, so a fetch replaced after this probe was made is the one used.
  const send: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
  const now = options.now ?? Date.now;
  return { run: (check, signal) => runCheck(check, signal, send, now) };
}

async function runCheck(
  check: HttpCheck,
  outer: AbortSignal | undefined,
  send: Fetch,
  now: () => number,
): Promise<CheckResult> {
  outer?.throwIfAborted();
  const started = now();
  const result = (outcome: Pick<CheckResult, 'passed' | 'status' | 'problem' | 'bodyStart'>): CheckResult => ({
    check: check.name,
    url: check.url,
    ...outcome,
    ms: Math.max(0, now() - started),
    at: new Date(started),
  });
  const refusal = refusalOf(check.url);
  if (refusal) return result({ passed: false, problem: refusal });

  // One deadline for the whole check: every redirect and the body read share it.
  const timeout = AbortSignal.timeout(check.timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
  // Whatever failed, the caller's stop wins, then the timeout, then the error itself.
  const failure = (error: unknown): string => {
    if (outer?.aborted) throw outer.reason;
    return timeout.aborted ? timedOut(check.timeoutMs) : failureOf(error);
  };
  let exchange: Exchange;
  try {
    exchange = await follow(check, signal, send);
  } catch (error) {
    return result({ passed: false, problem: failure(error) });
  }
  const { response, unfollowed } = exchange;
  const status = response.status;
  const statusPasses = check.expect.includes(status);
  // `contains` is about a page; a redirect that is expected passes on its status alone.
  const wantsBody = !statusPasses || (check.contains !== undefined && !REDIRECTS.has(status));
  if (!wantsBody) {
    await discardBody(response);
    return result({ passed: true, status });
  }
  let body: BodyStart;
  try {
    body = await readBodyStart(response.body, BODY_CAP_BYTES);
  } catch (error) {
    return result({ passed: false, status, problem: failure(error) });
  }
  const problem = statusPasses ? pageProblem(check.contains, body) : statusProblem(check, status, unfollowed);
  return problem === undefined
    ? result({ passed: true, status })
    : result({ passed: false, status, problem, bodyStart: bodyStartOf(body.text) });
}

function pageProblem(contains: string | undefined, body: BodyStart): string | undefined {
  if (contains === undefined || body.text.includes(contains)) return undefined;
  return `body lacks "${contains}"${body.cut ? ` in its first ${BODY_CAP_BYTES / 1024} KiB` : ''}`;
}

function statusProblem(check: HttpCheck, status: number, unfollowed: Exchange['unfollowed']): string {
  if (unfollowed?.why === 'another host') {
    return `redirected to another host (${shownLocation(unfollowed.to)}), not followed`;
  }
  if (unfollowed?.why === 'too many') {
    return `redirected more than ${MAX_REDIRECTS} times (then to ${shownLocation(unfollowed.to)})`;
  }
  return `expected ${check.expect.join(' or ')}, got ${status}`;
}

/**
 * The configuration allows https:// only, and http:// for this machine (lib/config/checks.ts); checked here too, so
 * no other way of making a check can make the bot send a plain-text request across a network.
 */
function refusalOf(text: string): string | undefined {
  const url = URL.parse(text);
  if (!url) return 'not fetched: not a URL';
  if (url.username || url.password) return 'not fetched: the URL carries credentials';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return undefined;
  return 'not fetched: only https:// URLs (http:// only on this machine)';
}

/** Sends the check, following same-origin redirects; the last response's body is left to the caller. */
async function follow(check: HttpCheck, signal: AbortSignal, send: Fetch): Promise<Exchange> {
  const headers = new Headers(check.headers);
  if (!headers.has('user-agent')) headers.set('user-agent', USER_AGENT);
  let url = new URL(check.url);
  let method: string = check.method;
  for (let hops = 0; ; hops += 1) {
    const response = await send(url.href, { method, headers, redirect: 'manual', signal });
    const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
    const next = location === null ? undefined : parseLocation(location, url);
    if (!next) return { response };
    if (next.origin !== url.origin) return { response, unfollowed: { to: next, why: 'another host' } };
    if (hops === MAX_REDIRECTS) return { response, unfollowed: { to: next, why: 'too many' } };
    await discardBody(response);
    // As browsers and the Fetch standard do: 303 turns into GET, and so do 301 and 302 after a POST.
    if ((response.status === 303 && method !== 'HEAD') || (response.status <= 302 && method === 'POST')) {
      method = 'GET';
    }
    url = next;
  }
}

/** A Location header as a URL, relative to the request's; a garbled one is not followed. */
function parseLocation(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
