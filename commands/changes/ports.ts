import type { S3Revision } from '../ports';
import type { GitHubSettings } from '../../lib/config/github';
import type { Changes, CompareStatus } from './types';

/** Where a revision's source commit was found, or why it was not. */
export type RevisionCommit = { sha: string; from: 'metadata' | 'description' } | { sha: undefined; why: string };

/** The commit CI recorded for a revision: the bundle's S3 metadata, else the CodeDeploy revision's description. */
export interface RevisionCommits {
  commitOf(input: {
    application: string;
    revision: S3Revision;
    metadataKey: string | undefined;
  }): Promise<RevisionCommit>;
}

/** One commit of a comparison as GitHub gives it. */
export interface ComparedCommit {
  sha: string;
  message: string;
  login: string | undefined;
  name: string | undefined;
}

/** GitHub's compare of `base...head`: commits oldest first, at most 250 of `totalCommits`. */
export interface Comparison {
  status: CompareStatus;
  aheadBy: number;
  behindBy: number;
  totalCommits: number;
  commits: ComparedCommit[];
}

/** GitHub's REST API, as "what changed" needs it (lib/github/compare.ts). */
export interface CommitComparer {
  /** Rejects with a short reason a person can act on (not found, rate-limited, too slow…) when GitHub does not say. */
  compare(settings: GitHubSettings, base: string, head: string, signal: AbortSignal): Promise<Comparison>;
}

/** What was shown for a request, kept so it is shown the same when the request runs again after its approval. */
export interface KeptChanges {
  /** The S3 keys compared, `<running key>…<new key>`: a kept answer for other revisions is not reused. */
  between: string;
  changes: Changes;
}

/** The state table's kept changes (lib/state/changes.ts), one per job or request. */
export interface ChangesRecords {
  get(key: string): Promise<KeptChanges | undefined>;
  /** Keeps the first answer for `key`; returns what is kept (another attempt's, when it got there first). */
  keep(key: string, kept: KeptChanges): Promise<KeptChanges>;
}
