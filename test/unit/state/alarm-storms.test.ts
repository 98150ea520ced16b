import type { StormAlarm } from '../../../commands/alarms/storm';
import { alarmStorms } from '../../../lib/state/alarm-storms';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();

const T0 = new Date('2026-03-02T02:13:00.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);
const alarm = (name: string, seconds = 0): StormAlarm => ({
  key: `111111111111:ap-northeast-2:${name}`,
  name,
  at: later(seconds),
});

describe('storm windows', () => {
  it('counts each alarm once while the window is live, and none once a quiet minute has passed', async () => {
    // Prepare
    const storms = alarmStorms(dynamo().table);
    // Act
    const none = await storms.join('prod', alarm('a'), T0);
    const started = await storms.start('prod', alarm('a'), T0);
    const second = await storms.start('prod', alarm('b', 5), later(5));
    const joined = await storms.join('prod', alarm('b', 5), later(5));
    const again = await storms.join('prod', alarm('b', 5), later(6));
    const quiet = await storms.join('prod', alarm('c', 70), later(70));
    const fresh = await storms.start('prod', alarm('c', 70), later(70));
    // Assess
    expect(none).toBeUndefined();
    expect(started?.alarms.map((a) => a.name)).toEqual(['a']);
    expect(second).toBeUndefined(); // a live window is joined, never started over
    expect(joined?.alarms.map((a) => a.name)).toEqual(['a', 'b']);
    expect(again?.alarms.map((a) => a.name)).toEqual(['a', 'b']);
    expect(quiet).toBeUndefined();
    expect(fresh?.alarms.map((a) => a.name)).toEqual(['c']);
  });

  it('takes an alarm out only if the opening that added it is the one leaving', async () => {
    // Prepare
    const storms = alarmStorms(dynamo().table);
    await storms.start('prod', alarm('a'), T0);
    await storms.join('prod', alarm('b', 1), later(1));
    // Act
    await storms.leave('prod', alarm('a').key, later(30)); // another opening's time: stays
    await storms.leave('prod', alarm('b').key, later(1));
    // Assess
    expect((await storms.window('prod'))?.alarms.map((a) => a.name)).toEqual(['a']);
  });

  it('lets one delivery claim the summary, and another only after the claim’s lease', async () => {
    // Prepare
    const storms = alarmStorms(dynamo().table);
    await storms.start('prod', alarm('a'), T0);
    // Act
    const first = await storms.claimSummary('prod', T0, later(1));
    const second = await storms.claimSummary('prod', T0, later(2));
    const afterLease = await storms.claimSummary('prod', T0, later(62));
    // Assess
    expect(first?.summaryClaimedAt).toEqual(later(1));
    expect(second).toBeUndefined();
    expect(afterLease?.summaryClaimedAt).toEqual(later(62));
  });
});

describe('storm summaries', () => {
  it('records the summary on its window, lists alarms once, and hands out its edit once per gap', async () => {
    // Prepare
    const storms = alarmStorms(dynamo().table);
    await storms.start('prod', alarm('a'), T0);
    const id = T0.toISOString();
    await storms.saveSummary({
      env: 'prod',
      id,
      channel: 'C0PRODOPS01',
      ts: '1.2',
      alarms: [alarm('a')],
      active: true,
      shown: 'f0',
      lastEditAt: later(1),
    });
    // Act
    await storms.addToSummary('prod', id, alarm('b', 2));
    await storms.addToSummary('prod', id, alarm('b', 2));
    const tooSoon = await storms.takeEdit('prod', id, later(5), 10_000);
    const taken = await storms.takeEdit('prod', id, later(11), 10_000);
    const busy = await storms.takeEdit('prod', id, later(30), 10_000);
    await storms.edited('prod', id, later(11), { fingerprint: 'f1', active: false, at: later(12) });
    // Assess
    expect((await storms.window('prod'))?.summary).toEqual({ channel: 'C0PRODOPS01', ts: '1.2' });
    expect(tooSoon).toBeUndefined();
    expect(taken?.alarms.map((a) => a.name)).toEqual(['a', 'b']);
    expect(busy).toBeUndefined();
    const summary = await storms.summary('prod', id);
    expect(summary).toMatchObject({ shown: 'f1', active: false, lastEditAt: later(12) });
    expect(await storms.active('prod')).toEqual([]);
  });
});
