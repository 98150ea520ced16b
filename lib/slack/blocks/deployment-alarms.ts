import { alarmPhrase } from '../../../commands/deploy/alarm-stop';
import type { ProgressView } from '../../../commands/deploy/progress-view';
import { clip, escape } from './kit';

/** Alarm names listed while a deployment runs; the rest are counted (a group may have 10). */
const MAX_LISTED = 5;
/** Alarm names may be 255 characters; cut, a line of them stays readable and far within Slack's 3,000. */
const MAX_NAME = 80;

const alarmName = (name: string): string => escape(clip(name, MAX_NAME));

/** While it runs: `🔔 CodeDeploy stops this deployment if an alarm fires: a, b +2 more`. */
export function watchedAlarmsLine(view: ProgressView): string | undefined {
  if (view.outcome !== 'running' || !view.watchedAlarms.length) return undefined;
  const listed = view.watchedAlarms.slice(0, MAX_LISTED).map(alarmName).join(', ');
  const more = view.watchedAlarms.length - MAX_LISTED;
  return `🔔 CodeDeploy stops this deployment if an alarm fires: ${listed}${more > 0 ? ` +${more} more` : ''}`;
}

/**
 * Where traffic is after the stop, from how far the deployment had got: before the reroute it never left blue; after
 * it, "traffic can be routed back to the original instances as long as they have not been terminated"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/welcome.html), which a rollback does; without one nothing
 * says it moved back. Said of deploys only: how a rollback deployment itself moves traffic is not documented.
 */
function trafficAfterStop(view: ProgressView): string {
  if (view.kind === 'rollback') return '';
  const moved = view.stage === 'rerouting' || view.stage === 'rerouted' || view.stage === 'terminating';
  if (!moved) return ' Traffic stayed on the blue fleet.';
  if (!view.rolledBackBy)
    return ' Traffic had already moved to green and no rollback has started, so green may still be serving.';
  return view.stage === 'terminating'
    ? ' Traffic goes back to the blue fleet if it is still running.'
    : ' Traffic went back to the blue fleet.';
}

/** `alarm *a*`, `alarms *a* and *b*`, `an alarm`: bold and escaped. */
export function stoppingAlarms(names: readonly string[]): string {
  return alarmPhrase(names, (name) => `*${alarmName(name)}*`);
}

/** Once CodeDeploy stopped it for an alarm: `⏹ Stopped by CodeDeploy: alarm *a* fired. Traffic went back to…`. */
export function alarmStopLine(view: ProgressView): string | undefined {
  if (view.outcome === 'running' || !view.stoppedByAlarms) return undefined;
  return `⏹ Stopped by CodeDeploy: ${stoppingAlarms(view.stoppedByAlarms)} fired.${trafficAfterStop(view)}`;
}

/** The thread's opening line for an alarm stop: what stopped which deployment, and where traffic is. */
export function alarmStopSummary(view: ProgressView, title: string, link: string): string | undefined {
  if (view.outcome === 'running' || !view.stoppedByAlarms) return undefined;
  return `⏹ *${escape(title)}* was stopped by CodeDeploy (${link}): ${stoppingAlarms(view.stoppedByAlarms)} fired.${trafficAfterStop(view)}`;
}

/** Why CodeDeploy stops deployments, and what to look at before the next one. */
export const ALARM_STOP_HINT =
  '🔔 CodeDeploy stops a deployment of this group when an alarm on its list is in ALARM. Find out why it fired before deploying again.';
