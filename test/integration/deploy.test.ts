import { ContinueDeploymentCommand, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { type Harness, useStory } from './harness';
import { buttonsOf, buttonValue, DeployFlow, emptyAutoScalingGroups, text } from './deploy-flow';

const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;

beforeEach(() => ({ harness, flow } = story()));

describe('/deploy on a protected environment', () => {
  it('goes from request to approval to a finished blue/green deployment in one message, edited in place', async () => {
    // Prepare: alice asks
    const { ack, responseUrl } = await flow.type('/deploy web prod v42', 'U0ALICE', 'alice');
    const [approval] = flow.posts('C0PRODOPS01');
    const requestId = buttonValue(approval, 'request.approve');
    // Act: alice may not approve her own request; bob approves (twice: a double click)
    const selfClick = await flow.click('request.approve', requestId, 'U0ALICE');
    await flow.click('request.approve', requestId, 'U0BOB');
    const secondClick = await flow.click('request.approve', requestId, 'U0BOB');
    // Assess: one deployment, of the right revision, described with who asked
    expect(ack).toContain('Working on `/deploy web prod v42`');
    expect(flow.repliesTo(responseUrl).join()).toContain('approval requested in <#C0PRODOPS01>');
    expect(flow.repliesTo(selfClick).join()).toContain('cannot approve your own request');
    expect(flow.repliesTo(secondClick).join()).toContain('already approved by <@U0BOB>');
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 1);
    expect(flow.codedeploy.mock).toHaveReceivedCommandWith(CreateDeploymentCommand, {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      revision: { revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' } },
    });
    const description = flow.codedeploy.mock.commandCalls(CreateDeploymentCommand)[0]?.args[0].input.description ?? '';
    expect(description).toContain('requested by alice (U0ALICE)');
    expect(text(harness.slack.callsTo('chat.update').find((c) => c.args.ts === approval?.result?.ts))).toContain(
      'Approved',
    );

    // Act: CodeDeploy moves through blue/green; bob reroutes (double click) at "ready"
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const progress = flow.posts('C0PRODOPS01')[1];
    const ts = progress?.result?.ts as string;
    await flow.advance(deploymentId, 'start');
    await flow.advance(deploymentId, 'installed');
    const atReady = flow.updatesOf(ts).at(-1);
    await flow.click('deployment.reroute', deploymentId, 'U0BOB');
    await flow.click('deployment.reroute', deploymentId, 'U0BOB');
    await flow.advance(deploymentId, 'rerouting');
    await flow.advance(deploymentId, 'termination-wait');
    const atRerouted = flow.updatesOf(ts).at(-1);
    await flow.click('deployment.terminate-blue', deploymentId, 'U0BOB');
    const atTerminating = flow.updatesOf(ts).at(-1);
    await flow.advance(deploymentId, 'succeeded');
    await flow.advance(deploymentId, 'installed'); // a late, out-of-order event
    // Assess: one progress message, edited, never re-posted, never backwards
    expect(text(progress)).toContain(deploymentId);
    expect(buttonsOf(atReady)).toEqual(expect.arrayContaining(['deployment.reroute', 'deployment.stop']));
    expect(
      flow.codedeploy.mock.commandCalls(ContinueDeploymentCommand, { deploymentWaitType: 'READY_WAIT' }),
    ).toHaveLength(1);
    expect(flow.codedeploy.mock).toHaveReceivedCommandWith(ContinueDeploymentCommand, {
      deploymentId,
      deploymentWaitType: 'READY_WAIT',
    });
    expect(buttonsOf(atRerouted)).toContain('deployment.terminate-blue');
    expect(buttonsOf(atRerouted)).not.toContain('deployment.reroute');
    expect(flow.codedeploy.mock).toHaveReceivedCommandWith(ContinueDeploymentCommand, {
      deploymentId,
      deploymentWaitType: 'TERMINATION_WAIT',
    });
    expect(text(atTerminating)).toContain('Blue fleet terminating');
    expect(buttonsOf(atTerminating)).not.toContain('deployment.terminate-blue');
    const final = flow.updatesOf(ts).at(-1);
    expect(text(final)).toMatch(/deployed in/);
    expect(buttonsOf(final)).toEqual([]);
    expect(flow.posts('C0PRODOPS01')).toHaveLength(2); // the approval request and the progress message
  });
});

describe('the live fleet, after a deployment the worker started', () => {
  it('/status names the group CodeDeploy serves from, not the one it had read before the deployment', async () => {
    // Prepare: the worker reads staging's deployment group, then starts a deployment that replaces its group
    const autoscaling = emptyAutoScalingGroups();
    const { responseUrl: before } = await flow.type('/status web staging', 'U0CAROL', 'carol', 'C0STAGING01');
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    for (const step of ['start', 'installed', 'rerouting', 'termination-wait', 'succeeded'] as const)
      await flow.advance(deploymentId, step);
    // Act: within the minute the worker keeps what it read of a group
    const { responseUrl: after } = await flow.type('/status web staging', 'U0CAROL', 'carol', 'C0STAGING01');
    autoscaling.restore();
    // Assess
    expect(flow.repliesTo(before).join()).toContain('*Fleet* `edu-web-staging-asg`');
    expect(flow.repliesTo(after).join()).toContain(`*Fleet* \`CodeDeploy_edu-web-staging_${deploymentId}\``);
  });
});
