import { authorise } from '../../commands/access';
import { parseCommand } from '../../commands/grammar';
import type { AuditEntry } from '../../commands/ports';
import { specsFor } from '../../commands/registry';
import { logger } from '../../lib/log';
import { auditMessage } from '../../lib/slack/blocks/audit';
import { refusalMessage, usageErrorMessage } from '../../lib/slack/blocks/usage';
import type { WorkerDeps } from './deps';
import { executorFor } from './executors';
import type { AuditJob, CommandJob } from './job';
import { replyToRequester } from './reply';

export function typedCommand(job: CommandJob): string {
  return `/${job.command}${job.text.trim() ? ` ${job.text.trim()}` : ''}`;
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
 * changed since the slack function accepted it), run, and answered.
 */
export async function runCommandJob(job: CommandJob, deps: WorkerDeps): Promise<string> {
  const config = await deps.config();
  const typed = typedCommand(job);
  const parsed = parseCommand(job.command, job.text, specsFor(job.command), config);
  if (parsed.kind !== 'request') {
    const problem = parsed.kind === 'help' ? 'help is answered directly' : parsed.problem;
    await replyToRequester(job, usageErrorMessage(job.command, job.text, parsed.kind === 'help' ? undefined : parsed.spec, problem), deps);
    return 'usage';
  }
  const base = { at: deps.now(), user: job.actor.id, command: typed, env: parsed.args.env, app: parsed.args.app };
  const decision = await authorise(parsed.spec, parsed.args, { id: job.actor.id, channel: job.channel }, config, deps.directory);
  if (!decision.allowed) {
    await replyToRequester(job, refusalMessage(typed, decision.reason), deps);
    await audit({ ...base, decision: 'refused', detail: decision.reason }, true, deps);
    return 'refused';
  }
  const message = await executorFor(parsed.spec)(parsed.args, { job, config, deps });
  await replyToRequester(job, message, deps);
  await audit({ ...base, decision: 'allowed', detail: message.text }, parsed.spec.sideEffects, deps);
  logger.info('command answered', { command: typed });
  return 'answered';
}
