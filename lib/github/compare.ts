import * as z from 'zod';
import type { CommitComparer, Comparison } from '../../commands/changes/ports';
import type { GitHubSettings } from '../config/github';
import { failureOf } from '../http/problems';
import { readBodyStart } from '../http/read-body';

// GitHub's "Compare two commits" (GET /repos/{owner}/{repo}/compare/{base}...{head}), with Node's fetch:
// https://docs.github.com/rest/commits/commits#compare-two-commits. One attempt, bounded by the caller's signal
// (docs/decisions/0024: GitHub never holds a deployment up).

/** Node's fetch, or a stand-in with its signature. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** A token by its SSM parameter name (decrypted, cached by the caller). */
export type TokenSource = (parameter: string) => Promise<string>;

/**
 * Without paging GitHub lists at most 250 commits and every changed file (with patches): a few MB at worst. More than
 * this is not read.
 */
export const BODY_CAP_BYTES = 8 * 1024 * 1024;
const API_VERSION = '2022-11-28';

/** GitHub did not say what changed, in a few words a channel can read. Never carries the token. */
export class GitHubUnreadableError extends Error {
  override readonly name = 'GitHubUnreadableError';
}

// Only what the messages use; GitHub's answer is read through this, as anyone's text.
const user = z.object({ login: z.string().optional() }).nullable().optional();
const commit = z.object({
  sha: z.string().regex(/^[0-9a-f]{7,64}$/),
  commit: z.object({
    message: z.string(),
    author: z.object({ name: z.string().optional() }).nullable().optional(),
  }),
  author: user,
});
const comparison = z.object({
  status: z.enum(['ahead', 'behind', 'diverged', 'identical']),
  ahead_by: z.number().int().nonnegative(),
  behind_by: z.number().int().nonnegative(),
  total_commits: z.number().int().nonnegative(),
  commits: z.array(commit),
});

/** `x-ratelimit-reset` (epoch seconds) as `14:05 UTC`. */
function resetTime(headers: Headers): string | undefined {
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return `${new Date(reset * 1000).toISOString().slice(11, 16)} UTC`;
}

/**
 * Why GitHub's answer is no comparison. Over a rate limit GitHub answers 403 or 429, with `x-ratelimit-remaining: 0`
 * (the primary limit) or `retry-after` (a secondary limit):
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
function refusal(response: Response): string {
  const { status, headers } = response;
  if (status === 403 || status === 429) {
    if (headers.get('x-ratelimit-remaining') === '0') {
      const until = resetTime(headers);
      return `GitHub's rate limit is used up${until ? ` until ${until}` : ''}`;
    }
    const retry = headers.get('retry-after');
    if (retry) return `GitHub asked to slow down (secondary rate limit; retry after ${Number(retry) || retry} s)`;
    return `GitHub refused the token (${status})`;
  }
  if (status === 401) return 'GitHub refused the token (401: bad credentials)';
  // GitHub answers 404 for a repository the token cannot see, as for a commit it does not have.
  if (status === 404) return 'GitHub does not know these commits, or the token cannot see the repository (404)';
  if (status >= 300 && status < 400) return `GitHub redirected (${status}): has the repository moved?`;
  return `GitHub answered ${status}`;
}

async function request(
  settings: GitHubSettings,
  base: string,
  head: string,
  token: string,
  signal: AbortSignal,
  send: Fetch,
): Promise<Comparison> {
  const path = `/repos/${settings.repository}/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}`;
  const response = await send(`${settings.apiUrl}${path}`, {
    method: 'GET',
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'user-agent': 'blueshift',
      'x-github-api-version': API_VERSION,
    },
    // A redirect is reported, not followed: the token goes to the configured API only.
    redirect: 'manual',
    signal,
  });
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new GitHubUnreadableError(refusal(response));
  }
  const body = await readBodyStart(response.body, BODY_CAP_BYTES);
  if (body.cut) throw new GitHubUnreadableError(`GitHub's answer was larger than ${BODY_CAP_BYTES / 1024 / 1024} MB`);
  let parsed: z.infer<typeof comparison>;
  try {
    parsed = comparison.parse(JSON.parse(body.text));
  } catch {
    throw new GitHubUnreadableError('GitHub answered something that is not a comparison');
  }
  return {
    status: parsed.status,
    aheadBy: parsed.ahead_by,
    behindBy: parsed.behind_by,
    totalCommits: parsed.total_commits,
    commits: parsed.commits.map((c) => ({
      sha: c.sha,
      message: c.commit.message,
      login: c.author?.login,
      name: c.commit.author?.name,
    })),
  };
}

/** Waits for `work` until `signal` fires; then rejects with the signal's reason. */
function until<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason as Error);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** What went wrong, in words: the caller's deadline, GitHub's refusal, or the network. */
function reasonOf(error: unknown, signal: AbortSignal): string {
  if (error instanceof GitHubUnreadableError) return error.message;
  if (signal.aborted) return 'GitHub did not answer in time';
  return `GitHub could not be reached (${failureOf(error)})`;
}

/** The GitHub REST API through `fetch` (default: Node's), with tokens read from `tokens`. */
export function githubComparer(options: { tokens: TokenSource; fetch?: Fetch }): CommitComparer {
  // The global is looked up at each call, so a fetch replaced after this was made is the one used.
  const send: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
  return {
    async compare(settings, base, head, signal) {
      try {
        if (!settings.tokenParameter) throw new GitHubUnreadableError('no GitHub token is configured');
        const token = await until(
          options.tokens(settings.tokenParameter).catch((error: unknown) => {
            throw new GitHubUnreadableError(
              `the GitHub token could not be read from SSM (${error instanceof Error ? error.name : 'error'})`,
            );
          }),
          signal,
        );
        return await until(request(settings, base, head, token, signal, send), signal);
      } catch (error) {
        throw new GitHubUnreadableError(reasonOf(error, signal), { cause: error });
      }
    },
  };
}
