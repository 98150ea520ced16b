import * as z from 'zod';
import { canonicalTimeZone, clockText, instantOf, type LocalDateTime } from '../../commands/zoned-time';

// Deploy windows and freezes (docs/decisions/0023), at the top level (every environment) and per environment:
// recurring weekly windows in which deploys are allowed or denied, and dated freezes. Read here into the rules
// commands/deploy/freeze.ts works with; the time zone a rule leaves out is its level's `timeZone` (then UTC).

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_LABELS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const FULL_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A recurring window as commands/deploy/freeze.ts uses it. */
export interface WindowRule {
  /** Weekdays it starts on, 0 = Sunday. */
  days: number[];
  /** Minutes after local midnight: the window starts at `start` and ends at `end` (the next day when end ≤ start). */
  start: number;
  end: number;
  timeZone: string;
  reason: string | undefined;
  /** `Mon–Fri 09:00–18:00 Asia/Seoul` */
  label: string;
}

/** A dated freeze: from and to are local times in its time zone. */
export interface DatedFreeze {
  from: LocalDateTime;
  to: LocalDateTime;
  timeZone: string;
  reason: string;
}

export interface DeployCalendarRules {
  allow: WindowRule[];
  deny: WindowRule[];
  freezes: DatedFreeze[];
}

export const timeZone = z.string().transform((name, ctx) => {
  const canonical = canonicalTimeZone(name);
  if (canonical) return canonical;
  ctx.addIssue({
    code: 'custom',
    message: `"${name}" is not a time zone: use an IANA name such as Asia/Seoul, Europe/Berlin or UTC`,
  });
  return z.NEVER;
});

function dayIndex(word: string): number | undefined {
  const lower = word.trim().toLowerCase();
  const short = DAY_NAMES.indexOf(lower as (typeof DAY_NAMES)[number]);
  const full = FULL_NAMES.indexOf(lower as (typeof FULL_NAMES)[number]);
  if (short >= 0) return short;
  return full >= 0 ? full : undefined;
}

/** `Mon-Fri`, `Sat`, `Fri-Mon` (wrapping round the week): the weekdays, or the word that is not a day. */
function readDays(items: string[]): { days: number[] } | { bad: string } {
  const days = new Set<number>();
  for (const item of items.flatMap((entry) => entry.split(','))) {
    const [first = '', last, extra] = item.split(/[-–]/);
    const from = dayIndex(first);
    const to = last === undefined ? from : dayIndex(last);
    if (from === undefined || to === undefined || extra !== undefined) return { bad: item.trim() };
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return { days: [...days].sort((a, b) => a - b) };
}

/** `Mon–Fri`, `Sat, Sun`, `Fri–Mon`, `every day`: how a window's days read back. */
function daysLabel(days: number[]): string {
  if (days.length === 7) return 'every day';
  const set = new Set(days);
  // Start after a day off, so a span round the weekend reads as one (`Fri–Mon`).
  const first = days.find((day) => !set.has((day + 6) % 7)) ?? 0;
  const runs: number[][] = [];
  for (let step = 0; step < 7; step += 1) {
    const day = (first + step) % 7;
    if (!set.has(day)) continue;
    const last = runs.at(-1);
    if (last && ((last.at(-1) ?? -2) + 1) % 7 === day) last.push(day);
    else runs.push([day]);
  }
  const name = (day: number | undefined) => DAY_LABELS[day ?? 0];
  return runs
    .map((run) => {
      if (run.length === 1) return name(run[0]);
      return `${name(run[0])}${run.length === 2 ? ', ' : '–'}${name(run.at(-1))}`;
    })
    .join(', ');
}

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

function minuteOf(text: string): number | undefined {
  const match = CLOCK.exec(text.trim());
  if (!match) return undefined;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return minute <= 1440 ? minute : undefined;
}

const days = z.union([z.string(), z.array(z.string()).min(1, 'must name at least one day')]);

const windowShape = z.strictObject({
  days: days.default(['mon-sun']),
  hours: z.string().default('00:00-24:00'),
  timeZone: timeZone.optional(),
  reason: z.string().min(1).max(200).optional(),
});

/** Says what is wrong under a key below the rule being read. */
type Report = (key: string, message: string) => void;

/** A window, read with the time zone of the level it is declared at when it names none. */
function readWindow(raw: z.infer<typeof windowShape>, zone: string, report: Report): WindowRule | undefined {
  const read = readDays(Array.isArray(raw.days) ? raw.days : [raw.days]);
  if ('bad' in read) {
    report('days', `"${read.bad}" is not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range such as Mon-Fri`);
  }
  const [startText = '', endText, extra] = raw.hours.split(/[-–]/);
  const start = minuteOf(startText);
  const end = endText === undefined ? undefined : minuteOf(endText);
  if (start === undefined || end === undefined || extra !== undefined || start === 1440 || start === end) {
    report(
      'hours',
      `"${raw.hours}" is not a span of hours: write HH:MM-HH:MM such as 09:00-18:00 (22:00-06:00 crosses midnight; 00:00-24:00 is the whole day)`,
    );
    return undefined;
  }
  if ('bad' in read) return undefined;
  const tz = raw.timeZone ?? zone;
  return {
    days: read.days,
    start,
    end,
    timeZone: tz,
    reason: raw.reason,
    label: `${daysLabel(read.days)} ${clockText(start)}–${clockText(end)} ${tz}`,
  };
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)$/;

function localOf(text: string): LocalDateTime | undefined {
  const match = LOCAL.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day, minute: hour * 60 + minute };
}

// A YAML timestamp the parser may have read as a date is still a date the person meant; say how to write it.
const localText = z.union([z.string(), z.date().transform((date) => date.toISOString())]);

const freezeShape = z.strictObject({
  from: localText,
  to: localText,
  timeZone: timeZone.optional(),
  reason: z.string().min(1, 'must say why (a holiday, a launch…)').max(200),
});

function readFreeze(raw: z.infer<typeof freezeShape>, zone: string, report: Report): DatedFreeze | undefined {
  const from = localOf(raw.from);
  const to = localOf(raw.to);
  for (const [key, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!value)
      report(key, `"${raw[key]}" is not a local date and time: write YYYY-MM-DD HH:MM, such as 2025-10-03 18:00`);
  }
  if (!from || !to) return undefined;
  const tz = raw.timeZone ?? zone;
  if (instantOf(tz, from) >= instantOf(tz, to)) {
    report('to', `must be after from (${raw.from} ${tz})`);
    return undefined;
  }
  return { from, to, timeZone: tz, reason: raw.reason };
}

/** `deployWindows` and `freezes` of one level, before their time zone is known (the level's, or the top level's). */
export const calendarShape = {
  timeZone: timeZone.optional(),
  deployWindows: z
    .strictObject({
      allow: z.array(windowShape).default([]),
      deny: z.array(windowShape).default([]),
    })
    .optional(),
  freezes: z.array(freezeShape).default([]),
};

export interface RawCalendar {
  deployWindows?: { allow: z.infer<typeof windowShape>[]; deny: z.infer<typeof windowShape>[] } | undefined;
  freezes: z.infer<typeof freezeShape>[];
}

/** Reads one level's rules in `zone`; problems are reported under `path` (e.g. `environments.prod`). */
export function readCalendar(
  raw: RawCalendar,
  zone: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): DeployCalendarRules {
  const at =
    (more: (string | number)[]): Report =>
    (key, message) =>
      ctx.addIssue({ code: 'custom', path: [...path, ...more, key], message });
  const windows = (kind: 'allow' | 'deny') =>
    (raw.deployWindows?.[kind] ?? []).flatMap(
      (window, index) => readWindow(window, zone, at(['deployWindows', kind, index])) ?? [],
    );
  return {
    allow: windows('allow'),
    deny: windows('deny'),
    freezes: raw.freezes.flatMap((freeze, index) => readFreeze(freeze, zone, at(['freezes', index])) ?? []),
  };
}

/** An environment's rules with the top level's: both apply (docs/decisions/0023). */
export interface DeployCalendar extends DeployCalendarRules {
  /** The environment's time zone: what refusals and /status show times in. */
  timeZone: string;
}

export function mergeCalendars(timeZone: string, ...levels: DeployCalendarRules[]): DeployCalendar {
  return {
    timeZone,
    allow: levels.flatMap((level) => level.allow),
    deny: levels.flatMap((level) => level.deny),
    freezes: levels.flatMap((level) => level.freezes),
  };
}
