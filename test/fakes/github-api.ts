import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * GitHub's REST API on loopback, as far as blueshift uses it: `GET /repos/{owner}/{repo}/compare/{base}...{head}`
 * (https://docs.github.com/rest/commits/commits#compare-two-commits) over a linear history per repository, in the
 * real response shape (commits built on the documented example), with GitHub's auth, 404, rate-limit and error
 * answers. A real HTTP server, so the bot's fetch, timeout and parsing run as they do against GitHub.
 */

const EXAMPLE = JSON.parse(
  readFileSync(
    join(__dirname, '..', 'fixtures', 'payloads', 'github__compare-commits__200-response__github-openapi.json'),
    'utf8',
  ),
) as { commits: Record<string, unknown>[]; files: unknown[] };
const TEMPLATE = EXAMPLE.commits[0]!;

export interface FakeCommit {
  sha: string;
  message: string;
  /** The GitHub user; undefined for an author GitHub does not know (then `author` is null). */
  login: string | undefined;
  name: string;
  date: string;
}

/** How the fake answers: as GitHub, slowly (`delayMs`), with 500, or over its rate limit (403 or 429). */
export type GitHubMode =
  | { kind: 'ok' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'error'; status: 500 | 502 | 503 }
  | { kind: 'rate-limited'; status: 403 | 429; resetAt: Date };

export interface GitHubRequest {
  path: string;
  authorization: string | undefined;
  userAgent: string | undefined;
  accept: string | undefined;
  apiVersion: string | undefined;
}

export interface GitHubApiFake {
  /** `http://127.0.0.1:<port>`: the API base (as GitHub Enterprise's `https://<host>/api/v3` would be). */
  apiUrl: string;
  token: string;
  mode: GitHubMode;
  requests: GitHubRequest[];
  /** Adds commits to a repository's history (oldest first), each with its own sha if given; returns them. */
  push(repository: string, commits: (Omit<FakeCommit, 'sha' | 'date'> & { sha?: string })[]): FakeCommit[];
  history(repository: string): FakeCommit[];
  reset(): void;
  stop(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      ...headers,
    })
    .end(JSON.stringify(body));

function commitJson(api: string, web: string, repository: string, commit: FakeCommit, parent: FakeCommit | undefined) {
  const user = commit.login
    ? {
        ...(TEMPLATE.author as Record<string, unknown>),
        login: commit.login,
        url: `${api}/users/${commit.login}`,
        html_url: `${web}/${commit.login}`,
      }
    : null;
  const person = { name: commit.name, email: `${commit.login ?? 'someone'}@example.com`, date: commit.date };
  return {
    ...TEMPLATE,
    url: `${api}/repos/${repository}/commits/${commit.sha}`,
    sha: commit.sha,
    html_url: `${web}/${repository}/commit/${commit.sha}`,
    comments_url: `${api}/repos/${repository}/commits/${commit.sha}/comments`,
    commit: {
      ...(TEMPLATE.commit as Record<string, unknown>),
      url: `${api}/repos/${repository}/git/commits/${commit.sha}`,
      author: person,
      committer: person,
      message: commit.message,
    },
    author: user,
    committer: user,
    parents: parent ? [{ url: `${api}/repos/${repository}/commits/${parent.sha}`, sha: parent.sha }] : [],
  };
}

/** GitHub's error body (`basic-error`). */
const basicError = (message: string, status: number) => ({
  message,
  documentation_url: 'https://docs.github.com/rest/commits/commits#compare-two-commits',
  status: String(status),
});

export async function startGitHubApi(token = 'ghp_FAKEtoken0123456789abcdefFAKEtoken01'): Promise<GitHubApiFake> {
  const repositories = new Map<string, FakeCommit[]>();
  const requests: GitHubRequest[] = [];
  let clock = Date.parse('2026-11-02T09:00:00Z');
  const fake: GitHubApiFake = {
    apiUrl: '',
    token,
    mode: { kind: 'ok' },
    requests,
    push(repository, commits) {
      const history = repositories.get(repository) ?? [];
      const added = commits.map((commit) => {
        clock += 60_000;
        const sha =
          commit.sha ??
          createHash('sha1').update(`${repository}\n${history.length}\n${commit.message}\n${clock}`).digest('hex');
        const made = { ...commit, sha, date: new Date(clock).toISOString().replace('.000', '') };
        history.push(made);
        return made;
      });
      repositories.set(repository, history);
      return added;
    },
    history: (repository) => repositories.get(repository) ?? [],
    reset() {
      fake.mode = { kind: 'ok' };
      requests.length = 0;
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://github.test');
    requests.push({
      path: url.pathname + url.search,
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
      accept: req.headers.accept,
      apiVersion: req.headers['x-github-api-version'] as string | undefined,
    });
    const mode = fake.mode;
    if (mode.kind === 'error') return json(res, mode.status, basicError('Server Error', mode.status));
    if (mode.kind === 'rate-limited') {
      return json(res, mode.status, basicError('API rate limit exceeded for user ID 1.', mode.status), {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(Math.floor(mode.resetAt.getTime() / 1000)),
        'x-ratelimit-resource': 'core',
      });
    }
    // GitHub refuses a request without a User-Agent.
    if (!req.headers['user-agent'])
      return json(
        res,
        403,
        basicError(
          'Request forbidden by administrative rules. Please make sure your request has a User-Agent header',
          403,
        ),
      );
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${token}` && auth !== `token ${token}`)
      return json(res, 401, basicError('Bad credentials', 401));
    const match = /^\/repos\/([^/]+\/[^/]+)\/compare\/([^/]+)$/.exec(url.pathname);
    const [, repository = '', basehead = ''] = match ?? [];
    const [base = '', head = ''] = decodeURIComponent(basehead).split('...');
    const history = repositories.get(repository);
    if (!match || !history) return json(res, 404, basicError('Not Found', 404));
    const at = (ref: string) => (ref.length >= 7 ? history.findIndex((c) => c.sha.startsWith(ref)) : -1);
    const [from, to] = [at(base), at(head)];
    if (from < 0 || to < 0)
      return json(res, 404, basicError(`No commit found for SHA: ${from < 0 ? base : head}`, 404));
    const api = fake.apiUrl;
    const web = 'https://github.example.com';
    const ahead = Math.max(0, to - from);
    const behind = Math.max(0, from - to);
    // Without paging, at most 250 commits: the last one is the newest of the comparison.
    const commits = history.slice(from + 1, to + 1).slice(-250);
    const body = {
      url: `${api}/repos/${repository}/compare/${base}...${head}`,
      html_url: `${web}/${repository}/compare/${base}...${head}`,
      permalink_url: `${web}/${repository}/compare/${history[from]!.sha}...${history[to]!.sha}`,
      diff_url: `${web}/${repository}/compare/${base}...${head}.diff`,
      patch_url: `${web}/${repository}/compare/${base}...${head}.patch`,
      base_commit: commitJson(api, web, repository, history[from]!, history[from - 1]),
      merge_base_commit: commitJson(
        api,
        web,
        repository,
        history[Math.min(from, to)]!,
        history[Math.min(from, to) - 1],
      ),
      status: ahead > 0 ? 'ahead' : behind > 0 ? 'behind' : 'identical',
      ahead_by: ahead,
      behind_by: behind,
      total_commits: ahead,
      commits: commits.map((commit) => commitJson(api, web, repository, commit, history[history.indexOf(commit) - 1])),
      files: ahead > 0 ? EXAMPLE.files : [],
    };
    const send = () =>
      json(res, 200, body, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-used': '1',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        'x-ratelimit-resource': 'core',
      });
    if (mode.kind === 'slow') setTimeout(send, mode.delayMs).unref();
    else send();
  };

  const server = createServer((req, res) => {
    if (req.method !== 'GET') return json(res, 404, basicError('Not Found', 404));
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
