/** A promise settled by the test, not by a timer: lets a test decide exactly when an answer arrives. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-settled promise callback run (a macrotask turn, so any chain of microtasks completes). */
export function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A meeting point: `arrive(name)` returns a promise that resolves only once every expected name has arrived.
 * A fake built on it answers only if all its reads were started before any of them finished, i.e. in parallel.
 */
export function rendezvous(names: readonly string[]) {
  const waiting = new Set(names);
  const everyone = deferred<undefined>();
  return {
    arrive(name: string): Promise<undefined> {
      waiting.delete(name);
      if (!waiting.size) everyone.resolve(undefined);
      return everyone.promise;
    },
    /** Who has not arrived yet. */
    waitingFor: (): string[] => [...waiting],
  };
}
