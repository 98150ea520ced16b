import type { AlarmEpisode, AlarmSnooze } from '../../../commands/alarms/episodes';
import { parseAlarmEvent } from '../../../commands/alarms/notification';
import { alarmEpisodes } from '../../../lib/state/alarm-episodes';
import { alarmSnoozes } from '../../../lib/state/alarm-snoozes';
import { useDynalite } from '../../fakes/dynalite';
import { payload } from '../alarms/payloads';

const dynamo = useDynalite();

const notification = parseAlarmEvent(payload('eventbridge__cw-alarm-state-change__metric-math__aws-docs.json'))[0]!;
const KEY = '123456789012:us-east-1:TotalNetworkTrafficTooHigh';
const at = (minutes: number) => new Date(notification.changedAt.getTime() + minutes * 60_000);

function opened(minutes = 0): AlarmEpisode {
  return {
    key: KEY,
    status: 'open',
    route: { channel: 'C0DOCSDEMO1', env: 'docs' },
    notification,
    lastChangeAt: at(minutes),
    count: 1,
    firstAt: at(minutes),
    lastAt: at(minutes),
    claimedAt: at(minutes),
    diagnosis: {
      verdict: 'exhausted',
      headline: 'throttled at baseline — credits exhausted',
      facts: ['Credit balance: 0 now'],
      advice: [],
      subject: 'i-1',
    },
  };
}

describe('alarmEpisodes', () => {
  it('keeps an episode whole: the notification and diagnosis come back as they went in', async () => {
    // Prepare
    const episodes = alarmEpisodes(dynamo().table);
    // Act
    await episodes.replace(opened());
    // Assess
    expect(await episodes.get(KEY)).toEqual(opened());
  });

  it('opens one episode when two deliveries race, and will not replace an open one', async () => {
    // Prepare
    const episodes = alarmEpisodes(dynamo().table);
    // Act
    const raced = await Promise.all([episodes.replace(opened()), episodes.replace(opened())]);
    const newer = await episodes.replace(opened(5));
    // Assess
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect(newer).toBe(false);
  });

  it('applies a change only to the record as it was read', async () => {
    // Prepare
    const episodes = alarmEpisodes(dynamo().table);
    await episodes.replace(opened());
    // Act
    const first = await episodes.advance(KEY, at(0), { count: 2, lastAt: at(5), lastChangeAt: at(5) });
    const stale = await episodes.advance(KEY, at(0), { count: 2, lastAt: at(6), lastChangeAt: at(6) });
    // Assess
    expect(first).toMatchObject({ count: 2, lastChangeAt: at(5), diagnosis: opened().diagnosis });
    expect(stale).toBeUndefined();
  });

  it('hands an unfinished edit over once, and clears it only for whoever holds it', async () => {
    // Prepare
    const episodes = alarmEpisodes(dynamo().table);
    await episodes.replace(opened());
    await episodes.advance(KEY, at(0), { lastChangeAt: at(5), editingSince: at(5) });
    // Act
    const takeovers = await Promise.all([episodes.editing(KEY, at(5), at(7)), episodes.editing(KEY, at(5), at(7))]);
    const lateClear = await episodes.editing(KEY, at(5), undefined);
    const clear = await episodes.editing(KEY, at(7), undefined);
    // Assess
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    expect(lateClear).toBe(false);
    expect(clear).toBe(true);
    expect((await episodes.get(KEY))?.editingSince).toBeUndefined();
  });

  it('attaches the message and records an acknowledgement once, for the same episode only', async () => {
    // Prepare
    const episodes = alarmEpisodes(dynamo().table);
    await episodes.replace(opened());
    // Act
    const attached = await episodes.attachMessage(KEY, at(0), { channel: 'C0DOCSDEMO1', ts: '1767261601.000100' });
    const twice = await episodes.attachMessage(KEY, at(0), { channel: 'C0DOCSDEMO1', ts: '1767261602.000100' });
    const acked = await episodes.acknowledge(KEY, at(0), 'U0CAROL');
    const again = await episodes.acknowledge(KEY, at(0), 'U0BOB');
    const otherEpisode = await episodes.showSnooze(KEY, at(-60), at(60));
    // Assess
    expect(attached?.message).toEqual({ channel: 'C0DOCSDEMO1', ts: '1767261601.000100' });
    expect(twice).toBeUndefined();
    expect(acked?.acknowledgedBy).toBe('U0CAROL');
    expect(again).toBeUndefined();
    expect(otherEpisode).toBeUndefined();
  });
});

describe('alarmSnoozes', () => {
  const snooze = (until: Date): AlarmSnooze => ({
    key: KEY,
    env: 'docs',
    alarmName: 'TotalNetworkTrafficTooHigh',
    until,
    hours: 1,
    by: 'U0ALICE',
    message: { channel: 'C0DOCSDEMO1', ts: '1767261601.000100' },
    failureAnnounced: false,
  });

  it('lists the due ones, and a re-snooze replaces the one it claimed', async () => {
    // Prepare
    const snoozes = alarmSnoozes(dynamo().table);
    await snoozes.save(snooze(at(60)));
    // Act
    const early = await snoozes.listDue(at(30));
    const due = await snoozes.listDue(at(61));
    await snoozes.save(snooze(at(240))); // someone snoozed again for 4 h
    const claimOld = await snoozes.markReenabled(KEY, at(60), at(61));
    const removeOld = await snoozes.remove(KEY, at(60));
    // Assess
    expect(early).toEqual([]);
    expect(due).toEqual([snooze(at(60))]);
    expect([claimOld, removeOld]).toEqual([false, false]);
    expect(await snoozes.get(KEY)).toEqual(snooze(at(240)));
  });

  it('announces a failure once per snooze', async () => {
    const snoozes = alarmSnoozes(dynamo().table);
    await snoozes.save(snooze(at(60)));
    expect([await snoozes.markFailureAnnounced(KEY, at(60)), await snoozes.markFailureAnnounced(KEY, at(60))]).toEqual([
      true,
      false,
    ]);
  });
});
