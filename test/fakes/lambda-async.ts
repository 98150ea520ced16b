/**
 * Lambda's asynchronous invocation, as EventBridge and SNS use it for alarmEvents: events run with at most
 * `concurrency` at a time; a failed one is retried twice, about one minute and then two minutes later, and then sent
 * to the on-failure destination (the dead-letter queue)
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
 * The waits are not slept: `waitFor` is given the delay (a test or the bench moves the clock the code reads by it),
 * so a storm runs in seconds while the code still sees its leases run out.
 */
export interface AsyncInvokeOptions {
  concurrency: number;
  /** Lambda's default is 2. */
  retries?: number;
  /** Lets `delayMs` pass for the code under test; defaults to not waiting at all. */
  waitFor?: (delayMs: number) => Promise<void>;
}

export interface AsyncInvokeReport<Event> {
  /** Events that succeeded, with how many attempts each took. */
  succeeded: { event: Event; attempts: number }[];
  /** Events that failed every attempt: what the on-failure destination received. */
  deadLettered: { event: Event; error: unknown }[];
  invocations: number;
}

/** Lambda waits about a minute before the first retry and two before the second. */
export const RETRY_DELAYS_MS = [60_000, 120_000] as const;

export async function invokeAsync<Event>(
  events: readonly Event[],
  handler: (event: Event) => Promise<unknown>,
  options: AsyncInvokeOptions,
): Promise<AsyncInvokeReport<Event>> {
  const retries = options.retries ?? 2;
  const waitFor = options.waitFor ?? (() => Promise.resolve());
  const report: AsyncInvokeReport<Event> = { succeeded: [], deadLettered: [], invocations: 0 };
  let next = 0;
  const deliver = async (event: Event): Promise<void> => {
    for (let attempt = 0; ; attempt += 1) {
      report.invocations += 1;
      try {
        await handler(event);
        report.succeeded.push({ event, attempts: attempt + 1 });
        return;
      } catch (error) {
        if (attempt >= retries) {
          report.deadLettered.push({ event, error });
          return;
        }
        await waitFor(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 0);
      }
    }
  };
  const worker = async (): Promise<void> => {
    while (next < events.length) {
      const event = events[next] as Event;
      next += 1;
      await deliver(event);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, events.length)) }, worker));
  return report;
}
