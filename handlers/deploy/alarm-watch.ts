import { alarmsThatStopped, commonPrefix } from '../../commands/deploy/alarm-stop';
import type { AlarmWatch, DeploymentDetail } from '../../commands/deploy/ports';
import { outcomeOf } from '../../commands/deploy/stage';
import type { DeploymentGroupReader } from '../../commands/fleet/ports';
import type { AlarmReader } from '../../commands/ports';
import { logger } from '../../lib/log';

/** What the alarm lines of the progress message read: the live-fleet reader (cached per group) and CloudWatch. */
export interface AlarmSources {
  deploymentGroups: DeploymentGroupReader;
  alarms: AlarmReader;
}

/**
 * The group's alarm list, through the live-fleet cache every reader of the group shares (one GetDeploymentGroup per
 * group a minute, however many events). A line of the message is not worth failing its edit: unreadable is none.
 */
async function groupWatch(detail: DeploymentDetail, sources: AlarmSources): Promise<AlarmWatch | undefined> {
  try {
    const { stopOnAlarms } = await sources.deploymentGroups.fleet(detail.application, detail.group);
    return { enabled: stopOnAlarms.length > 0, alarms: stopOnAlarms };
  } catch (error) {
    logger.warn('could not read the deployment group alarm list', { group: detail.group, error });
    return undefined;
  }
}

/** The watched alarms in ALARM now, for an ALARM_ACTIVE message that names none (one DescribeAlarms by prefix). */
async function firing(watched: string[], sources: AlarmSources): Promise<string[]> {
  if (!watched.length) return [];
  try {
    return (await sources.alarms.firing(commonPrefix(watched))).map((alarm) => alarm.name);
  } catch (error) {
    logger.warn('could not read which watched alarms are firing', { error });
    return [];
  }
}

/**
 * The deployment with the alarms CodeDeploy watches for it and, when one stopped it, which. The group is read only
 * when it matters: while the deployment runs (unless the deployment names its own alarms) and to read the names an
 * alarm stop gives; a deployment that ended otherwise costs nothing more.
 */
export async function withAlarms(detail: DeploymentDetail, sources: AlarmSources): Promise<DeploymentDetail> {
  const running = outcomeOf(detail.status) === 'running';
  if (!running && !detail.stoppedByAlarms) return detail;
  const alarmWatch = detail.alarmWatch ?? (await groupWatch(detail, sources));
  const watched = alarmWatch?.enabled ? alarmWatch.alarms : [];
  let stoppedByAlarms: string[] | undefined;
  if (detail.stoppedByAlarms) {
    const named = alarmsThatStopped(detail.error, watched) ?? detail.stoppedByAlarms;
    stoppedByAlarms = named.length
      ? named
      : (alarmsThatStopped(detail.error, watched, await firing(watched, sources)) ?? []);
  }
  return {
    ...detail,
    ...(alarmWatch ? { alarmWatch } : {}),
    ...(stoppedByAlarms ? { stoppedByAlarms } : {}),
  };
}
