import { SQSClient } from '@aws-sdk/client-sqs';
import type { Harness } from '../../integration/harness';

interface Named {
  constructor: { name: string };
}
type Send = (this: Named, command: Named) => Promise<unknown>;

/**
 * Every AWS call a function makes, whatever the client: SQS and STS through the harness's mocks, the target
 * accounts' clients through their mocks (shadowing the SDK's one base `Client.send`), and anything else through a
 * spy on that base `send`. The state table (dynalite, on loopback) is let through; any other client that reaches
 * the base is refused, so a property test never calls out to AWS.
 */
export function trackAwsCalls(harness: () => Harness): { calls(): string[]; unmocked(): string[]; clear(): void } {
  let spy: jest.SpyInstance | undefined;
  const unmocked: string[] = [];
  beforeAll(() => {
    const base = Object.getPrototypeOf(SQSClient.prototype) as { send: Send };
    const original = base.send;
    spy = jest.spyOn(base, 'send').mockImplementation(function send(this: Named, command: Named) {
      if (this.constructor.name.startsWith('DynamoDB')) return original.call(this, command);
      unmocked.push(`${this.constructor.name} ${command.constructor.name}`);
      return Promise.reject(
        Object.assign(new Error(`${this.constructor.name} is not mocked in the property tests`), {
          name: 'UnmockedAwsCall',
        }),
      );
    });
  });
  afterAll(() => spy?.mockRestore());
  const name = (call: { args: unknown[] }) => (call.args[0] as Named).constructor.name;
  return {
    calls: () => [
      ...harness()
        .sqs.calls()
        .map((call) => `SQS ${name(call)}`),
      ...harness()
        .sts.calls()
        .map((call) => `STS ${name(call)}`),
      ...unmocked,
    ],
    unmocked: () => [...unmocked],
    clear: () => {
      harness().sqs.resetHistory();
      harness().sts.resetHistory();
      unmocked.length = 0;
    },
  };
}
