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

/**
 * Runs the events in rounds: every event first; then, once `waitFor` has let a minute pass, the ones that failed
 * (their first retry); then, two minutes on, the ones that failed again. Lambda retries each event on its own clock,
 * but a storm's first deliveries are over within seconds, well before any retry is due: so the clock moves only
 * between rounds, and never under deliveries that are still running (it would end their leases and windows early).
 */
export async function invokeAsync<Event>(
  events: readonly Event[],
  handler: (event: Event) => Promise<unknown>,
  options: AsyncInvokeOptions,
): Promise<AsyncInvokeReport<Event>> {
  const retries = options.retries ?? 2;
  const waitFor = options.waitFor ?? (() => Promise.resolve());
  const report: AsyncInvokeReport<Event> = { succeeded: [], deadLettered: [], invocations: 0 };
  let due: { event: Event; error: unknown }[] = events.map((event) => ({ event, error: undefined }));
  for (let attempt = 0; due.length > 0; attempt += 1) {
    if (attempt > retries) {
      report.deadLettered.push(...due);
      break;
    }
    if (attempt > 0) await waitFor(RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)] ?? 0);
    const failed: { event: Event; error: unknown }[] = [];
    let next = 0;
    const round = due;
    const worker = async (): Promise<void> => {
      while (next < round.length) {
        const { event } = round[next] as { event: Event };
        next += 1;
        report.invocations += 1;
        try {
          await handler(event);
          report.succeeded.push({ event, attempts: attempt + 1 });
        } catch (error) {
          failed.push({ event, error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, round.length)) }, worker));
    due = failed;
  }
  return report;
}
