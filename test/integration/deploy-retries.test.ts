import { DescribeAlarmsCommand, type DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import { CreateDeploymentCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import type { SQSEvent } from 'aws-lambda';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { TIMEOUT_MARGIN_MS } from '../../lib/lambda';
import { deferred, settleMicrotasks } from '../fakes/deferred';
import { DeployFlow, text } from './deploy-flow';
import { type Harness, lambdaContext, useStory } from './harness';

const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;

beforeEach(() => ({ harness, flow } = story()));

/** Lambda retries a deployEvents invocation that failed; the retry must finish what the failed one did not. */
describe('a deployment event retried after Slack failed', () => {
  it('posts the failure explanation in the thread when the first attempt could not', async () => {
    // Prepare
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const progress = flow.posts('C0STAGING01')[0];
    await flow.advance(deploymentId, 'start');
    harness.slack.failNext('chat.postMessage', 200); // {ok:false}: Slack refused it (not retried by web-api);
    // Act: the failure event's thread reply fails, so Lambda retries the event
    await expect(flow.advance(deploymentId, 'fail-after-install')).rejects.toThrow();
    await flow.notify(deploymentId, 'FAILURE');
    // Assess
    const thread = flow.posts('C0STAGING01').filter((c) => c.args.thread_ts === progress?.result?.ts && c.result);
    expect(thread).toHaveLength(1);
    expect(text(thread[0])).toContain('AfterInstall');
  });

  it('edits the progress message to its final state when the first edit failed', async () => {
    // Prepare
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const ts = flow.posts('C0STAGING01')[0]?.result?.ts as string;
    await flow.advance(deploymentId, 'start');
    harness.slack.failNext('chat.update', 200); // {ok:false}: Slack refused it;
    // Act: the last event's edit fails, so Lambda retries the event
    await expect(flow.advance(deploymentId, 'succeeded')).rejects.toThrow();
    await flow.notify(deploymentId, 'SUCCESS');
    // Assess
    const last = flow
      .updatesOf(ts)
      .filter((c) => c.result)
      .at(-1);
    expect(text(last)).toMatch(/deployed in/);
  });
});

/** The worker died (a timeout, say) after it acted but before it noted the job done; SQS delivers the job again. */
async function runAgainAfterLeaseRanOut(body: string): Promise<void> {
  const { id } = JSON.parse(body) as { id: string };
  await harness.dynamo.table.put({
    pk: `JOB#${id}`,
    sk: 'JOB',
    jobId: id,
    status: 'running',
    leaseUntil: new Date(Date.now() - 1_000).toISOString(),
  });
  harness.queued.push(body);
  await flow.drain();
}

describe('a command job delivered again after its worker died', () => {
  it('asks for approval once, not once per delivery', async () => {
    // Prepare
    const { event } = harness.slashCommand({
      command: '/deploy',
      text: 'web prod v42',
      userId: 'U0ALICE',
      userName: 'alice',
      channelId: 'C0PRODOPS01',
    });
    await slackHandler(event, lambdaContext);
    const [body = ''] = harness.queued;
    await flow.drain();
    // Act
    await runAgainAfterLeaseRanOut(body);
    // Assess
    const approvals = flow.posts('C0PRODOPS01').filter((c) => text(c).includes('request.approve'));
    expect(approvals).toHaveLength(1);
    expect(await harness.dynamo.table.query('REQUEST')).toHaveLength(1);
  });
});

describe("a command job still running when the worker's Lambda timeout nears", () => {
  // That the abandoned job can reach nothing more once stopped is shown in test/unit/handlers/handle-jobs.test.ts.
  it('is stopped and released before the timeout, and its redelivery deploys once and answers once', async () => {
    // Prepare: the alarm check hangs; the invocation has one second left beyond the worker's margin
    const reached = deferred<undefined>();
    const hung = deferred<DescribeAlarmsCommandOutput>();
    flow.cloudwatch
      .on(DescribeAlarmsCommand)
      .callsFakeOnce(() => {
        reached.resolve(undefined);
        return hung.promise;
      })
      .resolves({ MetricAlarms: [], CompositeAlarms: [] });
    const { event, responseUrl } = harness.slashCommand({
      command: '/deploy',
      text: 'web staging v43',
      userId: 'U0CAROL',
      userName: 'carol',
      channelId: 'C0STAGING01',
    });
    await slackHandler(event, lambdaContext);
    const delivery = harness.takeJobs();
    const endsSoon = { ...lambdaContext, getRemainingTimeInMillis: () => TIMEOUT_MARGIN_MS + 1_000 };
    // Act
    const running = workerHandler(delivery, endsSoon);
    await reached.promise; // half way through the job…
    const first = await running; // …the invocation stops it
    hung.resolve({ MetricAlarms: [], CompositeAlarms: [], $metadata: {} }); // the abandoned job's call comes back late
    await settleMicrotasks();
    const redelivered: SQSEvent = {
      Records: delivery.Records.map((r) => ({ ...r, attributes: { ...r.attributes, ApproximateReceiveCount: '2' } })),
    };
    const again = await workerHandler(redelivered, lambdaContext);
    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: delivery.Records[0]?.messageId }]);
    expect(again.batchItemFailures).toEqual([]); // well within the lease: the stopped job's claim was released
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 1);
    expect(flow.posts('C0STAGING01')).toHaveLength(1); // the one progress message
    const answers = flow.repliesTo(responseUrl);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('Started');
  });
});

describe('a deployment button whose progress refresh Slack refused', () => {
  it('does not tell the person the stop failed once CodeDeploy took it', async () => {
    // Prepare
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    await flow.advance(deploymentId, 'start');
    harness.slack.failNext('chat.update', 200); // {ok:false}: the refresh after the press is refused
    // Act
    const click = await flow.click('deployment.stop', deploymentId, 'U0CAROL', 'C0STAGING01');
    // Assess
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(StopDeploymentCommand, 1);
    expect(flow.repliesTo(click).join()).not.toMatch(/failed|already requested/);
    expect(flow.posts('C0AUDIT0001').some((c) => text(c).includes('stop and roll back: done'))).toBe(true);
  });
});
