import { githubWebUrl, type GitHubSettings } from '../../lib/config/github';
import type { ComparedCommit, Comparison } from './ports';
import { MAX_COMMIT_LINES, MAX_TITLE, type Changes, type CommitLine } from './types';

// From GitHub's answer to what the messages show (docs/decisions/0024).

/**
 * A commit id in a CodeDeploy revision's description, as CI pipelines write them (`refs/heads/main - 3f7c…`,
 * `git-sha: 3f7c…`): a word of 7 to 40 hex digits with at least one digit and one letter, so neither `deadbeef`
 * nor a date is taken for one; a full 40-digit id wins over a short one.
 */
export function commitInDescription(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const words = description.toLowerCase().match(/\b[0-9a-f]{7,40}\b/g) ?? [];
  const ids = words.filter((word) => /[0-9]/.test(word) && /[a-f]/.test(word));
  return ids.find((id) => id.length === 40) ?? ids[0];
}

/** Where a person compares the two commits: github.com, or the Enterprise host the API is served from. */
export function compareUrl(
  settings: Pick<GitHubSettings, 'apiUrl' | 'repository'>,
  base: string,
  head: string,
): string {
  return `${githubWebUrl(settings)}/${settings.repository}/compare/${base}...${head}`;
}

const clipped = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function line(commit: ComparedCommit): CommitLine {
  const title = commit.message.split(/\r?\n/, 1)[0]?.trim() ?? '';
  const author = commit.login ?? commit.name;
  return {
    sha: commit.sha.slice(0, 7),
    title: clipped(title || '(no message)', MAX_TITLE),
    author: author === undefined ? undefined : clipped(author, 60),
  };
}

/**
 * The newest MAX_COMMIT_LINES commits, newest first (GitHub lists them oldest first, and without paging its list
 * ends with the newest of the comparison even when it stops at 250).
 */
export function newestLines(commits: ComparedCommit[]): CommitLine[] {
  return commits.slice(-MAX_COMMIT_LINES).reverse().map(line);
}

interface Between {
  settings: Pick<GitHubSettings, 'apiUrl' | 'repository'>;
  base: string;
  head: string;
}

/**
 * The changes from GitHub's compare of `base...head`. Going back (`behind`), GitHub lists nothing the new commit adds:
 * `removedList` is the compare the other way round (`head...base`), the commits the deployment takes away.
 */
export function changesFrom(between: Between, forward: Comparison, removedList?: Comparison): Changes {
  const { settings, base, head } = between;
  const common = { repository: settings.repository, base, head, compareUrl: compareUrl(settings, base, head) };
  if (forward.status === 'behind') {
    const removed = removedList ?? { totalCommits: forward.behindBy, commits: [] };
    return {
      ...common,
      kind: 'commits',
      status: 'behind',
      total: removed.totalCommits,
      removed: 0,
      commits: newestLines(removed.commits),
    };
  }
  return {
    ...common,
    kind: 'commits',
    status: forward.status,
    total: forward.totalCommits,
    removed: forward.status === 'diverged' ? forward.behindBy : 0,
    commits: newestLines(forward.commits),
  };
}
