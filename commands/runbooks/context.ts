/**
 * What a runbook's parameters may be bound to: the alarm's own context, never anything a person types
 * (docs/decisions/0026). A parameter's value in the configuration is either exactly one of these placeholders, or a
 * fixed value with no placeholder in it.
 */
export const ALARM_CONTEXT = ['instanceId', 'autoScalingGroup', 'region', 'account', 'alarmName'] as const;

export type AlarmContextKey = (typeof ALARM_CONTEXT)[number];
export type AlarmContext = Partial<Record<AlarmContextKey, string>>;

const PLACEHOLDER = /^\{(\w+)\}$/;

/** The context key a configured value names (`{instanceId}` → instanceId), undefined for a fixed value. */
export function placeholderOf(value: string): string | undefined {
  return PLACEHOLDER.exec(value)?.[1];
}

export function isAlarmContextKey(key: string): key is AlarmContextKey {
  return (ALARM_CONTEXT as readonly string[]).includes(key);
}
