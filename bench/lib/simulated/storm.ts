import { AlarmFlow } from '../../../test/integration/alarm-flow';
import { ebCpuAlarm, PROD, STAGING } from '../../../test/integration/alarm-payloads';
import { invokeAsync } from '../../../test/fakes/lambda-async';
import { SLACK_LIMITS } from '../../../test/fakes/slack-rate-limits';
import { stormOutcome, type StormAlarm } from '../../../test/fakes/storm-outcome';
import { now } from './measure';
import { shiftClock } from './shifted-clock';
import type { SimulatedWorld } from './world';

export interface StormFigures {
  alarms: number;
  /** Alarms whose name some message in their channel shows at the end. */
  visible: number;
  /** Alarms whose event reached the dead-letter queue. */
  lost: number;
  /** Every call the functions made to Slack, refused ones included. */
  slackCalls: number;
  /** Calls Slack refused with 429. */
  rateLimited: number;
  /** Top-level messages posted in the two channels. */
  topLevelMessages: number;
  wallMs: number;
}

/** `count` alarms entering ALARM at once, half of them prod's (C0PRODOPS01), half staging's (C0STAGING01). */
export function stormAlarms(count: number, at: Date): StormAlarm[] {
  return Array.from({ length: count }, (_, index) => {
    const prod = index % 2 === 0;
    const name = `edu-web-storm-${String(index + 1).padStart(2, '0')}`;
    const target = { ...(prod ? PROD : STAGING), name };
    return {
      name,
      channel: prod ? 'C0PRODOPS01' : 'C0STAGING01',
      event: ebCpuAlarm(target, { state: 'ALARM', at }, prod ? 'edu-web-prod-asg' : undefined),
    };
  });
}

/**
 * The storm: alarmEvents invoked asynchronously for every alarm (10 at a time, Lambda's retries a minute and two
 * later), with Slack enforcing its rate limits.
 */
export async function measureStorm(world: SimulatedWorld, count = 60, concurrency = 10): Promise<StormFigures> {
  const flow = await world.use((harness) => new AlarmFlow(harness));
  flow.exhaustedFleet();
  const { slack } = world.harness;
  slack.setLimits(SLACK_LIMITS);
  const clock = shiftClock();
  try {
    const alarms = stormAlarms(count, new Date());
    const start = now();
    const report = await invokeAsync(alarms, (alarm) => flow.deliver(alarm.event), {
      concurrency,
      waitFor: (ms) => {
        clock.advance(ms);
        return Promise.resolve();
      },
    });
    const wallMs = now() - start;
    const outcome = stormOutcome(
      alarms,
      slack.calls,
      report.deadLettered.map((failed) => failed.event),
    );
    return {
      alarms: count,
      visible: outcome.visible.length,
      lost: outcome.lost.length,
      slackCalls: slack.calls.length,
      rateLimited: slack.rateLimited(),
      topLevelMessages: outcome.topLevelMessages,
      wallMs: Math.round(wallMs),
    };
  } finally {
    clock.restore();
    slack.setLimits(undefined);
  }
}
