import { authorise } from '../../commands/access';
import { parseCommand } from '../../commands/grammar';
import { specsFor, type SpecId, type SpecOf } from '../../commands/registry';
import { typedCommand, type ArgsOf, type ParsedArgs } from '../../commands/spec';
import { logger } from '../../lib/log';
import { refusalMessage, usageErrorMessage } from '../../lib/slack/blocks/usage';
import { audit } from './audit';
import type { WorkerDeps } from './deps';
import { once } from './once';
import { openRequest } from '../requests/gates';
import type { AuditJob, CommandJob } from '../../commands/job';
import type { Execution, Executor, Grant, Outcome } from './outcome';
import { replyToRequester } from './reply';
import { runDeploy } from '../deploy/executor';
import { runLock, runUnlock } from '../deploy/lock';
import { runEndWatch } from '../deploy/end-watch';
import { runRollback } from '../deploy/rollback';
import { runStatus } from '../status/executor';
import { runWafExempt, runWafList, runWafRevoke } from '../waf/executor';

/** Each command form's executor, by its spec's id; the type ties each one to the arguments its spec declares. */
const EXECUTORS: { [K in SpecId]: Executor<SpecOf<K>> } = {
  deploy: runDeploy,
  'deploy-lock': runLock,
  'deploy-unlock': runUnlock,
  'deploy-end-watch': runEndWatch,
  rollback: runRollback,
  status: runStatus,
  'waf-exempt': runWafExempt,
  'waf-exempt-list': runWafList,
  'waf-exempt-revoke': runWafRevoke,
};

function execute<K extends SpecId>(id: K, args: ArgsOf<SpecOf<K>>, execution: Execution): Promise<Outcome> {
  const executor: Executor<SpecOf<K>> = EXECUTORS[id];
  return executor(args, execution);
}

export async function runAuditJob(job: AuditJob, deps: WorkerDeps): Promise<string> {
  const { at, ...rest } = job.entry;
  await audit({ ...rest, at: new Date(at) }, deps, { announce: true });
  return 'audited';
}

/**
 * A command job: parsed and authorised again against the configuration the worker has now (it may have
 * changed since the slack function accepted it), run, and answered — or stopped at a confirmation or approval
 * gate, to run again here with `grant` once a person said yes. `claimed`, awaited before the job says anything,
 * lets a read-only job read while it is still being claimed (handlers/jobs/claim-alongside.ts).
 */
export async function runCommandJob(
  job: CommandJob,
  deps: WorkerDeps,
  grant?: Grant,
  claimed: () => Promise<void> = () => Promise.resolve(),
): Promise<string> {
  const config = await deps.config();
  const typed = typedCommand(job);
  const parsed = parseCommand(job.command, job.text, specsFor(job.command), config);
  if (parsed.kind !== 'request') {
    const problem = parsed.kind === 'help' ? 'help is answered directly' : parsed.problem;
    await claimed();
    await replyToRequester(
      job,
      usageErrorMessage(job.command, job.text, parsed.kind === 'help' ? undefined : parsed.spec, problem),
      deps,
    );
    return 'usage';
  }
  const { spec, args } = parsed;
  const named: Readonly<ParsedArgs> = args;
  const base = { at: deps.now(), user: job.actor.id, command: typed, env: named.env, app: named.app };
  const decision = await authorise(spec, args, { id: job.actor.id, channel: job.channel }, config, deps.directory);
  if (!decision.allowed) {
    await claimed();
    await replyToRequester(job, refusalMessage(typed, decision.reason), deps);
    await audit({ ...base, decision: 'refused', detail: decision.reason }, deps, { announce: true });
    return 'refused';
  }
  const outcome = await execute(spec.id, args, { job, config, deps, grant });
  await claimed();
  const execution = { job, grant, deps };
  if (outcome.kind === 'gate') {
    const request = await openRequest(
      { ...outcome, grants: outcome.grants, typed, args },
      { job, config, deps, grant },
    );
    await once(execution, 'gate-audited', () =>
      audit(
        {
          ...base,
          decision: 'allowed',
          detail: `${outcome.gate} requested (${request.id}): ${outcome.preview.summary}`,
        },
        deps,
        { announce: spec.sideEffects },
      ),
    );
    return `gate ${request.id}`;
  }
  await once(execution, 'answered', () => replyToRequester(job, outcome.message, deps, outcome.visibility));
  const detail = outcome.audit?.detail ?? outcome.message.text;
  const approvals = grant?.approvedBy ? ` (approved by ${grant.approvedBy})` : '';
  await once(execution, 'audited', () =>
    audit(
      {
        ...base,
        decision: outcome.audit?.decision ?? 'allowed',
        detail: `${detail}${approvals}`,
        deploymentId: outcome.audit?.deploymentId,
        roleSession: outcome.audit?.roleSession,
      },
      deps,
      { announce: spec.sideEffects },
    ),
  );
  logger.info('command answered', { command: typed });
  return 'answered';
}
