import { authorise } from '../../commands/access';
import { parseCommand } from '../../commands/grammar';
import type { AuditEntry } from '../../commands/ports';
import { specsFor } from '../../commands/registry';
import { logger } from '../../lib/log';
import { auditMessage } from '../../lib/slack/blocks/audit';
import { refusalMessage, usageErrorMessage } from '../../lib/slack/blocks/usage';
import type { WorkerDeps } from './deps';
import { executorFor } from './executors';
import { openRequest } from './gates';
import type { AuditJob, CommandJob } from './job';
import type { Grant } from './outcome';
import { replyToRequester } from './reply';

export function typedCommand(job: CommandJob): string {
  return `/${job.command}${job.text.trim() ? ` ${job.text.trim()}` : ''}`;
}

/**
 * Runs a step of a command job (an answer, an announcement, an audit line) once across its deliveries: SQS
 * redelivers a job that timed out or failed after the step, before it was marked done, and the rerun must not say
 * it again. One command job runs once plain and once per request it passes (the same job id): the step is named
 * with the grant it runs under.
 */
export async function once({ job, grant, deps }: { job: CommandJob; grant: Grant | undefined; deps: WorkerDeps }, name: string, run: () => Promise<unknown>): Promise<void> {
  const step = grant ? `${name}:${grant.requestId}` : name;
  if (await deps.store.jobs.done(job.id, step)) return;
  await run();
  await deps.store.jobs.did(job.id, step).catch((error: unknown) => logger.error('could not note a step of the job as done', { step, error }));
}

/** Every decision goes to the state table; refusals and changes are also announced in the audit channel. */
export async function audit(entry: AuditEntry, announce: boolean, deps: WorkerDeps): Promise<void> {
  await deps.store.audit.record(entry);
  if (announce) await deps.replies.post((await deps.config()).auditChannel, auditMessage(entry));
}

export async function runAuditJob(job: AuditJob, deps: WorkerDeps): Promise<string> {
  const { at, ...rest } = job.entry;
  await audit({ ...rest, at: new Date(at) }, true, deps);
  return 'audited';
}

/**
 * A command job: parsed and authorised again against the configuration the worker has now (it may have
 * changed since the slack function accepted it), run, and answered — or stopped at a confirmation or approval
 * gate, to run again here with `grant` once a person said yes.
 */
export async function runCommandJob(job: CommandJob, deps: WorkerDeps, grant?: Grant): Promise<string> {
  const config = await deps.config();
  const typed = typedCommand(job);
  const parsed = parseCommand(job.command, job.text, specsFor(job.command), config);
  if (parsed.kind !== 'request') {
    const problem = parsed.kind === 'help' ? 'help is answered directly' : parsed.problem;
    await replyToRequester(job, usageErrorMessage(job.command, job.text, parsed.kind === 'help' ? undefined : parsed.spec, problem), deps);
    return 'usage';
  }
  const { spec, args } = parsed;
  const base = { at: deps.now(), user: job.actor.id, command: typed, env: args.env, app: args.app };
  const decision = await authorise(spec, args, { id: job.actor.id, channel: job.channel }, config, deps.directory);
  if (!decision.allowed) {
    await replyToRequester(job, refusalMessage(typed, decision.reason), deps);
    await audit({ ...base, decision: 'refused', detail: decision.reason }, true, deps);
    return 'refused';
  }
  const outcome = await executorFor(spec)(args, { job, config, deps, grant });
  const execution = { job, grant, deps };
  if (outcome.kind === 'gate') {
    const request = await openRequest({ ...outcome, grants: outcome.grants, typed, args }, { job, config, deps, grant });
    await once(execution, 'gate-audited', () => audit({ ...base, decision: 'allowed', detail: `${outcome.gate} requested (${request.id}): ${outcome.preview.summary}` }, spec.sideEffects, deps));
    return `gate ${request.id}`;
  }
  await once(execution, 'answered', () => replyToRequester(job, outcome.message, deps, outcome.visibility));
  const detail = outcome.audit?.detail ?? outcome.message.text;
  const approvals = grant?.approvedBy ? ` (approved by ${grant.approvedBy})` : '';
  await once(execution, 'audited', () => audit({ ...base, decision: outcome.audit?.decision ?? 'allowed', detail: `${detail}${approvals}`, deploymentId: outcome.audit?.deploymentId, roleSession: outcome.audit?.roleSession }, spec.sideEffects, deps));
  logger.info('command answered', { command: typed });
  return 'answered';
}
