import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { APIGatewayProxyEventV2, Context, SQSEvent } from 'aws-lambda';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { startDynalite, type DynaliteServer } from '../fakes/dynalite';
import { startSlackApi, type SlackApiFake, type SlackApiOptions } from '../fakes/slack-api';
import {
  buttonClickBody,
  SIGNING_SECRET,
  signedEvent,
  slashCommandBody,
  type ButtonClickInput,
  type SignOptions,
  type SlashCommandInput,
} from '../fakes/slack-requests';

const sqsTemplate = (
  JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'payloads', 'sqs__lambda-event__powertools.json'), 'utf8'),
  ) as SQSEvent
).Records[0]!;

export const QUEUE_URL = 'https://sqs.ap-northeast-2.amazonaws.com/999999999999/blueshift-test-jobs';

/** A Lambda context good enough for Powertools' logger. */
export const lambdaContext = {
  functionName: 'blueshift-test',
  functionVersion: '$LATEST',
  memoryLimitInMB: '1024',
  awsRequestId: 'test-request',
  invokedFunctionArn: 'arn:aws:lambda:ap-northeast-2:999999999999:function:blueshift-test',
  getRemainingTimeInMillis: () => 120_000, // the worker's whole timeout, whenever asked
} as unknown as Context; // only the fields the logger and the worker's early stop read are needed

export interface Harness {
  slack: SlackApiFake;
  dynamo: DynaliteServer;
  sqs: AwsClientStub<SQSClient>;
  sts: AwsClientStub<STSClient>;
  /** Job bodies the slack function put on the queue and the worker has not taken yet. */
  queued: string[];
  /** Job bodies sent with a delay (the watch's next look): held until `releaseDelayed()`, as SQS hides them. */
  delayed: string[];
  /** The delay is over: the held jobs join the queue. */
  releaseDelayed(): void;
  slashCommand(
    input: Omit<SlashCommandInput, 'responseUrl'>,
    sign?: SignOptions,
  ): { event: APIGatewayProxyEventV2; responseUrl: string };
  buttonClick(input: Omit<ButtonClickInput, 'responseUrl'>): { event: APIGatewayProxyEventV2; responseUrl: string };
  /** The SQS event Lambda would deliver for the queued jobs (taken off the queue), as the n-th delivery. */
  takeJobs(receiveCount?: number): SQSEvent;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function sqsEvent(bodies: string[], receiveCount: number): SQSEvent {
  return {
    Records: bodies.map((body, index) => ({
      ...sqsTemplate,
      messageId: `msg-${index}-${receiveCount}-${body.length}`,
      body,
      attributes: { ...sqsTemplate.attributes, ApproximateReceiveCount: String(receiveCount) },
      eventSourceARN: 'arn:aws:sqs:ap-northeast-2:999999999999:blueshift-test-jobs',
    })),
  };
}

function credentialsValidFor(ms: number) {
  return {
    Credentials: {
      AccessKeyId: 'ASIATESTTESTTEST',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + ms),
    },
    AssumedRoleUser: {
      AssumedRoleId: 'AROATEST:blueshift-alice',
      Arn: 'arn:aws:sts::111111111111:assumed-role/blueshift-operator/blueshift-alice',
    },
  };
}

/**
 * The real functions/slack.ts and functions/worker.ts, with Slack served on loopback, the state table in
 * dynalite, and only AWS (SQS, STS and the target accounts) mocked at the SDK client.
 */
export async function startHarness(
  configFile = 'test/fixtures/config/integration.yml',
  slackOptions: SlackApiOptions = {},
): Promise<Harness> {
  const [slack, dynamo] = await Promise.all([startSlackApi(slackOptions), startDynalite()]);
  Object.assign(process.env, {
    BLUESHIFT_STAGE: 'test',
    BLUESHIFT_CONFIG: join(__dirname, '..', '..', configFile),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    STATE_TABLE: dynamo.tableName,
    JOBS_QUEUE_URL: QUEUE_URL,
    AWS_REGION: 'ap-northeast-2',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  });
  const queued: string[] = [];
  const delayed: string[] = [];
  const sqs = mockClient(SQSClient);
  const sts = mockClient(STSClient);
  const arm = () => {
    sqs.on(SendMessageCommand).callsFake((input: { MessageBody: string; DelaySeconds?: number }) => {
      (input.DelaySeconds ? delayed : queued).push(input.MessageBody);
      return { MessageId: `m-${queued.length}` };
    });
    sts.on(AssumeRoleCommand).resolves(credentialsValidFor(3_600_000));
  };
  arm();
  return {
    slack,
    dynamo,
    sqs,
    sts,
    queued,
    delayed,
    releaseDelayed: () => void queued.push(...delayed.splice(0)),
    slashCommand(input, sign) {
      const responseUrl = slack.responseUrl();
      return { event: signedEvent(slashCommandBody({ ...input, responseUrl }), sign), responseUrl };
    },
    buttonClick(input) {
      const responseUrl = slack.responseUrl();
      return { event: signedEvent(buttonClickBody({ ...input, responseUrl })), responseUrl };
    },
    takeJobs(receiveCount = 1) {
      return sqsEvent(queued.splice(0), receiveCount);
    },
    async reset() {
      queued.length = 0;
      delayed.length = 0;
      slack.reset();
      sqs.reset();
      sts.reset();
      arm();
      await dynamo.reset();
    },
    async stop() {
      sqs.restore();
      sts.restore();
      await Promise.all([slack.stop(), dynamo.stop()]);
    },
  };
}

/**
 * One harness per test file, reset before each test: the state table emptied, the Slack fake's calls forgotten,
 * SQS and STS mocks re-armed. User groups are the same in every test because each function caches members for
 * five minutes, as in production: S0OPSLEADS = bob, S0DEVELOPERS = carol and dan (alice is an operator by ID).
 */
export function useHarness(configFile?: string, slackOptions?: SlackApiOptions): () => Harness {
  let harness: Harness | undefined;
  const current = (): Harness => {
    if (!harness) throw new Error('the harness starts in beforeAll');
    return harness;
  };
  beforeAll(async () => {
    harness = await startHarness(configFile, slackOptions);
  });
  afterAll(async () => {
    await harness?.stop();
  });
  beforeEach(async () => {
    await current().reset();
    current().slack.setUserGroup('S0OPSLEADS', ['U0BOB']);
    current().slack.setUserGroup('S0DEVELOPERS', ['U0CAROL', 'U0DAN']);
  });
  return current;
}

const REAL_TIMERS = ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] as const;

/**
 * Sets the clock the code under test reads (`Date`) while timers stay real: the SDKs and loopback servers need them.
 */
export function setClock(now: Date | number): void {
  jest.useFakeTimers({ now, doNotFake: [...REAL_TIMERS] });
}

/**
 * A story's setup: the shared harness, a fresh flow (DeployFlow, AlarmFlow…) per test, its mocks restored and
 * the real clock back after each test. Returns the current pair for the test to use.
 */
export function useStory<Flow extends { restore(): void }>(
  makeFlow: (harness: Harness) => Flow,
  configFile?: string,
): () => { harness: Harness; flow: Flow } {
  const harnessOf = useHarness(configFile);
  let current: { harness: Harness; flow: Flow } | undefined;
  beforeEach(() => {
    const harness = harnessOf();
    current = { harness, flow: makeFlow(harness) };
  });
  afterEach(() => {
    current?.flow.restore();
    jest.useRealTimers();
  });
  return () => {
    if (!current) throw new Error('the story starts in beforeEach');
    return current;
  };
}
