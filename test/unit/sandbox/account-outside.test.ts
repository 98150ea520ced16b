import { AutoScalingClient, DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { CodeDeployClient, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { CI_DESCRIPTION } from '../../../sandbox/aws/outside-scenarios';
import { describeEvent, REGION, waitFor, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
const codedeploy = new CodeDeployClient({ region: REGION });
const autoscaling = new AutoScalingClient({ region: REGION });

beforeEach(() => {
  sim = watchedAccount();
});
afterEach(() => sim.account.stop());

describe('the console scenarios of deployments started outside Slack', () => {
  it('CI deploys v43: a user deployment of web prod naming its run, moved on like any other', async () => {
    // Act
    const id = sim.account.scenarios.ciDeploys();
    await waitFor(() => sim.events.some((e) => describeEvent(e) === 'Deployment READY'), 'Ready');
    const { deploymentInfo } = await codedeploy.send(new GetDeploymentCommand({ deploymentId: id }));
    // Assess
    expect(deploymentInfo).toMatchObject({
      creator: 'user',
      description: CI_DESCRIPTION,
      deploymentGroupName: 'edu-web-prod',
      revision: { s3Location: { key: 'web/v43.zip' } },
    });
    expect(sim.events.map(describeEvent)[0]).toBe('Deployment START');
  });

  it('CI deploys v43 is refused by CodeDeploy while prod has a deployment running', () => {
    // Prepare
    sim.account.scenarios.ciDeploys();
    // Act, Assess
    expect(() => sim.account.scenarios.ciDeploys()).toThrow(/already has an active Deployment/);
  });

  it('scale-out keeps failing: three new instances in staging each fail ApplicationStart, and Auto Scaling gives up on each', async () => {
    // Act
    await sim.account.scenarios.scaleOutKeepsFailing();
    const failures = () => sim.events.filter((e) => describeEvent(e) === 'Deployment FAILURE').length;
    await waitFor(() => failures() === 3, 'the third failure delivered');
    // Assess
    const seen = sim.events.map(describeEvent);
    const failed = sim.events.filter((e) => describeEvent(e).startsWith('Instance FAILURE'));
    const instances = failed.map((e) => (e.detail as { instanceId: string }).instanceId);
    expect(seen.filter((line) => line === 'Deployment START')).toHaveLength(3);
    expect(seen.filter((line) => line === 'Deployment FAILURE')).toHaveLength(3);
    expect(new Set(instances).size).toBe(3);
    // No blue/green of their own: nothing but the scale-outs' events.
    expect(seen.every((line) => /^(Deployment (START|FAILURE)|Instance FAILURE i-0[0-9a-f]+)$/.test(line))).toBe(true);
    const { deploymentInfo } = await codedeploy.send(
      new GetDeploymentCommand({ deploymentId: (failed[0]?.detail as { deploymentId: string }).deploymentId }),
    );
    expect(deploymentInfo).toMatchObject({ creator: 'autoscaling', status: 'Failed' });
    const { Activities = [] } = await autoscaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'edu-web-staging-asg' }),
    );
    const abandoned = Activities.filter((a) => a.StatusCode === 'Failed');
    expect(abandoned.map((a) => a.Description?.split('.')[0])).toEqual(
      [...instances].reverse().map((instance) => `Launching a new EC2 instance: ${instance}`),
    );
    expect(abandoned[0]?.StatusMessage).toContain('Lifecycle Action Completed with ABANDON Result');
    expect(sim.account.snapshot().fleet.filter((i) => instances.includes(i.id))).toEqual([]);
  });
});
