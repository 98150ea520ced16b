import { startGitHubApi, type GitHubApiFake } from '../../test/fakes/github-api';
import { SANDBOX_GITHUB_TOKEN, WEB_HISTORY, WEB_REPOSITORY } from './history';

/**
 * GitHub's compare API on a free loopback port, with `web`'s history: the same fake the integration tests use
 * (test/fakes/github-api.ts, GitHub's real response shape), so the bot's "What changed" reads it as it reads GitHub.
 */
export async function startSandboxGitHub(): Promise<GitHubApiFake> {
  const github = await startGitHubApi(SANDBOX_GITHUB_TOKEN);
  github.push(
    WEB_REPOSITORY,
    WEB_HISTORY.map(({ sha, message, login, name }) => ({ sha, message, login, name })),
  );
  return github;
}
