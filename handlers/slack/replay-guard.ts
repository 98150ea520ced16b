import type { AwsEvent, AwsHandler, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';

/** Slack's replay window: Bolt rejects older timestamps, so a signature is only worth remembering this long. */
const WINDOW_MS = 5 * 60_000;

function header(event: AwsEvent, name: string): string | undefined {
  const entry = Object.entries(event.headers).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

/**
 * Rejects a signed request this container has already accepted. Bolt checks the signature and the timestamp
 * but not whether the same request came twice; the worker's idempotency key covers replays that reach another
 * container (docs/decisions/0002-replays-and-idempotency.md).
 */
export function rejectReplays(handle: AwsHandler, now: () => number = Date.now): AwsHandler {
  const seen = new Map<string, number>();
  return async (event, context): Promise<AwsResponse> => {
    const signature = header(event, 'x-slack-signature');
    const time = now();
    for (const [key, until] of seen) if (until <= time) seen.delete(key);
    if (signature && seen.has(signature)) {
      return { statusCode: 401, body: 'replayed request' };
    }
    const response = await handle(event, context);
    if (signature && response.statusCode === 200) seen.set(signature, time + WINDOW_MS);
    return response;
  };
}
