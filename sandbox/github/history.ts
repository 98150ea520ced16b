import { createHash } from 'node:crypto';

/**
 * The sandbox's GitHub repository for app `web` (names agreed with sandbox/config.yml's `apps.web.github`): a short
 * linear history in which each revision in edu-artifacts (sandbox/aws/seed.ts, and v43 of the CI scenario) was built
 * from one commit, as CI records it in the bundle's `x-amz-meta-git-sha` (sandbox/aws/s3.ts).
 */

export const WEB_REPOSITORY = 'edu-org/web';
/** The SecureString sandbox/config.yml names for the token; the simulated SSM answers it (sandbox/aws/account.ts). */
export const WEB_TOKEN_PARAMETER = '/blueshift/sandbox/github/web';
/** What the fake GitHub accepts, and the simulated SSM holds: not a real token. */
export const SANDBOX_GITHUB_TOKEN = 'ghp_SANDBOXnotARealToken0123456789abcdef';

export interface SandboxCommit {
  sha: string;
  message: string;
  login: string | undefined;
  name: string;
  /** The artifact key CI built from this commit, if any. */
  revision?: string;
}

// A fixed, made-up sha per commit, so messages and screenshots read the same on every run. v43's starts as the CI
// scenario's description says (sandbox/aws/outside-scenarios.ts: "main @ 3f7c0a1").
const shaOf = (message: string, prefix = ''): string =>
  prefix + createHash('sha1').update(`${WEB_REPOSITORY}\n${message}`).digest('hex').slice(prefix.length);

const commit = (message: string, login: string | undefined, name: string, revision?: string, prefix?: string) => ({
  sha: shaOf(message, prefix),
  message,
  login,
  name,
  ...(revision ? { revision } : {}),
});

/** Oldest first. */
export const WEB_HISTORY: readonly SandboxCommit[] = [
  commit('Add course search to the catalogue page', 'alice', 'Alice Park', 'web/v40.zip'),
  commit('Fix the time zone of assignment deadlines (KST)', 'bob', 'Bob Lee'),
  commit('Bump express from 4.19.2 to 4.21.1', 'dependabot[bot]', 'dependabot[bot]'),
  commit('Show the enrolment count on course cards\n\nCloses #212.', 'alice', 'Alice Park', 'web/v41.zip'),
  commit('Cache the lesson list for 60 s', 'bob', 'Bob Lee'),
  commit('Fix a login redirect loop on expired sessions', 'alice', 'Alice Park'),
  commit('Rate-limit log-in attempts on /admin', 'bob', 'Bob Lee'),
  commit('Lazy-load lecture video thumbnails', 'alice', 'Alice Park', 'web/v42.zip'),
  commit('Translate the grade book into Korean', 'jisoo', 'Kim Jisoo'),
  commit('Retry the payment webhook on 5xx', 'octocat', 'The Octocat', 'web/v43.zip', '3f7c0a1'),
];

/** Each artifact key with the commit it was built from. */
export const REVISION_COMMITS: ReadonlyMap<string, string> = new Map(
  WEB_HISTORY.flatMap((c) => (c.revision ? [[c.revision, c.sha] as const] : [])),
);
