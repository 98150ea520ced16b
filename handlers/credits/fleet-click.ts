import { describePrincipals, isAmong, servedChannels } from '../../commands/access';
import type { ActionJob } from '../../commands/job';
import { parseFleetRef, type FleetRef } from '../../commands/processes/fleet-ref';
import type { AuditEntry } from '../../commands/ports';
import type { AppConfig, BlueshiftConfig, EnvironmentConfig } from '../../lib/config/schema';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';
import { refuseClick } from '../jobs/reply';

/** A click on a CPU-credit button, checked: what it names exists, where it was clicked, and who clicked. */
export interface FleetClick {
  ref: FleetRef;
  config: BlueshiftConfig;
  env: EnvironmentConfig;
  app: AppConfig;
  /** The audit entry's common part. */
  entry: Omit<AuditEntry, 'decision' | 'detail'>;
}

/**
 * Checks a click on a CPU-credit button: the app and environment it carries are configured and the app has a fleet
 * there, it came from a channel blueshift serves, and the clicker is one of the environment's operators (or, for
 * what changes nothing, approvers). A refusal is told to the clicker (and, when it is about who clicked or where,
 * audited and announced); the answer is then the job's outcome, 'refused'.
 */
export async function checkFleetClick(
  job: ActionJob,
  deps: WorkerDeps,
  command: string,
  who: 'operators' | 'operators and approvers' = 'operators and approvers',
  ref: FleetRef | undefined = parseFleetRef(job.value),
): Promise<FleetClick | { refused: string }> {
  const config = await deps.config();
  const env = ref && config.environments[ref.env];
  const app = ref && config.apps[ref.app];
  const typed = `${command}${ref ? ` (${ref.app} ${ref.env})` : ''}`;
  if (!ref || !env || !app || (!app.codedeploy.groups[ref.env] && !app.autoScalingGroups[ref.env]))
    return {
      refused: await refuseClick(job, deps, typed, 'it names no app and environment blueshift has a fleet for.'),
    };
  const entry = { at: deps.now(), user: job.actor.id, command: typed, env: ref.env, app: ref.app };
  const refuse = async (reason: string) => {
    await audit({ ...entry, decision: 'refused', detail: reason }, deps, { announce: true });
    return { refused: await refuseClick(job, deps, typed, reason) };
  };
  const channels = servedChannels(config);
  if (!channels.includes(job.channel)) return refuse("this button works in blueshift's channels only.");
  const allowed = who === 'operators' ? env.access.operators : [...env.access.operators, ...env.access.approvers];
  if (!(await isAmong(job.actor.id, allowed, deps.directory)))
    return refuse(`only ${describePrincipals(allowed)} may use it on \`${ref.env}\`.`);
  return { ref, config, env, app, entry };
}
