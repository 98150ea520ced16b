import * as z from 'zod';
import { isLoopback } from '../../commands/checks/check-url';
import type { CheckSet, HttpCheck } from '../../commands/checks/types';
import { durationAtMost, name } from './fields';

// `apps.<app>.checks.<env>`: the HTTP checks of one app in one environment, read into the CheckSet the watch and
// the sweeper use. Users never name a URL in Slack; these are the only URLs the bot fetches (docs/decisions/0019).

const MAX_CHECKS = 10;
const MAX_WATCH_MS = 2 * 3_600_000;
const MAX_TIMEOUT_MS = 30_000;
// Headers the HTTP client sets itself: written by hand they would break the request's framing.
const CLIENT_HEADERS = new Set([
  'connection',
  'content-length',
  'expect',
  'host',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
// A line of text: no line breaks (header injection) and no other control characters.
const ONE_LINE = /^\P{Cc}*$/u;

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, 'must be an HTTP header name such as X-Check')
  .refine((header) => !CLIENT_HEADERS.has(header.toLowerCase()), 'is set by the HTTP client; leave it out');
const headerValue = z.string().max(1024).regex(ONE_LINE, 'must be one line of text, without control characters');

const httpCheck = z
  .strictObject({
    url: z.string().max(2048),
    name: z.string().min(1).max(80).regex(ONE_LINE, 'must be one line of text, without control characters').optional(),
    method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
    expect: z.array(z.int().min(100).max(599)).min(1).max(20).default([200]),
    contains: z.string().min(1).max(200).optional(),
    headers: z.record(headerName, headerValue).default({}),
    timeout: durationAtMost(MAX_TIMEOUT_MS, '30s').default(5_000),
    local: z.boolean().default(false),
  })
  .superRefine((check, ctx) => {
    const problem = urlProblem(check.url, check.local);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.key], message: problem.message });
    if (check.method === 'HEAD' && check.contains !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['contains'], message: 'needs a body, and a HEAD response has none' });
    }
  })
  .transform((check): HttpCheck => ({
    name: check.name ?? new URL(check.url).pathname,
    url: check.url,
    method: check.method,
    expect: check.expect,
    ...(check.contains === undefined ? {} : { contains: check.contains }),
    headers: check.headers,
    timeoutMs: check.timeout,
  }));

/** What is wrong with a check's URL, and under which key to say it. */
function urlProblem(text: string, local: boolean): { key: 'url' | 'local'; message: string } | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { key: 'url', message: 'must be a full URL such as https://www.example.edu/admin/login/' };
  }
  if (url.username || url.password) {
    return { key: 'url', message: 'must not carry a user name or password (user:pass@)' };
  }
  const loopback = isLoopback(url);
  if (local && !loopback) {
    return {
      key: 'local',
      message: `is only for loopback hosts (localhost, 127.0.0.1, ::1), and ${url.hostname} is not one`,
    };
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return undefined;
  return {
    key: 'url',
    message: 'must start with https:// (http:// only with local: true, for a server on this machine)',
  };
}

const checkSet = z
  .strictObject({
    // How long the watch lasts after Reroute while blue waits; none by default.
    watch: durationAtMost(MAX_WATCH_MS, '2h').default(0),
    onFailure: z.enum(['rollback', 'ask']).default('rollback'),
    http: z.array(httpCheck).max(MAX_CHECKS, `must list at most ${MAX_CHECKS} checks`).default([]),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.http.forEach((check, index) => {
      if (seen.has(check.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['http', index, 'name'],
          message: `"${check.name}" names another check too; give each check its own name`,
        });
      }
      seen.add(check.name);
    });
  })
  .transform((set): CheckSet => ({ http: set.http, watchMs: set.watch, onFailure: set.onFailure }));

/** `apps.<app>.checks`: a CheckSet per environment (the environments must exist: lib/config/schema.ts). */
export const checkSets = z.record(name, checkSet).default({});

/** The app's checks in an environment, if it has any configured. */
export function checkSetFor(app: { checks: Readonly<Record<string, CheckSet>> }, env: string): CheckSet | undefined {
  return Object.hasOwn(app.checks, env) ? app.checks[env] : undefined;
}
