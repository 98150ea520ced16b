import type { AppConfig } from '../../lib/config/schema';
import type { RunbookConfig } from '../../lib/config/runbooks';
import { alarmDimensions, type AlarmNotification } from '../alarms/notification';
import { isAlarmContextKey, placeholderOf, type AlarmContext } from './context';

/** Which configured runbooks an alarm offers, and their parameters bound from the alarm alone. Pure. */

/** The alarm's own context: its account, region and name, and the instance or group its dimensions name. */
export function alarmContext(
  notification: Pick<AlarmNotification, 'account' | 'region' | 'alarmName' | 'metric' | 'metrics'>,
): AlarmContext {
  const dimensions = alarmDimensions(notification);
  const instanceId = dimensions.find((set) => set.InstanceId)?.InstanceId;
  const autoScalingGroup = dimensions.find((set) => set.AutoScalingGroupName)?.AutoScalingGroupName;
  return {
    account: notification.account,
    region: notification.region,
    alarmName: notification.alarmName,
    ...(instanceId ? { instanceId } : {}),
    ...(autoScalingGroup ? { autoScalingGroup } : {}),
  };
}

/** `edu-web-prod-*` matches `edu-web-prod-cpu-high`: `*` is any run of characters, everything else itself. */
export function matchesPattern(pattern: string, alarmName: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`, 's').test(alarmName);
}

export type Binding = { parameters: Record<string, string[]> } | { missing: string[] };

/** Each parameter as SSM takes it (a list of strings): a placeholder's value from the alarm, or the fixed value. */
export function bindParameters(runbook: Pick<RunbookConfig, 'parameters'>, context: AlarmContext): Binding {
  const parameters: Record<string, string[]> = {};
  const missing: string[] = [];
  for (const [parameter, value] of Object.entries(runbook.parameters)) {
    const key = placeholderOf(value);
    if (key === undefined) {
      parameters[parameter] = [value];
      continue;
    }
    const bound = isAlarmContextKey(key) ? context[key] : undefined;
    if (bound === undefined) missing.push(`{${key}}`);
    else parameters[parameter] = [bound];
  }
  return missing.length ? { missing } : { parameters };
}

/** The app's runbooks in the environment that this alarm offers: its name matches, and the alarm binds them. */
export function runbooksFor(
  app: Pick<AppConfig, 'runbooks'> | undefined,
  env: string,
  context: AlarmContext,
): RunbookConfig[] {
  const alarmName = context.alarmName ?? '';
  return (app?.runbooks[env] ?? []).filter(
    (runbook) =>
      runbook.alarms.some((pattern) => matchesPattern(pattern, alarmName)) &&
      'parameters' in bindParameters(runbook, context),
  );
}
