import * as z from 'zod';
import { isLoopback } from '../../commands/checks/check-url';

// An app's GitHub repository (docs/decisions/0024): where its commits are, so the approval request and the progress
// message can say what a deployment changes. Optional; without a token only the two commits and a compare link.

/** GitHub's REST API; GitHub Enterprise Server serves it at `https://<host>/api/v3`. */
export const GITHUB_API = 'https://api.github.com';

const repository = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, 'must be a GitHub repository as owner/name, such as acme/web')
  .refine((text) => !text.endsWith('.git'), 'must name the repository without .git');

/**
 * The API base: https:// only (the token travels with every request), or http:// to this machine (a local run or a
 * test's fake). No credentials, query or fragment in it.
 */
const apiUrl = z
  .string()
  .refine((text) => {
    const url = URL.parse(text);
    if (!url || url.username || url.password || url.search || url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
  }, 'must be an https:// URL such as https://github.example.com/api/v3 (http:// only for localhost)')
  .transform((text) => text.replace(/\/+$/, ''));

/** A SecureString under the stage's `/blueshift/<stage>/github/` path: the bot's role may read only those. */
const tokenParameter = z
  .string()
  .regex(
    /^\/blueshift\/[\w-]+\/github\/[\w.-]+(\/[\w.-]+)*$/,
    'must be an SSM parameter name under /blueshift/<stage>/github/, such as /blueshift/prod/github/token',
  );

export const githubSettings = z.strictObject({
  repository,
  apiUrl: apiUrl.default(GITHUB_API),
  tokenParameter: tokenParameter.optional(),
});

export type GitHubSettings = z.infer<typeof githubSettings>;

/**
 * Where people read a comparison: github.com for the public API, else the Enterprise host the API is served from
 * (`https://github.example.com/api/v3` → `https://github.example.com`).
 */
export function githubWebUrl(settings: Pick<GitHubSettings, 'apiUrl'>): string {
  if (settings.apiUrl === GITHUB_API) return 'https://github.com';
  const url = new URL(settings.apiUrl);
  return `${url.origin}${url.pathname.replace(/\/api\/v3$/, '').replace(/\/+$/, '')}`;
}
