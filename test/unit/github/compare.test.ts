import { readFileSync } from 'node:fs';
import { githubComparer, GitHubUnreadableError } from '../../../lib/github/compare';
import type { GitHubSettings } from '../../../lib/config/github';
import { startGitHubApi, type GitHubApiFake } from '../../fakes/github-api';

// lib/github/compare.ts against a loopback GitHub speaking the real response shape, and the documented example body.

let github: GitHubApiFake;
let settings: GitHubSettings;

beforeAll(async () => {
  github = await startGitHubApi();
  github.push('acme/web', [
    { message: 'Release v41', login: 'alice', name: 'Alice' },
    { message: 'Fix redirect\n\nbody', login: 'carol', name: 'Carol' },
    { message: 'Release v42', login: undefined, name: 'Release Bot' },
  ]);
  settings = { repository: 'acme/web', apiUrl: github.apiUrl, tokenParameter: '/blueshift/test/github/web' };
});
beforeEach(() => github.reset());
afterAll(() => github.stop());

const comparer = (token = github.token) => githubComparer({ tokens: () => Promise.resolve(token) });
const v41 = () => github.history('acme/web')[0]!.sha;
const v42 = () => github.history('acme/web')[2]!.sha;
const soon = () => AbortSignal.timeout(2_000);

describe('githubComparer', () => {
  it('reads the commits between two commits, oldest first, with the token and GitHub’s headers', async () => {
    // Act
    const comparison = await comparer().compare(settings, v41(), v42(), soon());
    // Assess
    expect(comparison).toMatchObject({ status: 'ahead', aheadBy: 2, behindBy: 0, totalCommits: 2 });
    expect(comparison.commits.map((c) => [c.message.split('\n')[0], c.login, c.name])).toEqual([
      ['Fix redirect', 'carol', 'Carol'],
      ['Release v42', undefined, 'Release Bot'],
    ]);
    expect(github.requests[0]).toMatchObject({
      authorization: `Bearer ${github.token}`,
      userAgent: 'blueshift',
      accept: 'application/vnd.github+json',
      apiVersion: '2022-11-28',
    });
  });

  it('says behind when the new commit is older', async () => {
    // Act
    const comparison = await comparer().compare(settings, v42(), v41(), soon());
    // Assess
    expect(comparison).toMatchObject({ status: 'behind', aheadBy: 0, behindBy: 2, commits: [] });
  });

  it.each([
    ['an unknown commit', () => ({ base: 'f'.repeat(40) }), 'GitHub does not know these commits'],
    ['a wrong token', () => ({ token: 'ghp_wrongwrongwrongwrongwrong' }), 'GitHub refused the token (401'],
    ['a repository it does not have', () => ({ repository: 'acme/other' }), 'GitHub does not know these commits'],
  ])('names %s in a few words', async (_, change, reason) => {
    // Prepare
    const { base, token, repository } = change() as { base?: string; token?: string; repository?: string };
    // Act
    const failed = comparer(token ?? github.token).compare(
      { ...settings, ...(repository ? { repository } : {}) },
      base ?? v41(),
      v42(),
      soon(),
    );
    // Assess
    await expect(failed).rejects.toThrow(GitHubUnreadableError);
    await expect(failed).rejects.toThrow(reason);
  });

  it.each([
    [{ kind: 'error', status: 500 } as const, 'GitHub answered 500'],
    [{ kind: 'rate-limited', status: 403, resetAt: new Date('2026-11-02T14:05:30Z') } as const, 'until 14:05 UTC'],
    [
      { kind: 'rate-limited', status: 429, resetAt: new Date('2026-11-02T14:05:30Z') } as const,
      'rate limit is used up',
    ],
  ])('gives up on %o with the reason', async (mode, reason) => {
    // Prepare
    github.mode = mode;
    // Act / Assess
    await expect(comparer().compare(settings, v41(), v42(), soon())).rejects.toThrow(reason);
    expect(github.requests).toHaveLength(1);
  });

  it('stops waiting when the signal fires (one attempt, no retry)', async () => {
    // Prepare
    github.mode = { kind: 'slow', delayMs: 5_000 };
    // Act / Assess
    await expect(comparer().compare(settings, v41(), v42(), AbortSignal.timeout(100))).rejects.toThrow(
      'GitHub did not answer in time',
    );
    expect(github.requests).toHaveLength(1);
  });

  it('says the token could not be read, and never sends a request without one', async () => {
    // Prepare
    const noToken = githubComparer({
      tokens: () => Promise.reject(Object.assign(new Error('x'), { name: 'ParameterNotFound' })),
    });
    // Act / Assess
    await expect(noToken.compare(settings, v41(), v42(), soon())).rejects.toThrow(
      'the GitHub token could not be read from SSM (ParameterNotFound)',
    );
    await expect(comparer().compare({ ...settings, tokenParameter: undefined }, v41(), v42(), soon())).rejects.toThrow(
      'no GitHub token is configured',
    );
    expect(github.requests).toEqual([]);
  });

  it('reads GitHub’s documented example answer, and refuses what is no comparison', async () => {
    // Prepare
    const example = readFileSync(
      'test/fixtures/payloads/github__compare-commits__200-response__github-openapi.json',
      'utf8',
    );
    const answering = (body: string, status = 200) =>
      githubComparer({
        tokens: () => Promise.resolve('t'),
        fetch: () => Promise.resolve(new Response(body, { status })),
      });
    // Act
    const comparison = await answering(example).compare(settings, 'a', 'b', soon());
    // Assess
    expect(comparison).toMatchObject({ status: 'behind', totalCommits: 1 });
    expect(comparison.commits[0]).toMatchObject({
      message: 'Fix all the bugs',
      login: 'octocat',
      name: 'Monalisa Octocat',
    });
    await expect(answering('{"status":"ahead"}').compare(settings, 'a', 'b', soon())).rejects.toThrow(
      'GitHub answered something that is not a comparison',
    );
    await expect(answering('', 301).compare(settings, 'a', 'b', soon())).rejects.toThrow('has the repository moved?');
  });
});
