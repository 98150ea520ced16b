import type { DeployCalendar, DatedFreeze, WindowRule } from '../../lib/config/deploy-windows';
import { formatDuration } from '../../lib/config/duration';
import { addDays, formatLocal, instantOf, localAt, weekdayOf } from '../zoned-time';

/**
 * When deploys are refused (docs/decisions/0023): dated freezes, recurring `deny` windows, and the time outside every
 * `allow` window. Overlapping and adjacent spans join into one run, so "until" is when deploys are next allowed.
 * Pure: the time comes in as `now`.
 */

/** Why a span is frozen: a dated freeze, a deny window, or no allow window open. */
export interface FreezeCause {
  kind: 'freeze' | 'deny' | 'outside';
  reason: string;
  from: Date;
  until: Date;
}

/** Spans of refused deploys joined: `until` is when deploys are allowed again (undefined: not within a year). */
export interface FreezeRun {
  from: Date;
  until: Date | undefined;
  causes: FreezeCause[];
}

export interface FreezeState {
  /** The environment's time zone, for showing times. */
  timeZone: string;
  /** The run `now` is in, if any. */
  active: FreezeRun | undefined;
  /** The causes in force at `now` (those of `active` that cover it). */
  current: FreezeCause[];
  /** The next run after `now` (after the active one), if one starts within a year. */
  next: FreezeRun | undefined;
  /** The last run that ended at or before `now`, if one did in the last days. */
  previous: FreezeRun | undefined;
}

const DAY_MS = 86_400_000;
/** How far around `now` spans are worked out, widened only when a run reaches the edge. */
const HORIZONS_DAYS = [8, 64, 400];

interface Span {
  from: number;
  until: number;
  cause: Omit<FreezeCause, 'from' | 'until'>;
}

/** A window's occurrences that overlap [lo, hi): one per local day it starts on, in its own time zone. */
export function occurrences(rule: WindowRule, lo: number, hi: number): { from: number; until: number }[] {
  const found: { from: number; until: number }[] = [];
  // From the day before lo: a window that crosses midnight may have started then.
  for (let day = localAt(rule.timeZone, new Date(lo - DAY_MS)); ; day = { ...day, ...addDays(day, 1) }) {
    // No zone is more than 14 hours ahead of UTC: a day whose midnight is at or after hi anywhere has no window in it.
    if (Date.UTC(day.year, day.month - 1, day.day) - 14 * 3_600_000 >= hi) break;
    if (!rule.days.includes(weekdayOf(day))) continue;
    const from = instantOf(rule.timeZone, { ...day, minute: rule.start }).getTime();
    const endDay = rule.end > rule.start ? day : { ...day, ...addDays(day, 1) };
    const until = instantOf(rule.timeZone, { ...endDay, minute: rule.end }).getTime();
    // A window inside the hour the clocks skip is empty that day.
    if (until > from && until > lo && from < hi) found.push({ from, until });
  }
  return found;
}

function freezeSpan(freeze: DatedFreeze): Span {
  return {
    from: instantOf(freeze.timeZone, freeze.from).getTime(),
    until: instantOf(freeze.timeZone, freeze.to).getTime(),
    cause: { kind: 'freeze', reason: freeze.reason },
  };
}

/** `outside the deploy window Mon–Fri 09:00–18:00 Asia/Seoul` (or windows, when there are several). */
export function outsideReason(allow: WindowRule[]): string {
  const labels = allow.map((rule) => rule.label);
  return `outside the deploy window${labels.length === 1 ? '' : 's'} ${labels.join('; ')}`;
}

/** The time in [lo, hi) no allow window covers. */
function outsideSpans(allow: WindowRule[], lo: number, hi: number): Span[] {
  const open = allow.flatMap((rule) => occurrences(rule, lo, hi)).sort((a, b) => a.from - b.from);
  const cause = { kind: 'outside' as const, reason: outsideReason(allow) };
  const spans: Span[] = [];
  let cursor = lo;
  for (const window of open) {
    if (window.from > cursor) spans.push({ from: cursor, until: Math.min(window.from, hi), cause });
    cursor = Math.max(cursor, window.until);
    if (cursor >= hi) break;
  }
  if (cursor < hi) spans.push({ from: cursor, until: hi, cause });
  return spans.filter((span) => span.until > span.from);
}

function spansBetween(calendar: DeployCalendar, lo: number, hi: number): Span[] {
  const denied = calendar.deny.flatMap((rule) =>
    occurrences(rule, lo, hi).map((window) => ({
      ...window,
      cause: { kind: 'deny' as const, reason: rule.reason ?? `deploys are not allowed ${rule.label}` },
    })),
  );
  const freezes = calendar.freezes.map(freezeSpan).filter((span) => span.until > lo && span.from < hi);
  const outside = calendar.allow.length ? outsideSpans(calendar.allow, lo, hi) : [];
  return [...freezes, ...denied, ...outside].sort((a, b) => a.from - b.from);
}

interface Run {
  from: number;
  until: number;
  spans: Span[];
}

/** Joins overlapping and touching spans: one run is refused without a gap. */
function joined(spans: Span[]): Run[] {
  const runs: Run[] = [];
  for (const span of spans) {
    const last = runs.at(-1);
    if (last && span.from <= last.until) {
      last.until = Math.max(last.until, span.until);
      last.spans.push(span);
    } else runs.push({ from: span.from, until: span.until, spans: [span] });
  }
  return runs;
}

function asRun(run: Run, hi: number): FreezeRun {
  return {
    from: new Date(run.from),
    until: run.until >= hi ? undefined : new Date(run.until),
    causes: run.spans.map((span) => ({ ...span.cause, from: new Date(span.from), until: new Date(span.until) })),
  };
}

function hasRules(calendar: DeployCalendar): boolean {
  return calendar.allow.length + calendar.deny.length + calendar.freezes.length > 0;
}

/** Whether deploys are frozen at `now`, by what, until when, and what comes next. */
export function freezeAt(calendar: DeployCalendar, now: Date): FreezeState {
  const none: FreezeState = {
    timeZone: calendar.timeZone,
    active: undefined,
    current: [],
    next: undefined,
    previous: undefined,
  };
  if (!hasRules(calendar)) return none;
  const at = now.getTime();
  for (const [index, days] of HORIZONS_DAYS.entries()) {
    const lo = at - days * DAY_MS;
    const hi = at + days * DAY_MS;
    const runs = joined(spansBetween(calendar, lo, hi));
    const active = runs.find((run) => run.from <= at && at < run.until);
    const next = runs.find((run) => run.from > at);
    const previous = runs.filter((run) => run.until <= at).at(-1);
    const laterFreeze = calendar.freezes.some((freeze) => freezeSpan(freeze).from >= hi);
    const settled = (!active || (active.from > lo && active.until < hi)) && (next ? next.until < hi : !laterFreeze);
    if (settled || index === HORIZONS_DAYS.length - 1) {
      const run = active && asRun(active, hi);
      return {
        timeZone: calendar.timeZone,
        active: run,
        current: run?.causes.filter((cause) => cause.from <= now && now < cause.until) ?? [],
        next: next && asRun(next, hi),
        previous: previous && asRun(previous, hi),
      };
    }
  }
  return none;
}

/** What a freeze is about, in a line: each cause in force once (`Chuseok holidays; outside the deploy window …`). */
export function freezeReason(causes: FreezeCause[]): string {
  return [...new Set(causes.map((cause) => cause.reason))].join('; ') || 'a deploy freeze';
}

/** `Fri 10 Oct 2025, 00:00 Asia/Seoul (in 2d 3h)`, or that no window opens within a year. */
export function freezeEnd(run: FreezeRun, timeZone: string, now: Date): string {
  if (!run.until) return 'no deploy window opens within a year (check the configuration)';
  return `${formatLocal(run.until, timeZone)} (in ${formatDuration(run.until.getTime() - now.getTime())})`;
}

/** `Thu 2 Oct 2025, 18:00 Asia/Seoul (in 5h)`: when the next run starts. */
export function freezeStart(run: FreezeRun, timeZone: string, now: Date): string {
  return `${formatLocal(run.from, timeZone)} (in ${formatDuration(run.from.getTime() - now.getTime())})`;
}

/**
 * Whether a run is announced in the environment's channel: dated freezes and deny windows are; the nightly close
 * of an allow window alone is not (it would be said every evening). Its start is when the first of those began.
 */
export function announcedFrom(run: FreezeRun): Date | undefined {
  const starts = run.causes.filter((cause) => cause.kind !== 'outside').map((cause) => cause.from.getTime());
  return starts.length ? new Date(Math.min(...starts)) : undefined;
}

/** The grant an override approval carries: which run it breaks, so a later different freeze is not broken by it. */
export function freezePin(run: FreezeRun): string {
  return `freeze:${run.from.toISOString()}`;
}
