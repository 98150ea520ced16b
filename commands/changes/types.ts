/**
 * What a deployment changes, as its approval request and progress message show it (docs/decisions/0024): read once
 * per request and kept with it, so later edits of the messages never ask GitHub again.
 */

/** One commit as a line: a short sha, the first line of its message and who wrote it. Untrusted text. */
export interface CommitLine {
  sha: string;
  title: string;
  /** The GitHub login, else the commit's author name; undefined when neither is known. */
  author: string | undefined;
}

/** GitHub's word on how the new commit relates to the running one. */
export type CompareStatus = 'ahead' | 'behind' | 'diverged' | 'identical';

/** The running and the new revision's commits, and where a person compares them. */
interface Between {
  repository: string;
  base: string;
  head: string;
  compareUrl: string;
}

export type Changes =
  /** Read from GitHub: the commits the deployment adds (or, going back, removes), newest first. */
  | (Between & {
      kind: 'commits';
      status: CompareStatus;
      /** Commits the deployment adds; for `behind`, those it removes. */
      total: number;
      /** For `diverged`: how many commits of the running revision the new one lacks. */
      removed: number;
      /** At most MAX_COMMIT_LINES, newest first. */
      commits: CommitLine[];
    })
  /** No token configured: the two commits and a link. */
  | (Between & { kind: 'link' })
  /** GitHub did not answer in time, or refused: the two commits, a link, and why, in a few words. */
  | (Between & { kind: 'unread'; reason: string })
  /** A revision's commit is not recorded where CI puts it: nothing to compare, and why. */
  | { kind: 'unknown'; repository: string; reason: string };

/** Lines shown before "and N more". */
export const MAX_COMMIT_LINES = 10;
/** A commit title is cut to this many characters (they are kept in the state table with the request). */
export const MAX_TITLE = 120;

/** The seven characters people recognise a commit by. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
