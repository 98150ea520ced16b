import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { startHarness, type Harness } from '../../../test/integration/harness';
import { delayMockedClients, startDelayProxy, type CallCounter } from './round-trip';

/** Every SDK client class the functions use against mocks (the state table is real: dynalite behind a proxy). */
const MOCKED = [SQSClient, STSClient, CloudWatchClient, EC2Client, CodeDeployClient, AutoScalingClient, SSMClient];

export interface CallMark {
  aws: number;
  dynamo: number;
  slack: number;
}

/**
 * The integration tests' world (the real functions, loopback Slack, dynalite, aws-sdk-client-mock) with one simulated
 * round trip on every call. One per bench run: each function builds its clients once per container (here, once per
 * process) from the environment the world sets. A scenario brings its AWS mocks with `use` (AlarmFlow, DeployFlow…).
 */
export interface SimulatedWorld {
  harness: Harness;
  rt: number;
  /** Restores the previous scenario's mocks, empties the state table and Slack's record, and sets up these mocks. */
  use<Mocks extends { restore(): void }>(mock: (harness: Harness) => Mocks): Promise<Mocks>;
  mark(): CallMark;
  /** Calls made since `from` (AWS, state table, Slack): their round trips one after another is sumOfLatenciesMs. */
  callsSince(from: CallMark): number;
  stop(): Promise<void>;
}

export async function startWorld(rt: number): Promise<SimulatedWorld> {
  const harness = await startHarness('test/fixtures/config/integration.yml', { latencyMs: rt });
  const counter: CallCounter = { aws: 0, dynamo: 0 };
  const proxy = await startDelayProxy(harness.dynamo.endpoint, rt, counter);
  // Read when each function builds its clients, on its first invocation (lib/config/settings.ts).
  process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.endpoint;
  let current: { restore(): void } | undefined;
  const mark = (): CallMark => ({ aws: counter.aws, dynamo: counter.dynamo, slack: harness.slack.calls.length });
  return {
    harness,
    rt,
    async use(mock) {
      current?.restore();
      await harness.reset();
      harness.slack.setUserGroup('S0OPSLEADS', ['U0BOB']);
      harness.slack.setUserGroup('S0DEVELOPERS', ['U0CAROL', 'U0DAN']);
      const mocks = mock(harness);
      current = mocks;
      delayMockedClients(MOCKED, rt, counter);
      return mocks;
    },
    mark,
    callsSince(from) {
      const now = mark();
      return now.aws - from.aws + now.dynamo - from.dynamo + now.slack - from.slack;
    },
    async stop() {
      current?.restore();
      await harness.stop();
      await proxy.close();
    },
  };
}
