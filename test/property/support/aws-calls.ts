import { SQSClient } from '@aws-sdk/client-sqs';
import type { Harness } from '../../integration/harness';

type Send = (command: { constructor: { name: string } }) => Promise<unknown>;

/**
 * Every AWS call a function makes, whatever the client: SQS and STS through the harness's mocks, anything else
 * (DynamoDB, SSM, a target account's clients) through a spy on the SDK's one base `Client.send` that every
 * client class inherits (and that the per-class mocks shadow).
 */
export function trackAwsCalls(harness: () => Harness): { calls(): string[]; clear(): void } {
  let spy: jest.SpyInstance | undefined;
  beforeAll(() => {
    const base = Object.getPrototypeOf(SQSClient.prototype) as { send: Send };
    spy = jest.spyOn(base, 'send');
  });
  afterAll(() => spy?.mockRestore());
  return {
    calls: () => [
      ...harness().sqs.calls().map((call) => `SQS ${(call.args[0] as { constructor: { name: string } }).constructor.name}`),
      ...harness().sts.calls().map((call) => `STS ${(call.args[0] as { constructor: { name: string } }).constructor.name}`),
      ...(spy?.mock.calls ?? []).map(([command]) => (command as { constructor: { name: string } }).constructor.name),
    ],
    clear: () => {
      harness().sqs.resetHistory();
      harness().sts.resetHistory();
      spy?.mockClear();
    },
  };
}
