/**
 * Moves the clock the code reads (`Date`) forward without waiting, while timers stay real: the storm's Lambda
 * retries come "a minute later" for the code (its leases run out) but seconds later for the bench.
 */
export interface ShiftedClock {
  advance(ms: number): void;
  restore(): void;
}

export function shiftClock(): ShiftedClock {
  const RealDate = Date;
  let offset = 0;
  class Shifted extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = Shifted as DateConstructor;
  return {
    advance: (ms) => void (offset += ms),
    restore: () => void (globalThis.Date = RealDate),
  };
}
