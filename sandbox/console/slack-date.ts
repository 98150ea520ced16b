/**
 * Slack's date token `<!date^1767261600^{date_short_pretty} at {time}|fallback>`: each reader sees the time in
 * their own time zone. `timeZone` is the reader's (the browser's when undefined; tests pass UTC).
 */
export interface DateContext {
  now: Date;
  timeZone?: string;
}

const part = (date: Date, zone: string | undefined, options: Intl.DateTimeFormatOptions): string =>
  new Intl.DateTimeFormat('en-US', { ...options, ...(zone ? { timeZone: zone } : {}) }).format(date);

/** YYYY-MM-DD in the reader's zone. */
function dayNumber(date: Date, zone: string | undefined): string {
  const [month, day, year] = part(date, zone, { year: 'numeric', month: '2-digit', day: '2-digit' }).split('/');
  return `${year ?? ''}-${month ?? ''}-${day ?? ''}`;
}

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}

function longDate(date: Date, zone: string | undefined, month: 'long' | 'short', weekday: boolean): string {
  const day = Number(part(date, zone, { day: 'numeric' }));
  const name = part(date, zone, { month });
  const year = part(date, zone, { year: 'numeric' });
  const prefix = weekday ? `${part(date, zone, { weekday: 'long' })}, ` : '';
  return month === 'long' ? `${prefix}${name} ${ordinal(day)}, ${year}` : `${prefix}${name} ${day}, ${year}`;
}

/** "today", "yesterday" or "tomorrow" when the date is one of those days for the reader. */
function pretty(date: Date, context: DateContext): string | undefined {
  const day = dayNumber(date, context.timeZone);
  const offsets: [number, string][] = [
    [0, 'today'],
    [-1, 'yesterday'],
    [1, 'tomorrow'],
  ];
  const found = offsets.find(
    ([offset]) => dayNumber(new Date(context.now.getTime() + offset * 86_400_000), context.timeZone) === day,
  );
  return found?.[1];
}

function ago(date: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const future = seconds < 0;
  const size = Math.abs(seconds);
  const [amount, unit] =
    size < 60
      ? [size, 'second']
      : size < 3600
        ? [Math.round(size / 60), 'minute']
        : size < 86_400
          ? [Math.round(size / 3600), 'hour']
          : [Math.round(size / 86_400), 'day'];
  const words = `${amount} ${unit}${amount === 1 ? '' : 's'}`;
  return future ? `in ${words}` : `${words} ago`;
}

const TOKENS: Record<string, (date: Date, context: DateContext) => string> = {
  date_num: (date, c) => dayNumber(date, c.timeZone),
  date: (date, c) => longDate(date, c.timeZone, 'long', false),
  date_short: (date, c) => longDate(date, c.timeZone, 'short', false),
  date_long: (date, c) => longDate(date, c.timeZone, 'long', true),
  date_pretty: (date, c) => pretty(date, c) ?? longDate(date, c.timeZone, 'long', false),
  date_short_pretty: (date, c) => pretty(date, c) ?? longDate(date, c.timeZone, 'short', false),
  date_long_pretty: (date, c) => pretty(date, c) ?? longDate(date, c.timeZone, 'long', true),
  time: (date, c) => part(date, c.timeZone, { hour: 'numeric', minute: '2-digit' }),
  time_secs: (date, c) => part(date, c.timeZone, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
  ago: (date, c) => ago(date, c.now),
};

/** The token's text, or undefined when it is malformed (the caller then shows the fallback, as Slack does). */
export function formatSlackDate(epochSeconds: string, format: string, context: DateContext): string | undefined {
  const seconds = Number(epochSeconds);
  if (!/^\d+$/.test(epochSeconds) || !Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  const names = [...format.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  if (names.some((name) => !TOKENS[name])) return undefined;
  return format.replace(/\{(\w+)\}/g, (whole, name: string) => TOKENS[name]?.(date, context) ?? whole);
}
