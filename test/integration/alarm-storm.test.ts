import { invokeAsync } from '../fakes/lambda-async';
import { SLACK_LIMITS } from '../fakes/slack-rate-limits';
import { stormOutcome } from '../fakes/storm-outcome';
import { AlarmFlow } from './alarm-flow';
import { type Harness, useStory } from './harness';
import { alarmPosts, shownNow, stormOf, summariesIn } from './storm-flow';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/integration.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));
afterEach(() => harness.slack.setLimits(undefined));

const REAL_TIMERS = ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] as const;
const CHANNELS = ['C0PRODOPS01', 'C0STAGING01'];

/** Lambda's async invocation of alarmEvents, 10 at a time; its retries come a minute and two minutes later. */
const deliverAll = (alarms: ReturnType<typeof stormOf>) =>
  invokeAsync(alarms, (alarm) => flow.deliver(alarm.event), {
    concurrency: 10,
    waitFor: (ms) => {
      jest.setSystemTime(Date.now() + ms);
      return Promise.resolve();
    },
  });

describe('a storm of alarms against Slack’s rate limits', () => {
  it('shows every one of 60 alarms in two channels as one summary per environment, loses none, waits out every 429, and shows them resolved', async () => {
    // Prepare: Slack enforces its limits; Lambda runs 10 events at once and retries a failed one a minute later
    harness.slack.setLimits(SLACK_LIMITS);
    jest.useFakeTimers({ now: Date.now(), advanceTimers: true, doNotFake: [...REAL_TIMERS] });
    const alarms = stormOf(60, new Date());
    // Act
    const report = await deliverAll(alarms);
    // Assess: nothing lost, everything visible
    const outcome = stormOutcome(
      alarms,
      harness.slack.calls,
      report.deadLettered.map((failed) => failed.event),
    );
    expect(report.deadLettered).toEqual([]);
    expect(outcome.lost).toEqual([]);
    expect(outcome.visible).toHaveLength(60);
    // One summary per environment, and far fewer top-level messages than alarms: the first alarms of each
    // environment (before the storm was one) and its summary
    const summaries = CHANNELS.map((channel) => summariesIn(harness.slack.calls, channel));
    expect(summaries.map((posted) => posted.length)).toEqual([1, 1]);
    expect(outcome.topLevelMessages).toBeLessThan(60);
    expect(outcome.topLevelMessages).toBeLessThanOrEqual(12);
    // Every alarm's own message (with its buttons) posted once: top-level before the storm, else in the summary's
    // thread; and every alarm findable in its environment's summary
    const summaryTs = summaries.map((posted) => posted[0]?.result?.ts);
    for (const alarm of alarms) {
      const posts = alarmPosts(harness.slack.calls, alarm.name);
      expect(posts).toHaveLength(1);
      const threadTs = posts[0]?.args.thread_ts;
      if (threadTs !== undefined) expect(summaryTs).toContain(threadTs);
    }
    expect(alarms.filter((alarm) => alarmPosts(harness.slack.calls, alarm.name)[0]?.args.thread_ts)).not.toHaveLength(
      0,
    );
    // Honoured, not multiplied: each refused call is retried after its Retry-After, at most web-api's three times
    const acceptedCalls = harness.slack.calls.filter((call) => !call.rateLimited).length;
    expect(harness.slack.rateLimited()).toBeLessThanOrEqual(3 * acceptedCalls);

    // Act: they all resolve, then the sweeper's minute comes
    const resolved = await deliverAll(stormOf(60, new Date(Date.now() + 1_000), 'OK'));
    jest.setSystemTime(Date.now() + 60_000);
    await flow.sweep();
    // Assess: each summary lists all its alarms and says they are all resolved
    expect(resolved.deadLettered).toEqual([]);
    CHANNELS.forEach((channel, index) => {
      const post = summaries[index]?.[0];
      if (!post) throw new Error(`no summary in ${channel}`);
      const shown = shownNow(harness.slack.calls, post);
      expect(shown).toContain('30 alarms in');
      expect(shown).toContain('all resolved');
      for (const alarm of alarms.filter((a) => a.channel === channel)) expect(shown).toContain(alarm.name);
    });
  }, 300_000);
});
