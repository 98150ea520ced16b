import type { RevisionCommit } from '../../commands/changes/ports';
import { changesFrom, compareUrl } from '../../commands/changes/summary';
import type { Changes } from '../../commands/changes/types';
import type { S3Revision } from '../../commands/ports';
import type { AppConfig } from '../../lib/config/schema';
import type { GitHubSettings } from '../../lib/config/github';
import { logger } from '../../lib/log';
import type { EnvironmentAccount, WorkerDeps } from '../jobs/deps';

/**
 * How long a deployment request waits for GitHub, once: beyond it the request goes on and says the changes could not
 * be read (docs/decisions/0024).
 */
export const GITHUB_TIMEOUT_MS = 2_000;

export interface ChangesRequest {
  app: AppConfig;
  /** The revision the environment runs now; undefined before its first deployment. */
  running: S3Revision | undefined;
  /** The revision the deployment installs. */
  next: S3Revision;
  /** The job (or CI request) the changes are read for: read once, kept, and shown the same when it runs again. */
  key: string;
}

type Found = { sha: string } | { why: string };

async function commitOf(
  app: AppConfig,
  revision: S3Revision,
  target: EnvironmentAccount,
  deps: WorkerDeps,
): Promise<Found> {
  const found: RevisionCommit = await target.commits
    .commitOf({
      application: app.codedeploy.application,
      revision,
      metadataKey: app.artifacts.commitMetadataKey,
    })
    .catch((error: unknown) => ({ sha: undefined, why: `AWS could not be asked (${deps.describeError(error)})` }));
  return found.sha === undefined ? { why: found.why } : { sha: found.sha };
}

/** GitHub's compare within the budget; going back, the other way round too, to list what is taken away. */
async function compared(github: GitHubSettings, base: string, head: string, deps: WorkerDeps): Promise<Changes> {
  const between = { settings: github, base, head };
  const url = compareUrl(github, base, head);
  if (!github.tokenParameter) return { kind: 'link', repository: github.repository, base, head, compareUrl: url };
  if (base === head)
    return changesFrom(between, { status: 'identical', aheadBy: 0, behindBy: 0, totalCommits: 0, commits: [] });
  const signal = AbortSignal.timeout(GITHUB_TIMEOUT_MS);
  try {
    const forward = await deps.github.compare(github, base, head, signal);
    const removed =
      forward.status === 'behind'
        ? await deps.github.compare(github, head, base, signal).catch(() => undefined)
        : undefined;
    return changesFrom(between, forward, removed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'GitHub could not be read';
    logger.info('the changes could not be read from GitHub; the deployment goes on', { reason });
    return { kind: 'unread', repository: github.repository, base, head, compareUrl: url, reason };
  }
}

async function read(request: ChangesRequest, github: GitHubSettings, target: EnvironmentAccount, deps: WorkerDeps) {
  const { app, running, next } = request;
  const unknown = (reason: string): Changes => ({ kind: 'unknown', repository: github.repository, reason });
  if (!running) return unknown('nothing has been deployed here yet to compare with');
  const [base, head] = await Promise.all([commitOf(app, running, target, deps), commitOf(app, next, target, deps)]);
  if ('why' in base) return unknown(`the running revision's commit is unknown: ${base.why}`);
  if ('why' in head) return unknown(`the new revision's commit is unknown: ${head.why}`);
  return compared(github, base.sha, head.sha, deps);
}

/**
 * What a deployment changes, for an app with a GitHub repository (undefined without one): read once per request and
 * kept in the state table, so the request running again after its approval, and every edit of the progress message,
 * show the same without asking GitHub. Never fails: what could not be read is said instead.
 */
export async function changesFor(
  request: ChangesRequest,
  target: EnvironmentAccount,
  deps: WorkerDeps,
): Promise<Changes | undefined> {
  const github = request.app.github;
  if (!github) return undefined;
  const between = `${request.running?.key ?? ''}…${request.next.key}`;
  const kept = await deps.store.changes.get(request.key).catch(() => undefined);
  if (kept?.between === between) return kept.changes;
  const changes = await read(request, github, target, deps);
  return (await deps.store.changes.keep(request.key, { between, changes })).changes;
}
