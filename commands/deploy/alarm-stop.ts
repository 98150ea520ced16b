/**
 * CodeDeploy's own alarm stops. A deployment group may name CloudWatch alarms (alarmConfiguration); "if any of the
 * specified alarms are activated, the deployment stops, and the status is updated to Stopped"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-create-alarms.html), with errorInformation
 * code ALARM_ACTIVE. Its message is not documented; real ones read "One or more alarms have been activated according
 * to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms:
 * <name> <name>", so the names are read from it as robustly as a space-separated list of names allows.
 */

/** errorInformation.code of a deployment CodeDeploy stopped because an alarm it watches fired. */
export const ALARM_ACTIVE = 'ALARM_ACTIVE';

const LIST = /activated alarms?\s*:\s*([\s\S]*)$/i;
const SEPARATOR = /^[\s,;]+/;

/** Whether `name` appears in `text` on its own, not as part of a longer name. */
function mentions(text: string, name: string): boolean {
  let at = text.indexOf(name);
  while (at >= 0) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + name.length);
    if (!/[\w-]/.test(before) && !/[\w-]/.test(after)) return true;
    at = text.indexOf(name, at + 1);
  }
  return false;
}

/**
 * The alarm names an ALARM_ACTIVE message lists, in its order, without repeats. Alarm names may hold spaces and
 * commas, so the names CodeDeploy watches (`known`) are matched first, longest first; anything else is one name
 * per space- or comma-separated word. Without the "Activated alarms:" list, the known names the message mentions.
 */
export function activatedAlarms(message: string, known: readonly string[] = []): string[] {
  const listed = LIST.exec(message)?.[1]?.trim().replace(/^\[/, '').replace(/\]$/, '');
  if (listed === undefined) return known.filter((name) => name && mentions(message, name));
  const byLength = [...new Set(known)].filter(Boolean).sort((a, b) => b.length - a.length);
  const names: string[] = [];
  let rest = listed.replace(SEPARATOR, '');
  while (rest) {
    const whole = byLength.find((name) => rest.startsWith(name) && /^(?:[\s,;.]|$)/.test(rest.slice(name.length)));
    const name = whole ?? /^[^\s,;]+/.exec(rest)?.[0] ?? rest;
    // The list ends CodeDeploy's sentence: a full stop after the last unknown name is not part of it.
    const cleaned = whole ?? name.replace(/\.+$/, '');
    if (cleaned && !names.includes(cleaned)) names.push(cleaned);
    rest = rest.slice(name.length).replace(SEPARATOR, '');
  }
  return names;
}

/**
 * Which alarms stopped a deployment, or undefined when no alarm did. The names come from CodeDeploy's message
 * (read against the `watched` list); if it names none, the watched alarms `firing` now; else none is known (`[]`,
 * "an alarm").
 */
export function alarmsThatStopped(
  error: { code: string; message: string } | undefined,
  watched: readonly string[] = [],
  firing: readonly string[] = [],
): string[] | undefined {
  if (error?.code !== ALARM_ACTIVE) return undefined;
  const named = activatedAlarms(error.message, watched);
  return named.length ? named : watched.filter((name) => firing.includes(name));
}

/** The longest prefix the names share: one DescribeAlarms by prefix finds them all. */
export function commonPrefix(names: readonly string[]): string {
  const [first = '', ...rest] = names;
  let length = first.length;
  for (const name of rest) {
    let same = 0;
    while (same < length && same < name.length && name.charAt(same) === first.charAt(same)) same += 1;
    length = same;
  }
  return first.slice(0, length);
}

/**
 * `alarm a`, `alarms a and b`, `alarms a, b and 3 more`, or `an alarm` when none is known: at most `max` names,
 * each written by `show` (bold and escaped in a message, as is in the audit).
 */
export function alarmPhrase(
  names: readonly string[],
  show: (name: string) => string = (name) => name,
  max = 3,
): string {
  if (!names.length) return 'an alarm';
  const shown = names.slice(0, max).map(show);
  const more = names.length - shown.length;
  const parts = more ? [...shown, `${more} more`] : shown;
  const list = parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
  return `${names.length === 1 ? 'alarm' : 'alarms'} ${list}`;
}
