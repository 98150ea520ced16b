import { invokeAsync } from '../fakes/lambda-async';
import { SLACK_LIMITS } from '../fakes/slack-rate-limits';
import { stormOutcome, type StormAlarm } from '../fakes/storm-outcome';
import { AlarmFlow } from './alarm-flow';
import { ebCpuAlarm, PROD, STAGING } from './alarm-payloads';
import { type Harness, useStory } from './harness';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/integration.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));
afterEach(() => harness.slack.setLimits(undefined));

const REAL_TIMERS = ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] as const;

/** `count` alarms entering ALARM at once, alternately prod's (C0PRODOPS01) and staging's (C0STAGING01). */
function storm(count: number): StormAlarm[] {
  const at = new Date();
  return Array.from({ length: count }, (_, index) => {
    const prod = index % 2 === 0;
    const name = `edu-web-storm-${String(index + 1).padStart(2, '0')}`;
    return {
      name,
      channel: prod ? 'C0PRODOPS01' : 'C0STAGING01',
      event: ebCpuAlarm(
        { ...(prod ? PROD : STAGING), name },
        { state: 'ALARM', at },
        prod ? 'edu-web-prod-asg' : undefined,
      ),
    };
  });
}

describe('a storm of alarms against Slack’s rate limits', () => {
  it('shows every one of 60 alarms in two channels, loses none to the dead-letter queue, and waits out every 429', async () => {
    // Prepare: Slack enforces its limits; Lambda runs 10 events at once and retries a failed one a minute later
    harness.slack.setLimits(SLACK_LIMITS);
    jest.useFakeTimers({ now: Date.now(), advanceTimers: true, doNotFake: [...REAL_TIMERS] });
    const alarms = storm(60);
    // Act
    const report = await invokeAsync(alarms, (alarm) => flow.deliver(alarm.event), {
      concurrency: 10,
      waitFor: (ms) => {
        jest.setSystemTime(Date.now() + ms);
        return Promise.resolve();
      },
    });
    // Assess
    const outcome = stormOutcome(
      alarms,
      harness.slack.calls,
      report.deadLettered.map((failed) => failed.event),
    );
    expect(report.deadLettered).toEqual([]);
    expect(outcome.lost).toEqual([]);
    expect(outcome.visible).toHaveLength(60);
    // One message per alarm (grouping a storm into a summary is not built yet): posted once, never twice
    expect(outcome.topLevelMessages).toBe(60);
    // Honoured, not multiplied: every refused call was retried after its Retry-After, and each alarm's post went
    // through once, so the refusals stay within web-api's three retries per call
    const posts = harness.slack.callsTo('chat.postMessage').filter((call) => call.args.thread_ts === undefined);
    expect(posts.filter((call) => !call.rateLimited)).toHaveLength(60);
    expect(harness.slack.rateLimited()).toBeLessThanOrEqual(3 * posts.filter((call) => !call.rateLimited).length);
  }, 180_000);
});
