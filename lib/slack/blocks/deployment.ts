import type { KnownBlock } from '@slack/types';
import { alarmPhrase } from '../../../commands/deploy/alarm-stop';
import { elapsed, progressBar } from '../../../commands/deploy/stage';
import type { ProgressView } from '../../../commands/deploy/progress-view';
import { alarmStopLine, watchedAlarmsLine } from './deployment-alarms';
import { deploymentButtons, deploymentNotes } from './deployment-buttons';
import { milestone, stageChecklist } from './deployment-stages';
import { originBlock, startedOutside } from './deployment-origin';
import { deploymentTitle } from './deployment-title';
import { watchBlock } from './watch';
import { lockHolder } from './locks';
import { actor, context, escape, header, section, slackDate, type SlackMessage } from './kit';

export { deploymentFailureReply } from './deployment-failure';
export { deploymentTitle } from './deployment-title';

/** How long it ran (or has been running). */
function duration(view: ProgressView): string {
  return elapsed(view.startedAt, view.finishedAt ?? view.now);
}

/** The header says how it ended at a glance: 🚀 running, ✅ done, 🟥 failed, ⏹ stopped. */
function headline(view: ProgressView): string {
  const title = deploymentTitle(view);
  switch (view.outcome) {
    case 'succeeded':
      return view.kind === 'rollback'
        ? `✅ Rolled back ${view.app} → ${view.env} to ${view.revision} in ${duration(view)}`
        : `✅ ${title} deployed in ${duration(view)}`;
    case 'failed':
      return `🟥 FAILED: ${title}`;
    case 'stopped':
      return `⏹ Stopped: ${title}`;
    default:
      return view.kind === 'rollback' ? `↩️ ${title}` : `🚀 ${title}`;
  }
}

/** Who asked for it (a Slack user, or blueshift for a rollback CodeDeploy started), or who started it outside Slack. */
function whoAndWhen(view: ProgressView): string {
  return [
    view.origin ? startedOutside(view.origin) : `Requested by ${actor(view.requestedBy)}`,
    ...(view.approvedBy ? [`approved by <@${view.approvedBy}>`] : []),
    `<${view.consoleUrl}|${escape(view.deploymentId)}>`,
    `started ${slackDate(view.startedAt)}`,
  ].join(' · ');
}

function progressLine(view: ProgressView): string {
  const time = view.outcome === 'running' ? `${duration(view)} elapsed` : `took ${duration(view)}`;
  return `\`${progressBar(view.outcome === 'succeeded' ? 'done' : view.stage)}\` · ${time}`;
}

/**
 * Which Auto Scaling group this deployment fills, and once it succeeded, that it is the one serving: CodeDeploy
 * replaces the group at every blue/green deployment that copies it, so the name changes with each deploy.
 */
function fleetLine(view: ProgressView): KnownBlock | undefined {
  if (!view.greenGroup) return undefined;
  if (view.outcome === 'succeeded')
    return context(`🟩 Now serving: Auto Scaling group \`${escape(view.greenGroup)}\` (the blue group is deleted)`);
  if (view.outcome === 'running') return context(`🟦 Green fleet: Auto Scaling group \`${escape(view.greenGroup)}\``);
  return undefined;
}

/** While it runs, the alarms CodeDeploy stops it for. */
function alarmsBlock(view: ProgressView): KnownBlock | undefined {
  const line = watchedAlarmsLine(view);
  return line ? context(line) : undefined;
}

/** Why it failed or stopped, in CodeDeploy's words; an alarm stop names the alarm instead. */
function errorBlock(view: ProgressView): KnownBlock | undefined {
  if (view.outcome !== 'failed' && view.outcome !== 'stopped') return undefined;
  const alarmStop = alarmStopLine(view);
  if (alarmStop) return section(alarmStop);
  if (!view.error) return view.outcome === 'failed' ? section('❌ CodeDeploy gave no reason.') : undefined;
  return section(`❌ *${escape(view.error.code)}*: ${escape(view.error.message)}`);
}

/**
 * One-line notification text: what it is and where it stands. Escaped like the blocks: the revision of a deployment
 * started outside Slack is whatever its S3 key or repository says.
 */
function fallbackText(view: ProgressView): string {
  const where = view.outcome === 'running' ? `: ${milestone(view.stage)}` : '';
  const alarms = view.outcome !== 'running' && view.stoppedByAlarms;
  const why = alarms
    ? ` (${alarmPhrase(alarms, escape)} fired)`
    : view.outcome === 'failed' && view.error
      ? ` (${view.error.code})`
      : '';
  return `${escape(headline(view))}${where}${why}`;
}

/** The deployment's one channel message, edited in place as it moves through the blue/green stages. */
export function deploymentMessage(view: ProgressView): SlackMessage {
  const notes = deploymentNotes(view);
  const blocks: (KnownBlock | undefined)[] = [
    header(headline(view)),
    context(whoAndWhen(view)),
    view.origin ? originBlock(view.origin) : undefined,
    section(stageChecklist(view)),
    context(progressLine(view)),
    fleetLine(view),
    alarmsBlock(view),
    errorBlock(view),
    watchBlock(view),
    view.lock
      ? context(
          `:lock: \`${escape(view.lock.app)} ${escape(view.lock.env)}\` is locked by ${lockHolder(view.lock, view.now)}`,
        )
      : undefined,
    notes.length ? context(...notes) : undefined,
    deploymentButtons(view),
  ];
  return { text: fallbackText(view), blocks: blocks.filter((block) => block !== undefined) };
}
