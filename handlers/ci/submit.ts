import { authoriseCi, ciActor } from '../../commands/ci/principal';
import {
  ciDeployBody,
  ciFingerprint,
  ciRequestId,
  ciTyped,
  type CiDeployBody,
  type CiRequest,
} from '../../commands/ci/request';
import { roleArn, type RoleIdentity } from '../../commands/ci/roles';
import type { CiDeployJob } from '../../commands/job';
import type { BlueshiftConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';
import type { CiFunctionDeps } from './deps';
import { answer, type CiResponse } from './response';
import { viewOf } from './view';

export interface CiCaller {
  role: RoleIdentity;
  /** The session ARN API Gateway named the caller by. */
  session: string;
  /** API Gateway's id of this HTTP request, unique per request. */
  httpRequestId: string;
}

function readBody(body: string | undefined): { ok: true; body: CiDeployBody } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(body ?? '');
  } catch {
    return {
      ok: false,
      message: 'the body must be JSON: { app, env, revision, idempotencyKey, commit?, actor?, runUrl? }',
    };
  }
  const parsed = ciDeployBody.safeParse(raw);
  if (parsed.success) return { ok: true, body: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`,
  );
  return { ok: false, message: problems.join('; ') };
}

/** A refusal the ci function decides alone is audited like the slack function's: through an audit job. */
async function auditRefusal(caller: CiCaller, body: CiDeployBody, reason: string, deps: CiFunctionDeps) {
  const entry = {
    at: deps.now().toISOString(),
    user: ciActor(caller.role).id,
    command: ciTyped(body),
    decision: 'refused' as const,
    detail: `${reason} (CI, as ${caller.session})`,
    env: body.env,
    app: body.app,
  };
  const id = `ci-refusal-${caller.httpRequestId}`.replace(/[^\w.-]/g, '_').slice(0, 128);
  await deps.queue.send({ kind: 'audit', id, entry }).catch((error: unknown) => {
    logger.error('CI refusal not audited: the jobs queue refused it', { error, entry });
  });
}

/** What is wrong with the app and environment asked for, if anything: said to a configured principal only. */
function targetProblem(config: BlueshiftConfig, body: CiDeployBody): string | undefined {
  const app = Object.hasOwn(config.apps, body.app) ? config.apps[body.app] : undefined;
  if (!app) return `unknown app ${body.app}. Apps: ${Object.keys(config.apps).join(', ')}.`;
  const envs = Object.keys(app.codedeploy.groups);
  if (!envs.includes(body.env))
    return `${body.app} is not deployed to ${body.env}. Its environments: ${envs.join(', ')}.`;
  return undefined;
}

/**
 * POST /ci/deployments: checks who signed and what they ask, records the request once per idempotency key (a
 * conditional write) and queues it for the worker, which runs /deploy's executor. A retry with the same key gets the
 * same request back and queues nothing new (docs/decisions/0022).
 */
export async function submitCiDeployment(
  caller: CiCaller,
  rawBody: string | undefined,
  deps: CiFunctionDeps,
): Promise<CiResponse> {
  const read = readBody(rawBody);
  if (!read.ok) return answer(400, { error: 'invalid-request', message: read.message });
  const { body } = read;
  const config = await deps.config();
  const access = authoriseCi(config, caller.role, body.env);
  // Who may not deploy at all learns nothing of the apps and environments; who may is told what is wrong first.
  const problem = !access.allowed && access.code === 'not-configured' ? undefined : targetProblem(config, body);
  if (problem) return answer(400, { error: 'invalid-request', message: problem });
  if (!access.allowed) {
    await auditRefusal(caller, body, access.reason, deps);
    return answer(403, { error: access.code, message: access.reason });
  }
  const principal = roleArn(caller.role);
  const now = deps.now();
  const request: CiRequest = {
    id: ciRequestId(principal, body.idempotencyKey),
    principal,
    caller: caller.session,
    idempotencyKey: body.idempotencyKey,
    fingerprint: ciFingerprint(body),
    app: body.app,
    env: body.env,
    revision: body.revision,
    commit: body.commit,
    actor: body.actor,
    runUrl: body.runUrl,
    createdAt: now,
    updatedAt: now,
    status: 'queued',
    reason: undefined,
    approval: undefined,
    deploymentId: undefined,
  };
  const job: CiDeployJob = {
    kind: 'ci-deploy',
    id: request.id,
    request: request.id,
    actor: ciActor(caller.role),
    requestedAt: now.toISOString(),
  };
  const created = await deps.requests.create(request);
  if (!created.created) {
    const { existing } = created;
    if (existing.fingerprint !== request.fingerprint) {
      return answer(409, {
        error: 'idempotency-key-reused',
        message: `the idempotency key ${body.idempotencyKey} was used for ${ciTyped(existing)}${existing.commit ? ` (commit ${existing.commit})` : ''}. Use a new key for another deployment.`,
      });
    }
    // Still queued: the first answer may have been lost before the job was queued. The worker runs a job id once.
    if (existing.status === 'queued') await deps.queue.send(job);
    return answer(200, await viewOf(existing, deps));
  }
  await deps.queue.send(job);
  return answer(202, await viewOf(request, deps));
}
