import { DisableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { AlarmFlow, text, tsOf } from './alarm-flow';
import { type Harness, setClock, useStory } from './harness';
import { alarmPosts, shownNow, stormOf, summariesIn } from './storm-flow';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/integration.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

const PROD = 'C0PRODOPS01';
/** Prod's alarms of a storm (every other one of stormOf's). */
const prodStorm = (count: number, at: Date, state: 'ALARM' | 'OK' = 'ALARM') =>
  stormOf(count * 2, at, state).filter((alarm) => alarm.channel === PROD);
const calls = () => harness.slack.calls;
const seconds = (n: number) => setClock(Date.now() + n * 1_000);

describe('storm grouping', () => {
  it('leaves an environment with two alarms in a minute ungrouped: two messages of their own, no summary', async () => {
    // Prepare
    setClock(Date.now());
    const [first, second] = prodStorm(2, new Date());
    // Act
    await flow.deliver(first?.event);
    seconds(20);
    await flow.deliver(second?.event);
    // Assess
    expect(flow.posts(PROD)).toHaveLength(2);
    expect(summariesIn(calls(), PROD)).toEqual([]);
    expect(alarmPosts(calls(), 'edu-web-storm-01')[0]?.args.thread_ts).toBeUndefined();
    expect(alarmPosts(calls(), 'edu-web-storm-03')[0]?.args.thread_ts).toBeUndefined();
  });

  it('starts afresh after a quiet minute: three alarms two minutes apart are three messages', async () => {
    // Prepare
    setClock(Date.now());
    // Act
    for (const alarm of prodStorm(3, new Date())) {
      await flow.deliver(alarm.event);
      seconds(120);
    }
    // Assess
    expect(flow.posts(PROD)).toHaveLength(3);
    expect(summariesIn(calls(), PROD)).toEqual([]);
  });

  it('posts one summary for six alarms arriving at once, each alarm’s message once, the later ones in its thread', async () => {
    // Prepare: one alarm has just fired in prod
    setClock(Date.now());
    const [first, ...rest] = prodStorm(7, new Date());
    await flow.deliver(first?.event);
    // Act: six more deliveries at the same time
    await Promise.all(rest.map((alarm) => flow.deliver(alarm.event)));
    // Assess: one summary; each alarm posted once, on its own or in the summary's thread
    const summaries = summariesIn(calls(), PROD);
    expect(summaries).toHaveLength(1);
    const summaryTs = tsOf(summaries[0]);
    const threads = [first, ...rest].map((alarm) => {
      const posts = alarmPosts(calls(), alarm?.name ?? '');
      expect(posts).toHaveLength(1);
      return posts[0]?.args.thread_ts;
    });
    const alone = threads.filter((thread) => thread === undefined).length;
    expect(threads.filter((thread) => thread === summaryTs)).toHaveLength(7 - alone);
    expect(alone).toBeLessThanOrEqual(3);
    expect(flow.posts(PROD)).toHaveLength(alone + 1);
    // The summary lists all seven once the sweeper has brought it up to date
    seconds(60);
    await flow.sweep();
    const shown = shownNow(calls(), summaries[0]!);
    for (const alarm of [first, ...rest]) expect(shown).toContain(alarm?.name);
    expect(shown).toContain('7 alarms firing in prod');
  });

  it('posts nothing twice when Lambda delivers the storm’s events again', async () => {
    // Prepare
    setClock(Date.now());
    const alarms = prodStorm(4, new Date());
    for (const alarm of alarms) await flow.deliver(alarm.event);
    const before = calls().filter((call) => call.method === 'chat.postMessage').length;
    // Act: every event again, the third twice at once (a retry racing a redelivery)
    await Promise.all([flow.deliver(alarms[2]?.event), flow.deliver(alarms[2]?.event)]);
    for (const alarm of alarms) await flow.deliver(alarm.event);
    // Assess
    expect(calls().filter((call) => call.method === 'chat.postMessage')).toHaveLength(before);
    expect(summariesIn(calls(), PROD)).toHaveLength(1);
    for (const alarm of alarms) expect(alarmPosts(calls(), alarm.name)).toHaveLength(1);
  });

  it('edits the summary as its alarms resolve, at most once per 10 s, and the sweeper shows the last change', async () => {
    // Prepare: a storm of three in prod
    setClock(Date.now());
    const opened = new Date();
    for (const alarm of prodStorm(3, opened)) await flow.deliver(alarm.event);
    const summary = summariesIn(calls(), PROD)[0];
    if (!summary) throw new Error('no summary');
    const edits = () => flow.updatesOf(tsOf(summary));
    // Act: one resolves 30 s later
    seconds(30);
    const [first, second, third] = prodStorm(3, new Date(), 'OK');
    await flow.deliver(first?.event);
    // Assess: shown at once
    expect(edits()).toHaveLength(1);
    expect(text(edits()[0])).toContain('3 alarms in prod: 2 still firing, 1 resolved');
    // Act: the other two resolve a second later, within the edit gap
    seconds(1);
    await flow.deliver(second?.event);
    await flow.deliver(third?.event);
    // Assess: coalesced, not edited yet; the sweeper's minute shows the final state, once
    expect(edits()).toHaveLength(1);
    seconds(60);
    await flow.sweep();
    await flow.sweep();
    expect(edits()).toHaveLength(2);
    expect(text(edits()[1])).toContain('3 alarms in prod: all resolved');
    // The resolved alarms' own messages say so too
    for (const name of ['edu-web-storm-01', 'edu-web-storm-03', 'edu-web-storm-05']) {
      const post = alarmPosts(calls(), name)[0];
      expect(text(flow.shown(post))).toMatch(/resolved|OK/i);
    }
  });

  it('keeps an alarm’s buttons in its thread message: Snooze there works and answers in the summary’s thread', async () => {
    // Prepare
    setClock(Date.now());
    for (const alarm of prodStorm(3, new Date())) await flow.deliver(alarm.event);
    const summaryTs = tsOf(summariesIn(calls(), PROD)[0]);
    const grouped = alarmPosts(calls(), 'edu-web-storm-05')[0];
    expect(grouped?.args.thread_ts).toBe(summaryTs);
    const actions = JSON.stringify(flow.shown(grouped)?.args.blocks);
    for (const button of ['alarm.ack', 'alarm.snooze-1h', 'alarm.snooze-4h']) expect(actions).toContain(button);
    // Act: alice snoozes it from its message in the thread
    const key = '111111111111:ap-northeast-2:edu-web-storm-05';
    await flow.click('alarm.snooze-1h', key, 'U0ALICE', tsOf(grouped), PROD, summaryTs);
    // Assess
    expect(flow.aws.cloudwatch.commandCalls(DisableAlarmActionsCommand)).toHaveLength(1);
    expect(text(flow.updatesOf(tsOf(grouped)).at(-1))).toContain('snoozed until');
    expect(text(flow.thread(summaryTs).at(-1))).toContain('<@U0ALICE> snoozed the alarm');
  });
});
