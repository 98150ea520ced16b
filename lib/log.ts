import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { redact } from './redact';

// Every string of every line (messages, keys, errors and what they carry) loses the secrets the bot holds.
const root = new Logger({
  serviceName: 'blueshift',
  jsonReplacerFn: (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value),
});
const scoped = new AsyncLocalStorage<Logger>();

/**
 * The one structured logger. Entry points append the request's user, channel, command and deployment id
 * with `logger.appendKeys` so every line of a request can be found together. Inside `withLogKeys` it is that unit
 * of work's own child logger, so code anywhere below (run-job, reply, the Slack client's log lines) logs with the
 * right keys even while other units of the same invocation run concurrently.
 */
export const logger: Logger = new Proxy(root, {
  get(target, property) {
    const current = scoped.getStore() ?? target;
    const value: unknown = Reflect.get(current, property, current);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
  },
});

/**
 * Runs `work` with its own child of the current logger carrying `keys` (and the Lambda context and keys it has
 * now). For work that runs concurrently in one invocation, such as the records of an SQS batch, where appending
 * keys to the shared logger would label one record's lines with another's.
 */
export function withLogKeys<T>(keys: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  const child = (scoped.getStore() ?? root).createChild({ persistentKeys: keys });
  return scoped.run(child, work);
}
