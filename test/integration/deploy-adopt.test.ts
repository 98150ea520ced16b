import { CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { DeployFlow } from './deploy-flow';
import { type Harness, lambdaContext, useStory } from './harness';

const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;

beforeEach(() => ({ harness, flow } = story()));

/** Deletes every state-table item in the partition (what a crash would have left unwritten). */
async function forget(pk: string): Promise<void> {
  for (const item of await harness.dynamo.table.query(pk))
    await harness.dynamo.table.delete({ pk, sk: String(item.sk) });
}

describe('a deploy job that crashed right after CodeDeploy accepted it', () => {
  it('recognises its own deployment on the retry instead of refusing it as "already running"', async () => {
    // Prepare: the job starts the deployment, then "crashes" before recording anything about it
    const { event, responseUrl } = harness.slashCommand({
      command: '/deploy',
      text: 'web staging v43',
      userId: 'U0CAROL',
      userName: 'carol',
      channelId: 'C0STAGING01',
    });
    await slackHandler(event, lambdaContext);
    const [job = ''] = harness.queued;
    await workerHandler(harness.takeJobs(), lambdaContext);
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const jobId = (JSON.parse(job) as { id: string }).id;
    for (const pk of [`JOB#${jobId}`, `DEPLOYMENT#${deploymentId}`, 'RUNNING']) await forget(pk);
    await forget(`STARTED#${jobId}`);
    harness.slack.reset();
    // Act: SQS delivers the job again
    harness.queued.push(job);
    const retry = await workerHandler(harness.takeJobs(2), lambdaContext);
    // Assess: no second deployment; this one gets its progress message and the requester hears it started
    expect(retry.batchItemFailures).toEqual([]);
    expect(flow.codedeploy.deployments.size).toBe(1);
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 2); // the second one refused
    expect(JSON.stringify(flow.posts('C0STAGING01')[0]?.args)).toContain(deploymentId);
    expect(flow.repliesTo(responseUrl).join()).toContain(`Started \`${deploymentId}\``);
  });
});
