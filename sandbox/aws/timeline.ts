/**
 * Simulated time for the sandbox account: things happen a number of "steps" from now (`stepMs` each), and every
 * timer can be cancelled at once when the account stops. Events leave through one ordered bus.
 */
export class Timeline {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly sleepers = new Set<(woken: boolean) => void>();
  private stopped = false;

  constructor(readonly stepMs: number) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Runs `action` after `steps` steps, unless the timeline stops first; the result cancels it. */
  after(steps: number, action: () => void): () => void {
    if (this.stopped) return () => undefined;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.stopped) action();
      },
      Math.max(0, steps * this.stepMs),
    );
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Resolves after `steps` steps; resolves at once (returning false) when the timeline has stopped. */
  sleep(steps: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (woken: boolean) => {
        this.sleepers.delete(wake);
        resolve(woken);
      };
      this.sleepers.add(wake);
      this.after(steps, () => wake(true));
    });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of [...this.sleepers]) wake(false);
  }
}

export type EventListener = (event: unknown) => void | Promise<void>;

/**
 * EventBridge as the target account forwards it: every listener gets every event, one event at a time and in the
 * order they were emitted (the real bus promises neither; the bot copes with both, the console reads better).
 */
export class EventBus {
  private readonly listeners: EventListener[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown, event: unknown) => void = reportListenerError) {}

  on(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Resolves once every listener has handled this event (and every event before it). */
  emit(event: unknown): Promise<void> {
    this.queue = this.queue.then(() => this.deliver(event));
    return this.queue;
  }

  private async deliver(event: unknown): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.onError(error, event);
      }
    }
  }
}

function reportListenerError(error: unknown, event: unknown): void {
  const type =
    typeof event === 'object' && event !== null ? (event as Record<string, unknown>)['detail-type'] : undefined;
  console.error(`sandbox: an EventBridge listener failed on "${String(type)}":`, error);
}
