import { createHash } from 'node:crypto';
import type { AppConfig } from '../lib/config/schema';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The S3 key of a revision: the app's key template with `{revision}` filled in. */
export function artifactKey(app: AppConfig, revision: string): string {
  return app.artifacts.key.replaceAll('{revision}', revision);
}

/** `v42` back out of `web/v42.zip`, given the template `web/{revision}.zip`; the whole key when it does not fit. */
export function revisionLabel(app: AppConfig, key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  const [before = '', ...after] = app.artifacts.key.split('{revision}');
  const pattern = new RegExp(`^${escapeRegExp(before)}(.+?)${escapeRegExp(after.join('{revision}'))}$`);
  return pattern.exec(key)?.[1] ?? key;
}

/**
 * The revision a deployment started outside Slack installs, in the message's words: `v42` when its S3 key fits
 * the app's template, else the key; `owner/repo@abc1234` for a GitHub revision.
 */
export function deployedRevision(
  app: AppConfig,
  s3: { key: string } | undefined,
  github: { repository: string; commitId: string } | undefined,
): string {
  if (s3) return revisionLabel(app, s3.key) ?? s3.key;
  if (github) return `${github.repository}@${github.commitId.slice(0, 7)}`;
  return 'an unrecorded revision';
}

// A Slack user (U…/W…) or a CI role's actor id (commands/ci/principal.ts): both request deployments through blueshift.
const REQUESTER_ID = String.raw`[UW][A-Z0-9]+|blueshift-ci-[\w+=,.@-]+`;
const REQUESTER = new RegExp(String.raw` requested by (\S+) \((${REQUESTER_ID})\) via blueshift$`);

/**
 * The CodeDeploy description blueshift writes, within CodeDeploy's 256-character limit; `requesterOf` reads
 * the Slack user back out of it so `/status` can say who deployed.
 */
export function deploymentDescription(command: string, userName: string, userId: string, ref?: string): string {
  // Slack names are short, but the limit is CodeDeploy's to enforce: a long one is cut, never the suffix.
  const suffix = `${ref ? ` [${ref}]` : ''} requested by ${userName.replace(/\s+/g, '_').slice(0, 64)} (${userId}) via blueshift`;
  const room = 256 - suffix.length;
  const what = command.length > room ? `${command.slice(0, room - 1)}…` : command;
  return `${what}${suffix}`;
}

export function requesterOf(description: string | undefined): string | undefined {
  return description ? REQUESTER.exec(description)?.[2] : undefined;
}

/**
 * A short reference to the job or request that starts a deployment, written into its CodeDeploy description, so
 * a retry of that job recognises the deployment as its own after a crash rather than refusing it as "running".
 */
export function startRef(key: string): string {
  return `ref:${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}

// What deploymentDescription writes with a start reference, at the end of the description.
const OWN = new RegExp(String.raw`\[ref:[0-9a-f]{10}\] requested by \S+ \((${REQUESTER_ID})\) via blueshift$`);

/**
 * Whether blueshift's own job or request wrote this description: that job posts the deployment's message, even
 * when CodeDeploy's first events arrive before it has recorded the deployment.
 */
export function startedByBlueshift(description: string | undefined): boolean {
  return description !== undefined && OWN.test(description);
}

/** Whether a deployment was started by the job or request with this reference. */
export function startedBy(description: string | undefined, ref: string): boolean {
  return description?.includes(`[${ref}]`) ?? false;
}
