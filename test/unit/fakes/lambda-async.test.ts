import { invokeAsync, RETRY_DELAYS_MS } from '../../fakes/lambda-async';

describe("Lambda's asynchronous invocation, as the storm runs it", () => {
  it('retries a failing event twice, a minute and then two minutes later, then dead-letters it', async () => {
    // Prepare
    const waits: number[] = [];
    // Act
    const report = await invokeAsync(['a'], () => Promise.reject(new Error('down')), {
      concurrency: 1,
      waitFor: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    // Assess
    expect(report.invocations).toBe(3);
    expect(waits).toEqual([...RETRY_DELAYS_MS]);
    expect(report.deadLettered.map((failed) => failed.event)).toEqual(['a']);
    expect(report.succeeded).toEqual([]);
  });

  it('counts the attempts of an event a retry fixed', async () => {
    // Prepare
    let calls = 0;
    const flaky = () => (calls++ === 0 ? Promise.reject(new Error('429')) : Promise.resolve());
    // Act
    const report = await invokeAsync(['a'], flaky, { concurrency: 1 });
    // Assess
    expect(report.succeeded).toEqual([{ event: 'a', attempts: 2 }]);
    expect(report.deadLettered).toEqual([]);
  });

  it('runs at most `concurrency` events at a time, and every event once when none fails', async () => {
    // Prepare
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    const handler = async (event: number) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(event);
      running -= 1;
    };
    // Act
    await invokeAsync(
      Array.from({ length: 12 }, (_, i) => i),
      handler,
      { concurrency: 4 },
    );
    // Assess
    expect(most).toBe(4);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});
