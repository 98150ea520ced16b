import type { Context } from 'aws-lambda';
import { logger } from './log';
import { redactError } from './redact';

/**
 * A Lambda entry point whose dependencies are built once per container, on first use. A failed build (SSM
 * unreachable, say) is forgotten, so the next invocation tries again rather than failing for the container's life.
 */
export function lambdaHandler<Deps, Event, Result>(
  build: () => Promise<Deps>,
  run: (event: Event, deps: Deps, context: Context) => Promise<Result>,
): (event: Event, context: Context) => Promise<Result> {
  let ready: Promise<Deps> | undefined;
  return async (event, context) => {
    logger.addContext(context);
    ready ??= build();
    let deps: Deps;
    try {
      deps = await ready;
    } catch (error) {
      ready = undefined;
      throw redactError(error);
    }
    try {
      return await run(event, deps, context);
    } catch (error) {
      // Lambda logs what leaves the function and keeps it with the failed event in the dead-letter queue.
      throw redactError(error);
    } finally {
      logger.resetKeys();
    }
  };
}

/**
 * Time kept back from the function's timeout to settle what did not finish: release a claim, report a last attempt,
 * answer with the records SQS is to deliver again.
 */
export const TIMEOUT_MARGIN_MS = 10_000;

/** The invocation is about to reach its timeout; work still running was stopped. */
export class LambdaTimeoutError extends Error {
  override readonly name = 'LambdaTimeoutError';
}

/**
 * Like middy's `timeoutEarly`: a signal that fires `marginMs` before Lambda would kill the invocation, so the
 * handler can stop waiting, let go of what it holds and answer, instead of being killed with its work half done.
 * `clear()` once the invocation is answered.
 */
export function timeoutEarly(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  marginMs = TIMEOUT_MARGIN_MS,
): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const stop = () => controller.abort(new LambdaTimeoutError("it did not finish within the worker's time limit"));
  const left = context.getRemainingTimeInMillis() - marginMs;
  if (left <= 0) stop();
  const timer = left > 0 ? setTimeout(stop, left) : undefined;
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * Settles as `work` does, or rejects with the signal's reason once it fires. `work` itself goes on: see `revokedOn`.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason as Error);
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

const isPlainObject = (value: unknown): value is object =>
  typeof value === 'object' &&
  value !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);
/** A port (an object of functions, like a target account's clients), as opposed to data. */
const isPort = (value: unknown): value is object =>
  isPlainObject(value) && Object.values(value).some((v) => typeof v === 'function');

/**
 * `ports` as work that may be abandoned sees them: once `signal` fires, every call through them (at any depth, and
 * through ports a call returns, such as a target account) throws the signal's reason instead of reaching Slack, AWS
 * or the state table. Work that outlives its invocation (a promise resumed when a frozen container thaws) changes
 * nothing more; a call already on its way when the signal fired is like a crash, which the executors already survive.
 */
export function revokedOn<T extends object>(ports: T, signal: AbortSignal): T {
  const wrapped = new WeakMap<object, object>();
  const wrap = <O extends object>(target: O): O => {
    let proxy = wrapped.get(target) as O | undefined;
    if (!proxy) {
      proxy = new Proxy(target, {
        get(object, property) {
          const value: unknown = Reflect.get(object, property);
          if (typeof value === 'function') {
            return (...args: unknown[]): unknown => {
              signal.throwIfAborted();
              const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
              return isPort(result) ? wrap(result) : result;
            };
          }
          return isPlainObject(value) ? wrap(value) : value;
        },
      });
      wrapped.set(target, proxy);
    }
    return proxy;
  };
  return wrap(ports);
}
