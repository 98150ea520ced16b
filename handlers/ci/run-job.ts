import { authoriseCi } from '../../commands/ci/principal';
import { ciTyped, type CiRequest, type CiRequestChange } from '../../commands/ci/request';
import { roleOfArn } from '../../commands/ci/roles';
import { parseCommand } from '../../commands/grammar';
import type { CiDeployJob, CommandJob } from '../../commands/job';
import type { AuditDecision, FiringAlarm } from '../../commands/ports';
import { deploySpec } from '../../commands/specs/deploy';
import { logger } from '../../lib/log';
import { plainText } from '../../lib/mrkdwn';
import { ciPreview } from '../../lib/slack/blocks/ci';
import { assessDeploy } from '../deploy/executor';
import { startDeployment } from '../deploy/start';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import type { Execution, Grant } from '../jobs/outcome';
import { openCiApproval } from '../requests/gates';

/**
 * The /deploy command a CI request is, for /deploy's executor: the CI role is the actor, the environment's channel
 * the channel, and nobody waits for a response_url (docs/decisions/0022).
 */
function asCommandJob(job: CiDeployJob, request: CiRequest, channel: string): CommandJob {
  return {
    kind: 'command',
    id: job.id,
    command: 'deploy',
    text: `${request.app} ${request.env} ${request.revision}`,
    actor: job.actor,
    channel,
    requestedAt: job.requestedAt,
  };
}

/** Firing alarms ask a person for "Deploy anyway"; nobody can press it for a CI job, so it is refused, saying which. */
function alarmsRefusal(alarms: FiringAlarm[], typed: string): string {
  const names = alarms.slice(0, 5).map((alarm) => alarm.name);
  const more = alarms.length > names.length ? ` and ${alarms.length - names.length} more` : '';
  return `${alarms.length} alarm${alarms.length === 1 ? ' is' : 's are'} firing (${names.join(', ')}${more}), and a CI deployment cannot say "Deploy anyway". Run it again once they are OK, or deploy from Slack with ${typed}.`;
}

/**
 * A CI deployment request, run by the worker through /deploy's own rules and start (handlers/deploy/executor.ts):
 * its outcome is written to the CI request, where the CI job polls it, and to the audit trail. An approval on a
 * protected environment is asked in the environment's channel; the approved run comes back here with its grant.
 */
export async function runCiDeployJob(job: CiDeployJob, deps: WorkerDeps): Promise<string> {
  const request = await deps.store.ciRequests.get(job.request);
  if (!request) {
    logger.warn('the CI request of this job is gone', { request: job.request });
    return 'gone';
  }
  const config = await deps.config();
  const typed = ciTyped(request);
  const grant: Grant | undefined = job.grant && {
    requestId: job.grant.requestId,
    confirmedBy: job.grant.confirmedBy,
    approvedBy: job.grant.approvedBy,
    grants: job.grant.grants,
  };
  const context = { job, grant, deps };
  const settle = async (change: CiRequestChange, decision: AuditDecision, detail: string, deploymentId?: string) => {
    await deps.store.ciRequests.update(request.id, change, deps.now());
    const approved = grant?.approvedBy ? ` (approved by ${grant.approvedBy})` : '';
    await once(context, `ci-${change.status}`, () =>
      audit(
        {
          at: deps.now(),
          user: job.actor.id,
          command: typed,
          decision,
          detail: `${detail}${approved} · CI request ${request.id}`,
          env: request.env,
          app: request.app,
          deploymentId,
        },
        deps,
        { announce: true },
      ),
    );
    return change.status;
  };
  const refuse = (reason: string) => settle({ status: 'refused', reason: plainText(reason) }, 'refused', reason);

  const role = roleOfArn(request.principal);
  const access = role ? authoriseCi(config, role, request.env) : undefined;
  if (!access?.allowed) return refuse(access?.reason ?? `${request.principal} is not an IAM role.`);
  const env = config.environments[request.env];
  if (!env) return refuse(`environment ${request.env} is no longer configured.`);
  const parsed = parseCommand('deploy', `${request.app} ${request.env} ${request.revision}`, [deploySpec], config);
  if (parsed.kind !== 'request') return refuse(parsed.kind === 'help' ? 'not a deployment' : parsed.problem);

  const execution: Execution = { job: asCommandJob(job, request, env.channel), config, deps, grant };
  const { check, verdict, preview, plan } = await assessDeploy(parsed.args, execution);
  if (verdict.kind === 'refuse') return refuse(`${verdict.reason} ${verdict.next}`);
  if (verdict.kind === 'gate' && verdict.gate === 'confirmation') return refuse(alarmsRefusal(check.alarms, typed));
  if (verdict.kind === 'gate') {
    const origin = { role: request.principal, runUrl: request.runUrl, commit: request.commit, actor: request.actor };
    const shown = ciPreview(preview, origin, config.ciLinks);
    const summary = request.commit ? `${shown.summary} (commit ${request.commit.slice(0, 12)})` : shown.summary;
    const approval = await openCiApproval(
      { preview: { ...shown, summary }, grants: verdict.grants, typed, env: request.env, app: request.app },
      { job, deps, config, grant },
    );
    return settle(
      { status: 'awaiting-approval', approval: approval.id },
      'allowed',
      `approval requested (${approval.id}): ${summary}`,
    );
  }
  const started = await startDeployment(plan, execution);
  const deploymentId = started.kind === 'reply' ? started.audit?.deploymentId : undefined;
  if (!deploymentId) throw new Error(`the deployment of CI request ${request.id} started without an id`);
  return settle(
    { status: 'started', deploymentId },
    'allowed',
    `deployment ${deploymentId} started (${plan.revisionLabel})`,
    deploymentId,
  );
}
