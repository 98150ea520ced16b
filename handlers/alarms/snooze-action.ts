import { describePrincipals, isAmong } from '../../commands/access';
import { threadOf, type AlarmEpisode } from '../../commands/alarms/episodes';
import { alarmSnoozedReply } from '../../lib/slack/blocks/alarm-replies';
import type { WorkerDeps } from '../jobs/deps';
import type { ActionJob } from '../../commands/job';
import { audit } from '../jobs/audit';
import { refuseClick } from '../jobs/reply';
import { clickedEpisode, clickEntry } from './clicks';
import { showEpisode } from './episode-message';

/** Snoozing changes the alarm in AWS, so it is for the environment's operators and approvers. */
async function maySnooze(job: ActionJob, episode: AlarmEpisode, deps: WorkerDeps): Promise<string | undefined> {
  const { env: envName } = episode.route;
  const env = (await deps.config()).environments[envName];
  if (!env) return `\`${envName}\` is no longer configured.`;
  const allowed = [...env.access.operators, ...env.access.approvers];
  if (await isAmong(job.actor.id, allowed, deps.directory)) return undefined;
  return `only ${describePrincipals(allowed)} may snooze alarms on \`${envName}\`.`;
}

/** Turns the alarm's actions off in its account, as the clicker's own role session (CloudTrail shows who). */
async function disableActions(job: ActionJob, episode: AlarmEpisode, deps: WorkerDeps): Promise<string> {
  const { target } = await deps.account(episode.route.env, job.actor);
  await target.alarmActions.disable(episode.notification.alarmName);
  return target.roleSession;
}

/**
 * Snooze 1h / 4h: DisableAlarmActions now; the sweeper enables them again when the time is up. A second snooze
 * replaces the first (the latest click decides when it ends). AWS failures go to the worker, which tells the
 * clicker and the audit channel; the switch is idempotent, so a retry is harmless.
 */
export function snoozeFor(hours: 1 | 4) {
  return async (job: ActionJob, deps: WorkerDeps): Promise<string> => {
    const typed = `Snooze ${hours}h`;
    const clicked = await clickedEpisode(job, deps);
    if ('refusal' in clicked) return refuseClick(job, deps, typed, clicked.refusal);
    const { episode } = clicked;
    const { alarmName } = episode.notification;
    const entry = clickEntry(job, episode, `snooze alarm ${alarmName} for ${hours}h`, deps);
    const refusal = await maySnooze(job, episode, deps);
    if (refusal) {
      await audit({ ...entry, decision: 'refused', detail: refusal }, deps, { announce: true });
      return refuseClick(job, deps, typed, refusal);
    }
    const until = new Date(deps.now().getTime() + hours * 3_600_000);
    const { message } = episode;
    // Recorded before the actions go off: whatever fails after, the sweeper still knows to turn them on again.
    const earlier = await deps.store.alarmSnoozes.get(episode.key);
    await deps.store.alarmSnoozes.save({
      key: episode.key,
      env: episode.route.env,
      alarmName,
      until,
      hours,
      by: job.actor.id,
      message,
      failureAnnounced: false,
    });
    let roleSession: string;
    try {
      roleSession = await disableActions(job, episode, deps);
    } catch (error) {
      // Nothing was turned off, so nothing is to be announced as back on; an earlier snooze's actions stay covered.
      if (!earlier || earlier.reenabledAt) await deps.store.alarmSnoozes.remove(episode.key, until);
      throw error;
    }
    const shown = await deps.store.alarmEpisodes.showSnooze(episode.key, episode.firstAt, until);
    if (shown) await showEpisode(shown, deps);
    await deps.replies.post(message.channel, alarmSnoozedReply(job.actor.id, hours, until), threadOf(message));
    await audit(
      { ...entry, decision: 'allowed', detail: `alarm actions disabled until ${until.toISOString()}`, roleSession },
      deps,
      { announce: true },
    );
    return `snoozed ${hours}h`;
  };
}
