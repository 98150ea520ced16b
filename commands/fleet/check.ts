import { isRetryable } from '../../lib/errors';
import type {
  AlarmMoveOutcome,
  AlarmRewriter,
  DeploymentGroupFleet,
  DeploymentGroupReader,
  GroupDirectory,
  SilentAlarmRecord,
} from './ports';
import { findSilentAlarms, type SilentAlarmFinding } from './silent-alarms';

/** What one environment's account lets the fleet checks see and change. */
export interface FleetAccount {
  deploymentGroups: DeploymentGroupReader;
  alarmRewriter: AlarmRewriter;
  groups: GroupDirectory;
}

export interface SilentAlarmScope {
  application: string;
  deploymentGroup: string;
  alarmPrefix?: string;
  /** See SilentAlarmInput.owns. */
  owns: (group: string) => boolean;
}

/**
 * The alarms of an app (its prefix, and the deployment group's own stop-on-alarm list) that watch a group that no
 * longer exists: three reads, whatever the number of alarms.
 */
export async function checkSilentAlarms(
  scope: SilentAlarmScope,
  account: FleetAccount,
): Promise<{ fleet: DeploymentGroupFleet; findings: SilentAlarmFinding[] }> {
  const fleet = await account.deploymentGroups.fleet(scope.application, scope.deploymentGroup);
  const alarms = await account.alarmRewriter.watching(scope.alarmPrefix, fleet.stopOnAlarms);
  const named = [...new Set(alarms.flatMap((alarm) => alarm.groups))];
  const existing = named.length ? await account.groups.existing(named) : new Set<string>();
  return {
    fleet,
    findings: findSilentAlarms({ deploymentGroup: scope.deploymentGroup, fleet, alarms, existing, owns: scope.owns }),
  };
}

/**
 * Moves each alarm of a finding to its live group, one at a time (PutMetricAlarm is rate-limited per account).
 * A move re-reads the alarm first, so running this again after a crash moves nothing twice. Throttling and AWS
 * outages are thrown for the job to be retried; anything else is that alarm's result, said in `describe`'s words.
 */
export async function moveSilentAlarms(
  finding: SilentAlarmRecord & { liveGroup: string },
  rewriter: AlarmRewriter,
  describe: (error: unknown) => string,
): Promise<AlarmMoveOutcome[]> {
  const outcomes: AlarmMoveOutcome[] = [];
  for (const alarm of finding.alarms) {
    try {
      outcomes.push({ alarm, result: await rewriter.move(alarm, finding.group, finding.liveGroup) });
    } catch (error) {
      if (isRetryable(error)) throw error;
      outcomes.push({ alarm, result: 'failed', reason: describe(error) });
    }
  }
  return outcomes;
}
