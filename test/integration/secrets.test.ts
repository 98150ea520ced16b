import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { CreateDeploymentCommand, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { SQSEvent } from 'aws-lambda';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { handleJobs } from '../../handlers/jobs/handle-jobs';
import { RoleSessions } from '../../lib/aws/role-sessions';
import { createWorkerDeps } from '../../functions/wiring/worker';
import { JOB_MAX_RECEIVE_COUNT } from '../../lib/config/limits';
import { logger } from '../../lib/log';
import { captureLogs, type LogCapture } from '../fakes/log-capture';
import { buttonClickBody, signedEvent, slashCommandBody } from '../fakes/slack-requests';
import { DeployFlow } from './deploy-flow';
import { type Harness, lambdaContext, useStory } from './harness';

/**
 * Distinctive values for every secret the bot holds: Slack's signing secret and bot token, the bot's own AWS
 * credentials, and the ones STS hands it for each role session. Each contains SENTINEL, so a partial copy shows too.
 */
const SECRETS = {
  signingSecret: 'SENTINEL-signing-secret-5b1f0c9e2a7d4c83',
  botToken: 'xoxb-SENTINEL-bot-token-8e2c41d7a9f3',
  envAccessKeyId: 'AKIASENTINELENV7Q2X',
  envSecretKey: 'SENTINEL/env+secret/access/key/3c9d',
  envSessionToken: 'SENTINEL-env-session-token-IQoJb3JpZ2luX2Vj',
  stsAccessKeyId: 'ASIASENTINELSTS4K7M',
  stsSecretKey: 'SENTINEL/sts+secret/access/key/71ae',
  stsSessionToken: 'SENTINEL-sts-session-token-FwoGZXIvYXdzE',
};
const MARK = 'SENTINEL';

const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;
let logs: LogCapture;
/** What left a handler as an error: Lambda logs it and puts it in the dead-letter queue's failure record. */
const thrown: unknown[] = [];
/** The SQS events the worker was given: what the dead-letter queue would keep. */
const delivered: SQSEvent[] = [];

beforeAll(() => {
  // The functions build their clients on first use, so they start with these.
  Object.assign(process.env, {
    SLACK_SIGNING_SECRET: SECRETS.signingSecret,
    SLACK_BOT_TOKEN: SECRETS.botToken,
    AWS_ACCESS_KEY_ID: SECRETS.envAccessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRETS.envSecretKey,
    AWS_SESSION_TOKEN: SECRETS.envSessionToken,
  });
});

beforeEach(() => {
  ({ harness, flow } = story());
  harness.sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: SECRETS.stsAccessKeyId,
      SecretAccessKey: SECRETS.stsSecretKey,
      SessionToken: SECRETS.stsSessionToken,
      Expiration: new Date(Date.now() + 3_600_000),
    },
    AssumedRoleUser: {
      AssumedRoleId: 'AROATEST:blueshift-carol',
      Arn: 'arn:aws:sts::222222222222:assumed-role/blueshift-operator/blueshift-carol',
    },
  });
  thrown.length = 0;
  delivered.length = 0;
  logs = captureLogs('DEBUG');
});

afterEach(() => logs.restore());

/** Every byte the bot let out: log output, what it sent Slack, the jobs it queued, and the errors it threw. */
function everythingSeen(): Record<string, string> {
  return {
    logs: logs.text(),
    slack: JSON.stringify(harness.slack.calls) + harness.slack.uploads.map((u) => u.bytes.toString('latin1')).join(''),
    sqs:
      JSON.stringify(harness.sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)) +
      JSON.stringify(delivered),
    thrown: thrown
      .map((error) =>
        [
          String(error),
          (error as Error | undefined)?.stack,
          inspect(error, { depth: null }),
          JSON.stringify(error),
        ].join('\n'),
      )
      .join('\n'),
  };
}

/** Where each secret showed, by name; [] when none did. */
function leaks(): string[] {
  const seen = everythingSeen();
  const found: string[] = [];
  for (const [where, text] of Object.entries(seen)) {
    for (const [name, value] of Object.entries(SECRETS)) if (text.includes(value)) found.push(`${name} in ${where}`);
    if (text.includes(MARK) && !found.some((f) => f.endsWith(` in ${where}`)))
      found.push(
        `part of a secret in ${where}: …${text.slice(Math.max(0, text.indexOf(MARK) - 80), text.indexOf(MARK) + 80)}…`,
      );
  }
  return found;
}

async function catching<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    thrown.push(error);
    return undefined;
  }
}

async function drain(receiveCount = 1): Promise<void> {
  while (harness.queued.length) {
    const event = harness.takeJobs(receiveCount);
    delivered.push(event);
    await catching(workerHandler(event, lambdaContext));
  }
}

async function type(
  text: string,
  userId = 'U0CAROL',
  userName = 'carol',
  channelId = 'C0STAGING01',
  receiveCount = 1,
): Promise<string> {
  const [command = '', ...rest] = text.split(' ');
  const responseUrl = harness.slack.responseUrl();
  const ack = await catching(
    slackHandler(
      signedEvent(slashCommandBody({ command, text: rest.join(' '), userId, userName, channelId, responseUrl }), {
        secret: SECRETS.signingSecret,
      }),
      lambdaContext,
    ),
  );
  if (ack?.statusCode !== 200) throw new Error(`the slack function answered ${JSON.stringify(ack)}`);
  await drain(receiveCount);
  return responseUrl;
}

async function click(action: string, value: string, userId: string, channelId: string): Promise<void> {
  const responseUrl = harness.slack.responseUrl();
  await catching(
    slackHandler(
      signedEvent(buttonClickBody({ action, value, userId, channelId, responseUrl }), {
        secret: SECRETS.signingSecret,
      }),
      lambdaContext,
    ),
  );
  await drain();
}

/** An AWS SDK error that carries credentials where a careless service or middleware might put them. */
function credentialBearingError(name: string, httpStatusCode = 400): Error {
  return Object.assign(
    new Error(
      `Credential=${SECRETS.stsAccessKeyId}/20260101/ap-northeast-2/codedeploy/aws4_request rejected; security token ${SECRETS.stsSessionToken}; check ${SECRETS.stsSecretKey}`,
    ),
    {
      name,
      $fault: httpStatusCode >= 500 ? 'server' : 'client',
      $metadata: {
        httpStatusCode,
        requestId: 'req-1',
        extendedRequestId: SECRETS.stsSessionToken,
        cfId: SECRETS.envSecretKey,
      },
      AWSAccessKeyId: SECRETS.stsAccessKeyId,
    },
  );
}

describe('the signing secret, the bot token and AWS credentials never leave the bot', () => {
  it('through a deployment, its buttons and /status, logged at DEBUG', async () => {
    // Act
    await type('/deploy web staging v43');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    await catching(flow.advance(deploymentId, 'start'));
    await click('deployment.stop', deploymentId, 'U0CAROL', 'C0STAGING01');
    await type('/status web staging');
    // Assess
    expect(harness.slack.callsTo('chat.postMessage').length).toBeGreaterThan(0); // the story did run
    expect(logs.lines().length).toBeGreaterThan(0);
    expect(leaks()).toEqual([]);
  });

  it('when AWS answers with an error whose message and metadata carry credentials, and retrying cannot help', async () => {
    // Prepare
    flow.codedeploy.mock.on(CreateDeploymentCommand).rejects(credentialBearingError('InvalidSignatureException'));
    // Act
    await type('/deploy web staging v43');
    // Assess
    expect(harness.slack.callsTo('response_url').length).toBe(1); // the requester was told
    expect(leaks()).toEqual([]);
  });

  it('when such an error is retried to the last attempt and the job is left for the dead-letter queue', async () => {
    // Prepare
    flow.codedeploy.mock.on(CreateDeploymentCommand).rejects(credentialBearingError('ThrottlingException'));
    // Act
    await type('/deploy web staging v43', undefined, undefined, undefined, JOB_MAX_RECEIVE_COUNT);
    // Assess
    expect(JSON.stringify(harness.slack.calls)).toContain('dead-letter queue');
    expect(leaks()).toEqual([]);
  });

  it("when STS refuses the role with a message that carries the bot's own credentials", async () => {
    // Prepare
    harness.sts.on(AssumeRoleCommand).rejects(
      Object.assign(
        new Error(`The security token ${SECRETS.envSessionToken} (key ${SECRETS.envAccessKeyId}) is not authorized`),
        {
          name: 'AccessDenied',
          $fault: 'client',
          $metadata: { httpStatusCode: 403, extendedRequestId: SECRETS.envSecretKey },
        },
      ),
    );
    // Act: as someone whose role session no earlier test cached (/status is open to anyone in the channel)
    await type('/status web staging', 'U0NOSESSION1', 'erin');
    // Assess
    expect(JSON.stringify(harness.slack.callsTo('response_url'))).toContain('Could not assume role');
    expect(leaks()).toEqual([]);
  });

  it('when STS answers without an expiry, so the credentials it did send are unusable', async () => {
    // Prepare
    harness.sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: SECRETS.stsAccessKeyId,
        SecretAccessKey: SECRETS.stsSecretKey,
        SessionToken: SECRETS.stsSessionToken,
        Expiration: undefined as unknown as Date,
      },
    });
    // Act: /status assumes the role first thing (the mocked clients never ask for keys), as someone with no session yet
    await type('/status web staging', 'U0NOSESSION2', 'frank');
    // Assess
    expect(JSON.stringify(harness.slack.callsTo('response_url'))).toContain('STS returned no');
    expect(leaks()).toEqual([]);
  });

  it('when a request is signed with another secret, is stale, or is replayed', async () => {
    // Prepare
    const body = slashCommandBody({
      command: '/status',
      text: 'web staging',
      userId: 'U0CAROL',
      userName: 'carol',
      channelId: 'C0STAGING01',
      responseUrl: harness.slack.responseUrl(),
    });
    const signed = signedEvent(body, { secret: SECRETS.signingSecret });
    // Act
    const answers = [
      await catching(slackHandler(signedEvent(body, { secret: 'another-apps-signing-secret-0000' }), lambdaContext)),
      await catching(
        slackHandler(
          signedEvent(body, { secret: SECRETS.signingSecret, timestamp: Math.floor(Date.now() / 1000) - 600 }),
          lambdaContext,
        ),
      ),
      await catching(slackHandler(signed, lambdaContext)),
      await catching(slackHandler(signed, lambdaContext)),
    ];
    await drain();
    // Assess
    expect(answers.map((a) => a?.statusCode)).toEqual([401, 401, 200, 401]);
    expect(leaks()).toEqual([]);
    expect(JSON.stringify(answers)).not.toContain(MARK);
  });

  it('when Slack refuses a call or is down', async () => {
    // Prepare
    harness.slack.failNext('chat.postMessage', 500);
    harness.slack.failNext('response_url', 404);
    // Act
    await type('/deploy web staging v43');
    // Assess
    expect(leaks()).toEqual([]);
  });

  it('when an event function fails on an AWS error that carries credentials (Lambda logs it and keeps the event)', async () => {
    // Prepare
    await type('/deploy web staging v43');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    flow.codedeploy.mock.on(GetDeploymentCommand).rejects(credentialBearingError('InternalFailure', 500));
    // Act
    await catching(deployEventsHandler(flow.codedeploy.advance(deploymentId, 'start'), lambdaContext));
    // Assess
    expect(thrown).toHaveLength(1);
    expect(leaks()).toEqual([]);
  });

  it('when STS answers without an expiry, in the log line of the job that failed on it', async () => {
    // Prepare: what the worker logs when an AWS call fails on its role session (`job failed`, the error and its cause)
    harness.sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: SECRETS.stsAccessKeyId,
        SecretAccessKey: SECRETS.stsSecretKey,
        SessionToken: SECRETS.stsSessionToken,
        Expiration: undefined as unknown as Date,
      },
    });
    const { provider } = new RoleSessions({ sts: new STSClient({}) }).credentialsFor(
      {
        name: 'staging',
        role: 'arn:aws:iam::222222222222:role/blueshift-operator',
        externalId: 'blueshift-staging',
        region: 'ap-northeast-2',
      },
      { id: 'U0NOSESSION3', name: 'grace' },
    );
    // Act
    await provider().catch((error: unknown) => logger.error('job failed', { error }));
    // Assess
    expect(logs.text()).toContain('STS returned no');
    expect(leaks()).toEqual([]);
  });

  it('when the configuration cannot be loaded, and its error quotes the line where the bot token was pasted', async () => {
    // Prepare: a job accepted with the good configuration; the worker then meets a broken one
    const responseUrl = harness.slack.responseUrl();
    await slackHandler(
      signedEvent(
        slashCommandBody({
          command: '/status',
          text: 'web staging',
          userId: 'U0CAROL',
          userName: 'carol',
          channelId: 'C0STAGING01',
          responseUrl,
        }),
        { secret: SECRETS.signingSecret },
      ),
      lambdaContext,
    );
    const dir = mkdtempSync(join(tmpdir(), 'blueshift-secrets-'));
    const broken = join(dir, 'broken.yml');
    writeFileSync(
      broken,
      `${readFileSync('test/fixtures/config/integration.yml', 'utf8')}\nslack: { botToken: ${SECRETS.botToken} ]\n`,
    );
    const good = process.env.BLUESHIFT_CONFIG;
    process.env.BLUESHIFT_CONFIG = broken;
    try {
      const deps = await createWorkerDeps();
      const event = harness.takeJobs();
      delivered.push(event);
      // Act
      await handleJobs(event, deps, lambdaContext);
    } finally {
      process.env.BLUESHIFT_CONFIG = good;
      rmSync(dir, { recursive: true, force: true });
    }
    // Assess
    expect(logs.text()).toContain('is not valid YAML');
    expect(leaks()).toEqual([]);
  });
});
