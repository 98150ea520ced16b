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

const text = (value: unknown) => JSON.stringify(value);

describe('/status through the real slack and worker functions', () => {
  it('acks at once, queues one job, and the worker answers with the facts from the account', async () => {
    // Prepare
    const { event, responseUrl } = harness.slashCommand({ command: '/status', text: 'web prod' });
    // Act
    const ack = await slackHandler(event, lambdaContext);
    const batch = await workerHandler(harness.takeJobs(), lambdaContext);
    // Assess
    expect(ack.statusCode).toBe(200);
    expect(ack.body).toContain('Working on `/status web prod`');
    expect(harness.sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(batch.batchItemFailures).toEqual([]);
    const [reply] = harness.slack.callsTo('response_url');
    expect(reply?.path).toBe(new URL(responseUrl).pathname);
    const blocks = text(reply?.args.blocks);
    expect(blocks).toContain('d-ACTIVE001'); // the deployment rolling out
    expect(blocks).toContain('v42');
    expect(blocks).toContain('last good: *v41*'); // and the one before it
    expect(blocks).toContain('<@U0BOB>');
    expect(blocks).toContain('edu-web-prod-cpu-high'); // alarm firing
    expect(blocks).toContain('1/2 healthy in service'); // fleet
    expect(blocks).toContain('i-0aaa1111bbbb2222c');
    expect(blocks).toContain('lowest 0.4'); // CPU credits exhausted
    expect(blocks).toContain('throttled to baseline');
    expect(blocks).toContain('ConnectionLost'); // SSM agent
  });

  it('assumes the environment role with its external ID and the Slack user as source identity', async () => {
    // Prepare
    // (a user no earlier test used, so no cached session hides the call)
    const { event } = harness.slashCommand({
      command: '/status',
      text: 'web prod',
      userId: 'U0DAVE',
      userName: 'dave',
    });
    // Act
    await slackHandler(event, lambdaContext);
    await workerHandler(harness.takeJobs(), lambdaContext);
    // Assess
    expect(harness.sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::111111111111:role/blueshift-operator',
      ExternalId: 'blueshift-prod',
      SourceIdentity: 'U0DAVE',
      RoleSessionName: 'blueshift-dave',
    });
  });

  it('runs a job delivered twice only once', async () => {
    // Prepare
    const { event } = harness.slashCommand({ command: '/status', text: 'web prod' });
    await slackHandler(event, lambdaContext);
    const delivery = harness.takeJobs();
    // Act
    const first = await workerHandler(delivery, lambdaContext);
    const second = await workerHandler(delivery, lambdaContext);
    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(harness.slack.callsTo('response_url')).toHaveLength(1);
  });

  it('reads while its job is claimed, but two deliveries at once answer once: the one that lost the claim says nothing', async () => {
    // Prepare
    const { event } = harness.slashCommand({ command: '/status', text: 'web prod' });
    await slackHandler(event, lambdaContext);
    const delivery = harness.takeJobs();
    // Act: both deliveries read the account; only one wins the claim
    const [first, second] = await Promise.all([
      workerHandler(delivery, lambdaContext),
      workerHandler(delivery, lambdaContext),
    ]);
    // Assess
    const failed = [first, second].map((batch) => batch.batchItemFailures.length).sort();
    expect(failed).toEqual([0, 1]); // the loser is redelivered by SQS later, and finds the job done
    expect(harness.slack.callsTo('response_url')).toHaveLength(1);
    const again = await workerHandler(delivery, lambdaContext);
    expect(again.batchItemFailures).toEqual([]);
    expect(harness.slack.callsTo('response_url')).toHaveLength(1);
  });
});
