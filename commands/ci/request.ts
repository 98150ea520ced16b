import { createHash } from 'node:crypto';
import * as z from 'zod';

/**
 * What a CI job asks for with `POST /ci/deployments` (docs/decisions/0022). The revision follows /deploy's own
 * grammar (commands/arguments.ts); the key is the client's: a retried POST with the same key is the same request.
 */
export const ciDeployBody = z.object({
  app: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be an app name of the configuration'),
  env: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be an environment name of the configuration'),
  revision: z.string().regex(/^[\w.+-]{1,100}$/, 'must be 1-100 letters, digits, ., _, + or - (e.g. v42)'),
  idempotencyKey: z
    .string()
    .regex(
      /^[\w.:@+=#/-]{8,128}$/,
      'must be 8-128 characters of letters, digits and . : @ + = # / - _ (e.g. the run id)',
    ),
  commit: z
    .string()
    .regex(/^[0-9a-fA-F]{7,64}$/, 'must be a commit hash (7-64 hex digits)')
    .optional(),
  // Who triggered the CI run, as the CI says (GitHub's `github.actor`): shown, never trusted for access.
  actor: z
    .string()
    .regex(/^[\w.[\]-]{1,100}$/, 'must be a CI user name such as octocat')
    .optional(),
  runUrl: z.url().max(1000).optional(),
});

export type CiDeployBody = z.infer<typeof ciDeployBody>;

/** Where a CI request stands in blueshift's own records (the public state adds CodeDeploy's: commands/ci/state.ts). */
export type CiRequestStatus = 'queued' | 'awaiting-approval' | 'refused' | 'started' | 'failed';

export interface CiRequest {
  id: string;
  /** The caller's role as its session named it: `arn:aws:iam::<account>:role/<name>`. */
  principal: string;
  /** The caller's session ARN, for the audit trail. */
  caller: string;
  idempotencyKey: string;
  /** What the request asked for, hashed: the same key with another body is refused, never run. */
  fingerprint: string;
  app: string;
  env: string;
  revision: string;
  commit: string | undefined;
  actor: string | undefined;
  runUrl: string | undefined;
  createdAt: Date;
  updatedAt: Date;
  status: CiRequestStatus;
  /** Why it was refused or failed, in plain words. */
  reason: string | undefined;
  /** The approval request (REQUEST/<id>) it waits for, on a protected environment. */
  approval: string | undefined;
  deploymentId: string | undefined;
}

export type CiRequestChange = Pick<CiRequest, 'status'> &
  Partial<Pick<CiRequest, 'reason' | 'approval' | 'deploymentId'>>;

export interface CiRequestStore {
  /** Records a new request once; the second create with the same id gets the first one back. */
  create(request: CiRequest): Promise<{ created: true } | { created: false; existing: CiRequest }>;
  get(id: string): Promise<CiRequest | undefined>;
  /** Moves a request on; a started one stays started (false then), so a late retry cannot hide its deployment. */
  update(id: string, change: CiRequestChange, at: Date): Promise<boolean>;
}

/** The request's id: one per (role, key), so a retry finds its request and another role's key never collides. */
export function ciRequestId(principal: string, idempotencyKey: string): string {
  return `ci-${createHash('sha256').update(`${principal}\n${idempotencyKey}`).digest('hex').slice(0, 20)}`;
}

export const CI_REQUEST_ID = /^ci-[0-9a-f]{20}$/;

export function ciFingerprint(body: Pick<CiDeployBody, 'app' | 'env' | 'revision' | 'commit'>): string {
  const what = JSON.stringify([body.app, body.env, body.revision, body.commit?.toLowerCase() ?? null]);
  return createHash('sha256').update(what).digest('hex').slice(0, 32);
}

/** The command a CI request is, as Slack would type it: it is /deploy, through the same executor. */
export function ciTyped(request: Pick<CiRequest, 'app' | 'env' | 'revision'>): string {
  return `/deploy ${request.app} ${request.env} ${request.revision}`;
}
