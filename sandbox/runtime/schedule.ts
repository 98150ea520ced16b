import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { TIMEOUT_MS, type BotFunctions } from './functions';
import { lambdaContext } from './lambda-context';

function scheduledEvent(account: string, region: string): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/blueshift-sandbox-sweeper`],
    detail: {},
  };
}

/**
 * The sweeper's `rate(1 minute)` schedule, sped up to every `everyMs` (5 s by default): the sandbox's minute.
 * Exemptions, snoozes and approvals still expire when the bot says they do; the sped-up minute only means the
 * sweeper notices within seconds instead of within a minute, so a 30-second exemption visibly ends on time.
 * A sweep still running when the next is due is not overlapped (the real schedule would overlap; the sweeper's
 * tasks are idempotent either way, and the sandbox's log stays readable).
 */
export function startSchedule(
  functions: Pick<BotFunctions, 'sweeper'>,
  everyMs: number,
  where: { account: string; region: string },
  log: (line: string) => void,
): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    functions
      .sweeper(scheduledEvent(where.account, where.region), lambdaContext('sweeper', TIMEOUT_MS.sweeper))
      .catch((error: unknown) => log(`sweeper failed: ${String(error)}`))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
