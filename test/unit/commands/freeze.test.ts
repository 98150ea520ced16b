import { announcedFrom, freezeAt, freezeEnd, freezeReason } from '../../../commands/deploy/freeze';
import { formatLocal, instantOf, offsetAt } from '../../../commands/zoned-time';
import type { DeployCalendar } from '../../../lib/config/deploy-windows';
import { buildConfig } from '../../fakes/blueshift-config';

/** prod's calendar, from configuration keys as an operator writes them (top level and prod's own). */
function calendar(changes: Record<string, unknown>): DeployCalendar {
  const env = buildConfig(changes).environments.prod;
  if (!env) throw new Error('prod is configured');
  return env.calendar;
}

const at = (iso: string) => new Date(iso);

describe('instants of local times (Intl, compatible around daylight-saving switches)', () => {
  it('reads a time the clocks skip as after the jump, and a repeated time as the first', () => {
    // Europe/Berlin: 2025-03-30 02:00 CET → 03:00 CEST; 2025-10-26 03:00 CEST → 02:00 CET
    expect(instantOf('Europe/Berlin', { year: 2025, month: 3, day: 30, minute: 150 }).toISOString()).toBe(
      '2025-03-30T01:30:00.000Z',
    );
    expect(instantOf('Europe/Berlin', { year: 2025, month: 10, day: 26, minute: 150 }).toISOString()).toBe(
      '2025-10-26T00:30:00.000Z',
    );
    expect(instantOf('Asia/Seoul', { year: 2025, month: 10, day: 10, minute: 0 }).toISOString()).toBe(
      '2025-10-09T15:00:00.000Z',
    );
    expect(offsetAt('America/New_York', Date.parse('2025-07-01T00:00:00Z'))).toBe(-4 * 3_600_000);
    expect(formatLocal(at('2025-10-09T15:00:00Z'), 'Asia/Seoul')).toBe('Fri, 10 Oct 2025, 00:00 Asia/Seoul');
  });
});

describe('freezeAt', () => {
  it('says nothing when no window or freeze is configured', () => {
    expect(freezeAt(calendar({}), at('2025-10-05T00:00:00Z'))).toEqual({
      timeZone: 'UTC',
      active: undefined,
      current: [],
      next: undefined,
      previous: undefined,
    });
  });

  it('Asia/Seoul (no daylight saving): a dated freeze ending at local midnight ends at 15:00 UTC the day before', () => {
    // Prepare
    const seoul = calendar({
      'environments.prod.timeZone': 'Asia/Seoul',
      'environments.prod.freezes': [{ from: '2025-10-03 00:00', to: '2025-10-10 00:00', reason: 'Chuseok' }],
    });
    // Act
    const inside = freezeAt(seoul, at('2025-10-09T14:59:00Z'));
    const after = freezeAt(seoul, at('2025-10-09T15:00:00Z'));
    const before = freezeAt(seoul, at('2025-10-02T14:59:00Z'));
    // Assess
    expect(inside.active?.from.toISOString()).toBe('2025-10-02T15:00:00.000Z');
    expect(inside.active?.until?.toISOString()).toBe('2025-10-09T15:00:00.000Z');
    expect(freezeReason(inside.current)).toBe('Chuseok');
    expect(freezeEnd(inside.active!, inside.timeZone, at('2025-10-09T14:59:00Z'))).toBe(
      'Fri, 10 Oct 2025, 00:00 Asia/Seoul (in 1m)',
    );
    expect(after.active).toBeUndefined();
    expect(after.previous?.until?.toISOString()).toBe('2025-10-09T15:00:00.000Z');
    expect(before.active).toBeUndefined();
    expect(before.next?.from.toISOString()).toBe('2025-10-02T15:00:00.000Z');
  });

  it('Europe/Berlin: Mon–Fri 09:00–18:00 across the spring switch closes at 18:00 CET and opens at 09:00 CEST', () => {
    // Prepare: Friday 2025-03-28 is CET (+1); Monday 2025-03-31 is CEST (+2)
    const berlin = calendar({
      'environments.prod.timeZone': 'Europe/Berlin',
      'environments.prod.deployWindows': { allow: [{ days: 'Mon-Fri', hours: '09:00-18:00' }] },
    });
    // Act
    const open = freezeAt(berlin, at('2025-03-28T16:59:00Z'));
    const closed = freezeAt(berlin, at('2025-03-28T17:00:00Z'));
    // Assess
    expect(open.active).toBeUndefined();
    expect(open.next?.from.toISOString()).toBe('2025-03-28T17:00:00.000Z');
    expect(closed.active?.until?.toISOString()).toBe('2025-03-31T07:00:00.000Z');
    expect(freezeReason(closed.current)).toBe('outside the deploy window Mon–Fri 09:00–18:00 Europe/Berlin');
    expect(announcedFrom(closed.active!)).toBeUndefined(); // the nightly close is not announced
  });

  it('America/New_York: a deny window crossing midnight into the autumn switch lasts 9 hours of real time', () => {
    // Prepare: Sat 2025-11-01 22:00 EDT → Sun 06:00 EST; the clocks repeat 01:00–02:00 that night
    const ny = calendar({
      'environments.prod.timeZone': 'America/New_York',
      'environments.prod.deployWindows': { deny: [{ days: 'Sat', hours: '22:00-06:00', reason: 'batch jobs' }] },
    });
    // Act
    const state = freezeAt(ny, at('2025-11-02T06:30:00Z'));
    // Assess
    expect(state.active?.from.toISOString()).toBe('2025-11-02T02:00:00.000Z');
    expect(state.active?.until?.toISOString()).toBe('2025-11-02T11:00:00.000Z');
    expect(freezeReason(state.current)).toBe('batch jobs');
    expect(formatLocal(state.active!.until!, 'America/New_York')).toBe('Sun, 2 Nov 2025, 06:00 America/New_York');
  });

  it('America/New_York: a window inside the hour the clocks skip is empty that day; one around it is shorter', () => {
    // Prepare: Sun 2025-03-09 02:00 EST → 03:00 EDT
    const ny = calendar({
      'environments.prod.timeZone': 'America/New_York',
      'environments.prod.deployWindows': {
        deny: [
          { days: 'Sun', hours: '02:00-03:00', reason: 'skipped' },
          { days: 'Sun', hours: '01:00-03:00', reason: 'around' },
        ],
      },
    });
    // Act
    const state = freezeAt(ny, at('2025-03-09T06:30:00Z'));
    // Assess: 01:00 EST (06:00Z) to 03:00 EDT (07:00Z)
    expect(state.active?.from.toISOString()).toBe('2025-03-09T06:00:00.000Z');
    expect(state.active?.until?.toISOString()).toBe('2025-03-09T07:00:00.000Z');
    expect(state.active?.causes.map((cause) => cause.reason)).toEqual(['around']);
  });

  it('joins a dated freeze, an adjacent deny window and the night outside the window: until is the next opening', () => {
    // Prepare: the freeze ends Fri 10 Oct 00:00 KST, Friday mornings are denied, and deploys open Mon–Fri 09:00–18:00
    const seoul = calendar({
      timeZone: 'Asia/Seoul',
      deployWindows: { allow: [{ days: ['Mon-Fri'], hours: '09:00-18:00' }] },
      freezes: [{ from: '2025-10-03 00:00', to: '2025-10-10 00:00', reason: 'Chuseok' }],
      'environments.prod.deployWindows': { deny: [{ days: 'fri', hours: '00:00-12:00', reason: 'release review' }] },
    });
    // Act
    const state = freezeAt(seoul, at('2025-10-05T00:00:00Z'));
    // Assess: frozen from Thu 2 Oct 18:00 KST (outside the window) until Fri 10 Oct 12:00 KST
    expect(state.timeZone).toBe('Asia/Seoul');
    expect(state.active?.from.toISOString()).toBe('2025-10-02T09:00:00.000Z');
    expect(state.active?.until?.toISOString()).toBe('2025-10-10T03:00:00.000Z');
    expect(freezeReason(state.current)).toBe('Chuseok; outside the deploy window Mon–Fri 09:00–18:00 Asia/Seoul');
    expect(announcedFrom(state.active!)?.toISOString()).toBe('2025-10-02T15:00:00.000Z');
    expect(state.next?.from.toISOString()).toBe('2025-10-10T09:00:00.000Z');
  });

  it('overlapping freezes are one run, and a freeze in another zone is shown in the environment’s', () => {
    // Prepare
    const env = calendar({
      'environments.prod.timeZone': 'Asia/Seoul',
      'environments.prod.freezes': [
        { from: '2025-12-24 18:00', to: '2025-12-26 09:00', timeZone: 'Europe/Berlin', reason: 'Christmas' },
        { from: '2025-12-25 00:00', to: '2025-12-27 00:00', reason: 'launch' },
      ],
    });
    // Act
    const state = freezeAt(env, at('2025-12-26T10:00:00Z'));
    // Assess: Berlin's freeze ended 08:00Z; Seoul's runs until 26 Dec 15:00Z; one run from Berlin's start
    expect(state.active?.from.toISOString()).toBe('2025-12-24T15:00:00.000Z');
    expect(state.active?.until?.toISOString()).toBe('2025-12-26T15:00:00.000Z');
    expect(freezeReason(state.current)).toBe('launch');
    expect(freezeEnd(state.active!, state.timeZone, at('2025-12-26T10:00:00Z'))).toBe(
      'Sat, 27 Dec 2025, 00:00 Asia/Seoul (in 5h)',
    );
  });

  it('finds a freeze months away as the next one', () => {
    const env = calendar({
      'environments.prod.freezes': [{ from: '2026-06-01 00:00', to: '2026-06-02 00:00', reason: 'launch' }],
    });
    expect(freezeAt(env, at('2025-10-05T00:00:00Z')).next?.from.toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('says when no window opens within a year', () => {
    const env = calendar({ 'environments.prod.deployWindows': { deny: [{ days: 'Mon-Sun', reason: 'closed' }] } });
    const state = freezeAt(env, at('2025-10-05T00:00:00Z'));
    expect(state.active?.until).toBeUndefined();
    expect(freezeEnd(state.active!, state.timeZone, at('2025-10-05T00:00:00Z'))).toMatch(/no deploy window opens/);
  });
});
