/**
 * Wall-clock time in an IANA time zone, through Node's Intl (full ICU): the offset of a zone at an instant, and the
 * instant of a local date and time. Node 20 has no Temporal; these two conversions are all the freezes need
 * (docs/decisions/0023).
 */

/** A local date and time, as a person writes it in a time zone; `minute` of the day may be 1440 (24:00). */
export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** Minutes since local midnight, 0–1440. */
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let found = formats.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, found);
  }
  return found;
}

/** The IANA name Intl knows the zone by (`asia/seoul` → `Asia/Seoul`), or undefined when it knows none. */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds (whole seconds). */
export function offsetAt(timeZone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of format(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The local date and time at `instant` in the zone. */
export function localAt(timeZone: string, instant: Date): LocalDateTime & { weekday: number } {
  const wall = new Date(instant.getTime() + offsetAt(timeZone, instant.getTime()));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    weekday: wall.getUTCDay(),
  };
}

/**
 * The instant a local date and time happen in the zone. Around a daylight-saving switch this is what Temporal calls
 * `compatible`: a time the clocks skip (02:30 when they jump from 02:00 to 03:00) is read with the offset before the
 * jump, so it lands as far after the jump (03:30); a time that happens twice (when clocks go back) is the first.
 */
export function instantOf(timeZone: string, local: LocalDateTime): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day) + local.minute * 60_000;
  const before = offsetAt(timeZone, wall - 86_400_000);
  const after = offsetAt(timeZone, wall + 86_400_000);
  // No switch within a day either side (nearly always): the one offset is the answer.
  if (before === after) return new Date(wall - before);
  const candidates = [...new Set([wall - before, wall - after])]
    .filter((instant) => instant + offsetAt(timeZone, instant) === wall)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before);
}

/** The local calendar day `days` after the given one (months and years roll over). */
export function addDays(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>, days: number) {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday, of a local calendar day. */
export function weekdayOf(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>): number {
  return new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
}

const shown = new Map<string, Intl.DateTimeFormat>();

/** `Fri 10 Oct 2025, 09:00 Asia/Seoul`: an instant as people in that zone read their clocks. */
export function formatLocal(instant: Date, timeZone: string): string {
  let found = shown.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    shown.set(timeZone, found);
  }
  return `${found.format(instant)} ${timeZone}`;
}

/** `09:00` for 540 minutes; 1440 is `24:00`. */
export function clockText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
