import type { ActionJob, CommandJob } from '../../commands/job';
import type { WorkerDeps } from '../jobs/deps';
import type { ActionHandler } from '../jobs/outcome';
import { refuseClick } from '../jobs/reply';
import { runCommandJob } from '../jobs/run-job';

/** How long the exemption the button asks for lasts: long enough to fix the web ACL in code, short as drift. */
export const EXEMPT_FOR = '4h';

/**
 * "Exempt /admin from AdminProtection…" under a watch's WAF finding: the clicker's own `/waf-exempt` for exactly
 * the rule and path the samples blamed, through the usual flow (access rules, preview, approval on protected
 * environments), as if they had typed it.
 */
async function exemptBlockedPath(job: ActionJob, deps: WorkerDeps): Promise<string> {
  const typed = 'the exemption button';
  const watch = await deps.store.watches.get(job.value);
  const link = await deps.store.deployments.get(job.value);
  if (!watch?.blame || !link) return refuseClick(job, deps, typed, 'no WAF block was found for this deployment.');
  // The button is in the deployment's thread: a click from another channel names it by forgery.
  if (job.channel !== link.channel) {
    return refuseClick(job, deps, typed, "this button is not in the deployment's channel, so it does not act on it.");
  }
  const { rule, ruleWithinGroup, path } = watch.blame;
  const target = ruleWithinGroup ? `${rule}/${ruleWithinGroup}` : rule;
  const command: CommandJob = {
    kind: 'command',
    id: job.id,
    command: 'waf-exempt',
    text: `${link.env} ${target} ${path} for ${EXEMPT_FOR} blocked after deployment ${link.deploymentId}`,
    actor: job.actor,
    channel: job.channel,
    ...(job.responseUrl ? { responseUrl: job.responseUrl } : {}),
    requestedAt: job.requestedAt,
  };
  return runCommandJob(command, deps);
}

export const watchActions: Record<string, ActionHandler> = {
  'watch.waf-exempt': exemptBlockedPath,
};
