import { servedChannels } from '../../commands/access';
import { ALARM_ACTIONS } from '../../lib/slack/blocks/alarm-buttons';
import type { WorkerDeps } from '../jobs/deps';
import type { ActionJob } from '../../commands/job';
import type { ActionHandler } from '../jobs/outcome';
import { audit } from '../jobs/audit';
import { runCommandJob } from '../jobs/run-job';
import { refuseClick } from '../jobs/reply';
import { clickedEpisode, clickEntry, notOnItsMessage } from './clicks';
import { showEpisode } from './episode-message';
import { snoozeFor } from './snooze-action';

/**
 * Acknowledge: anyone in a channel blueshift serves, once per episode. It changes nothing in AWS, so it is
 * recorded in the audit trail without an announcement; a refusal is announced.
 */
async function acknowledge(job: ActionJob, deps: WorkerDeps): Promise<string> {
  const typed = 'Acknowledge';
  const clicked = await clickedEpisode(job, deps);
  if ('refusal' in clicked) return refuseClick(job, deps, typed, clicked.refusal);
  const { episode } = clicked;
  const entry = clickEntry(job, episode, `acknowledge alarm ${episode.notification.alarmName}`, deps);
  const channels = servedChannels(await deps.config());
  if (!channels.includes(job.channel)) {
    const reason = `alarms are acknowledged in blueshift's channels only (${channels.map((c) => `<#${c}>`).join(', ')}).`;
    await audit({ ...entry, decision: 'refused', detail: reason }, deps, { announce: true });
    return refuseClick(job, deps, typed, reason);
  }
  const acknowledged = await deps.store.alarmEpisodes.acknowledge(episode.key, episode.firstAt, job.actor.id);
  if (!acknowledged) {
    const now = await deps.store.alarmEpisodes.get(episode.key);
    const by = now?.acknowledgedBy;
    return refuseClick(job, deps, typed, by ? `it was already acknowledged by <@${by}>.` : 'the alarm is back to OK.');
  }
  await showEpisode(acknowledged, deps);
  await audit({ ...entry, decision: 'allowed', detail: 'acknowledged' }, deps, { announce: false });
  return 'acknowledged';
}

/**
 * Status: `/status <app> <env>` for the clicker, answered to them alone through the click's response_url. It
 * runs as the command would, authorised and audited the same way.
 */
async function status(job: ActionJob, deps: WorkerDeps): Promise<string> {
  const episode = await deps.store.alarmEpisodes.get(job.value);
  if (!episode) return refuseClick(job, deps, '/status', 'blueshift has no record of this alarm any more.');
  const elsewhere = episode.message ? notOnItsMessage(job, episode.message) : undefined;
  if (elsewhere) return refuseClick(job, deps, '/status', elsewhere);
  const { app, env } = episode.route;
  return runCommandJob(
    {
      kind: 'command',
      id: `${job.id}-status`.slice(0, 128),
      command: 'status',
      text: app ? `${app} ${env}` : env,
      actor: job.actor,
      channel: job.channel,
      responseUrl: job.responseUrl,
      requestedAt: job.requestedAt,
    },
    deps,
  );
}

/**
 * Roll back: `/rollback <app> <env>` for the deployment the alarm names, typed by the clicker. It runs as the command
 * would: the clicker's access checked, the rollback's preview to confirm, an approval on protected environments, and
 * what it does is what /rollback plans then (the preview says so), whatever the button's label said.
 */
async function rollback(job: ActionJob, deps: WorkerDeps): Promise<string> {
  const typed = '/rollback';
  const clicked = await clickedEpisode(job, deps);
  if ('refusal' in clicked) return refuseClick(job, deps, typed, clicked.refusal);
  const context = clicked.episode.deployContext;
  if (!context?.offerRollback) return refuseClick(job, deps, typed, 'this alarm names no deployment to roll back.');
  return runCommandJob(
    {
      kind: 'command',
      id: `${job.id}-rollback`.slice(0, 128),
      command: 'rollback',
      text: `${context.app} ${context.env}`,
      actor: job.actor,
      channel: job.channel,
      responseUrl: job.responseUrl,
      requestedAt: job.requestedAt,
    },
    deps,
  );
}

/** The alarm message's buttons, registered in handlers/jobs/run-action.ts. */
export const alarmActions: Record<string, ActionHandler> = {
  [ALARM_ACTIONS.ack]: acknowledge,
  [ALARM_ACTIONS.snooze1h]: snoozeFor(1),
  [ALARM_ACTIONS.snooze4h]: snoozeFor(4),
  [ALARM_ACTIONS.status]: status,
  [ALARM_ACTIONS.rollback]: rollback,
};

/** Puts an alarm message back as its episode stands, after a marked click the worker refused (see unmarkDeployment). */
export async function unmarkAlarm(job: ActionJob, deps: WorkerDeps): Promise<boolean> {
  const episode = await deps.store.alarmEpisodes.get(job.value);
  if (!episode?.message || notOnItsMessage(job, episode.message)) return false;
  await showEpisode(episode, deps);
  return true;
}
