import { copiedGroupOrigin } from './green-group';
import type { DeploymentGroupFleet, WatchingAlarm } from './ports';

/** Alarms that watch an Auto Scaling group that no longer exists: no datapoint will ever arrive, so they never fire. */
export interface SilentAlarmFinding {
  /** The group that is gone. */
  group: string;
  alarms: string[];
  /** Those of them CodeDeploy watches to stop a bad deployment. */
  stopOnAlarm: string[];
  /** Where they should point: the one group serving now, when there is exactly one. */
  liveGroup?: string;
  /** The deployment that made the live group (and so replaced the old one), read from the live group's name. */
  replacedBy?: string;
}

export interface SilentAlarmInput {
  deploymentGroup: string;
  fleet: DeploymentGroupFleet;
  alarms: WatchingAlarm[];
  /** Which of the groups the alarms name exist now. */
  existing: Set<string>;
  /** Whether a group that CodeDeploy did not name belonged to this app and environment (see `ownsGroup`). */
  owns: (group: string) => boolean;
}

/**
 * A gone group is this deployment group's when CodeDeploy made it for this deployment group, when an alarm on the
 * deployment group's own stop list watches it, or when the caller says it was this environment's (see `owns`).
 * A copy CodeDeploy made for another deployment group is someone else's, whatever the caller thinks.
 */
function belongs(input: SilentAlarmInput, group: string, onStopList: boolean): boolean {
  const origin = copiedGroupOrigin(group);
  return origin ? origin.deploymentGroup === input.deploymentGroup : onStopList || input.owns(group);
}

/** One finding per gone group, alarms sorted by name; nothing when every named group exists. */
export function findSilentAlarms(input: SilentAlarmInput): SilentAlarmFinding[] {
  const { fleet, alarms, existing } = input;
  const live = new Set([...fleet.serving, ...(fleet.green ? [fleet.green.name] : [])]);
  const byGroup = new Map<string, Set<string>>();
  const stopList = new Set(fleet.stopOnAlarms);
  for (const alarm of alarms) {
    // An alarm on the deployment group's own stop list watches that group's fleet, whatever its groups are called.
    const onStopList = stopList.has(alarm.name);
    for (const group of alarm.groups) {
      if (existing.has(group) || live.has(group) || !belongs(input, group, onStopList)) continue;
      byGroup.set(group, (byGroup.get(group) ?? new Set()).add(alarm.name));
    }
  }
  const liveGroup = fleet.serving.length === 1 ? fleet.serving[0] : undefined;
  const replacedBy = liveGroup === undefined ? undefined : copiedGroupOrigin(liveGroup)?.deploymentId;
  return [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, names]) => {
      const sorted = [...names].sort();
      return {
        group,
        alarms: sorted,
        stopOnAlarm: sorted.filter((name) => stopList.has(name)),
        ...(liveGroup === undefined ? {} : { liveGroup }),
        ...(replacedBy === undefined ? {} : { replacedBy }),
      };
    });
}
