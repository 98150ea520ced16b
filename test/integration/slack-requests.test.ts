import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { mockWebProdAccount } from '../fakes/web-prod-account';
import { type Harness, lambdaContext, useStory } from './harness';

// The `web` prod account mid-incident, fresh for every test.
const story = useStory(() => mockWebProdAccount());
let harness: Harness;

beforeEach(() => ({ harness } = story()));

describe('requests that never reach the queue', () => {
  it.each([
    ['a bad signature', { secret: 'not-the-signing-secret' }],
    ['a timestamp over 5 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
  ])('rejects %s with 401', async (_case, sign) => {
    // Prepare
    const { event } = harness.slashCommand({ command: '/status', text: 'web prod' }, sign);
    // Act
    const response = await slackHandler(event, lambdaContext);
    // Assess
    expect(response.statusCode).toBe(401);
    expect(harness.sqs).toHaveReceivedCommandTimes(SendMessageCommand, 0);
  });

  it('rejects a replay of a request it already accepted', async () => {
    // Prepare
    const { event } = harness.slashCommand({ command: '/status', text: 'web prod' });
    // Act
    const first = await slackHandler(event, lambdaContext);
    const replay = await slackHandler(event, lambdaContext);
    // Assess
    expect(first.statusCode).toBe(200);
    expect(replay.statusCode).toBe(401);
    expect(harness.sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });

  it('answers an unknown app with usage that names the apps, and queues nothing', async () => {
    // Prepare
    const { event } = harness.slashCommand({ command: '/status', text: 'wbe prod' });
    // Act
    const response = await slackHandler(event, lambdaContext);
    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('unknown app `wbe`');
    expect(response.body).toContain('Apps: `web`, `api`');
    expect(response.body).toContain('Usage: `/status [app] [env]`');
    expect(harness.sqs).toHaveReceivedCommandTimes(SendMessageCommand, 0);
  });

  it('answers help from the command specs without queueing', async () => {
    // Prepare
    const { event } = harness.slashCommand({ command: '/status', text: 'help' });
    // Act
    const response = await slackHandler(event, lambdaContext);
    // Assess
    expect(response.body).toContain('/status [app] [env]');
    expect(response.body).toContain('`/status web prod`');
    expect(harness.sqs).toHaveReceivedCommandTimes(SendMessageCommand, 0);
  });
});

describe('access rules', () => {
  it('refuses a user outside blueshift channels, says where to go, and audits the refusal', async () => {
    // Prepare
    const { event } = harness.slashCommand({
      command: '/status',
      text: 'web prod',
      userId: 'U0MALLORY',
      channelId: 'C0RANDOM001',
    });
    // Act
    const response = await slackHandler(event, lambdaContext);
    const [auditJob] = harness.queued;
    await workerHandler(harness.takeJobs(), lambdaContext);
    // Assess
    expect(response.body).toContain('refused');
    expect(response.body).toContain('<#C0PRODOPS01>');
    expect(JSON.parse(auditJob ?? '{}')).toMatchObject({
      kind: 'audit',
      entry: { user: 'U0MALLORY', decision: 'refused' },
    });
    const [announcement] = harness.slack.callsTo('chat.postMessage');
    expect(announcement?.args.channel).toBe('C0AUDIT0001');
    expect(JSON.stringify(announcement?.args.blocks)).toContain('<@U0MALLORY>');
    const recorded = await harness.dynamo.table.query(`AUDIT#${new Date().toISOString().slice(0, 10)}`);
    expect(recorded).toEqual([expect.objectContaining({ user: 'U0MALLORY', decision: 'refused' })]);
  });
});

describe('when the jobs queue is down', () => {
  it('still tells a refused user why', async () => {
    // Prepare
    harness.sqs
      .on(SendMessageCommand)
      .rejects(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' }));
    const { event } = harness.slashCommand({
      command: '/status',
      text: 'web prod',
      userId: 'U0MALLORY',
      channelId: 'C0RANDOM001',
    });
    // Act
    const response = await slackHandler(event, lambdaContext);
    // Assess
    expect(response.body).toContain('blueshift answers only in its channels');
  });

  it('tells an allowed user that nothing was accepted, so they try again', async () => {
    // Prepare
    harness.sqs
      .on(SendMessageCommand)
      .rejects(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' }));
    const { event } = harness.slashCommand({ command: '/status', text: 'web prod' });
    // Act
    const response = await slackHandler(event, lambdaContext);
    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('could not accept it (nothing was changed)');
  });
});

describe('failures in the target account', () => {
  it('says which role could not be assumed and what to check', async () => {
    // Prepare
    harness.sts
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const { event } = harness.slashCommand({
      command: '/status',
      text: 'web staging',
      userId: 'U0ERIN',
      userName: 'erin',
      channelId: 'C0STAGING01',
    });
    // Act
    await slackHandler(event, lambdaContext);
    const batch = await workerHandler(harness.takeJobs(), lambdaContext);
    // Assess
    expect(batch.batchItemFailures).toEqual([]);
    const reply = JSON.stringify(harness.slack.callsTo('response_url')[0]?.args.blocks);
    expect(reply).toContain('arn:aws:iam::222222222222:role/blueshift-operator');
    expect(reply).toContain('access was denied');
  });
});
