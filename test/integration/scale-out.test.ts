import { DescribeScalingActivitiesCommand, type Activity } from '@aws-sdk/client-auto-scaling';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { readFileSync } from 'node:fs';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { endScaleOut, scaleOut } from '../../sandbox/aws/codedeploy-scale-out';
import { CodeDeployWorld } from '../fakes/codedeploy-world';
import type { SlackCall } from '../fakes/slack-api';
import { AlarmFlow, text } from './alarm-flow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';

/**
 * Auto Scaling's deployments to new instances (creator `autoscaling`) through the real deployEvents: the web prod
 * account of the alarm stories, its t3.micro instances out of CPU credits, with CodeDeploy as a hand-driven world.
 */
class ScaleOutFlow {
  readonly alarm: AlarmFlow;
  readonly codedeploy: CodeDeployWorld;

  constructor(readonly harness: Harness) {
    this.alarm = new AlarmFlow(harness);
    // The alarm stories' CodeDeploy answers are fixed; here CodeDeploy is a world the story changes.
    this.alarm.aws.codedeploy.restore();
    this.codedeploy = new CodeDeployWorld();
    this.alarm.aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
  }

  /**
   * Auto Scaling launches an instance into edu-web-prod-asg and CodeDeploy's deployment to it ends: the instance's
   * event and the deployment's, each delivered twice and all at once.
   */
  async launch(instanceId: string, result: 'succeeded' | 'failed'): Promise<string[]> {
    const deployment = scaleOut(this.codedeploy, 'edu-web-prod', instanceId);
    const instance = endScaleOut(this.codedeploy, deployment.info.deploymentId ?? '', result);
    const ended = this.codedeploy.deploymentEvent(deployment, result === 'succeeded' ? 'SUCCESS' : 'FAILURE');
    return Promise.all([instance, ended, instance, ended].map((event) => deployEventsHandler(event, lambdaContext)));
  }

  posts(channel: string): SlackCall[] {
    return this.alarm.posts(channel);
  }

  restore(): void {
    this.codedeploy.mock.restore();
    this.alarm.restore();
  }
}

const story = useStory((h) => new ScaleOutFlow(h), 'test/fixtures/config/outside.yml');
let flow: ScaleOutFlow;

beforeEach(() => ({ flow } = story()));

/** The AWS CLI's example of a failed launch, as edu-web-prod-asg's activity at `at`. */
function failedLaunch(instanceId: string, at: Date): Activity {
  const sample = JSON.parse(
    readFileSync(
      'test/fixtures/payloads/api-response__autoscaling-describe-scaling-activities__launch-failed__aws-cli-example.json',
      'utf8',
    ),
  ) as { Activities: (Activity & { StartTime: string; EndTime: string })[] };
  const [activity] = sample.Activities;
  if (!activity) throw new Error('the sample has no activity');
  return {
    ...activity,
    AutoScalingGroupName: 'edu-web-prod-asg',
    StartTime: at,
    EndTime: at,
    Description: `Launching a new EC2 instance: ${instanceId}.  Status Reason: Instance failed to complete user's Lifecycle Action: Lifecycle Action with token 6a3d was abandoned: Lifecycle Action Completed with ABANDON Result`,
    StatusMessage:
      "Instance failed to complete user's Lifecycle Action: Lifecycle Action with token 6a3d was abandoned",
  };
}

const shownNow = (post: SlackCall | undefined): string =>
  text(flow.alarm.updatesOf(String(post?.result?.ts)).at(-1) ?? post);

describe('scale-outs of a configured group', () => {
  it('post nothing when they succeed', async () => {
    // Act
    const results = await flow.launch('i-0new000000000001', 'succeeded');
    // Assess
    expect(new Set(results)).toEqual(new Set(['scale-out succeeded']));
    expect(flow.posts('C0PRODOPS01')).toEqual([]);
    expect(flow.posts('C0AUDIT0001')).toEqual([]);
  });

  it('that fail three times in 20 minutes make one churn message, edited in place, resolved by a success', async () => {
    // Prepare: the group's instances are out of CPU credits; Auto Scaling abandons each new instance
    flow.alarm.exhaustedFleet();
    const start = Date.now();
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    flow.alarm.aws.autoscaling.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [failedLaunch('i-0new000000000003', at(14)), failedLaunch('i-0new000000000002', at(7))],
    });
    // Act
    for (const [n, minutes] of [0, 7, 14].entries()) {
      setClock(at(minutes));
      await flow.launch(`i-0new00000000000${n + 1}`, 'failed');
    }
    const churning = flow.posts('C0PRODOPS01');
    const shownChurning = shownNow(churning[0]);
    setClock(at(20));
    await flow.launch('i-0new000000000004', 'succeeded');
    const editsWhenResolved = flow.alarm.updatesOf(String(churning[0]?.result?.ts)).length;
    setClock(at(25));
    await flow.launch('i-0new000000000005', 'succeeded');
    // Assess: one message, counting 3, naming the instance, its failed lifecycle event and log tail
    expect(churning).toHaveLength(1);
    expect(shownChurning).toContain('🔁 web → prod: edu-web-prod-asg is churning');
    expect(shownChurning).toContain(
      '3rd failed install on a new instance in 14 min: the group is churning — Auto Scaling keeps replacing instances that never become healthy',
    );
    expect(shownChurning).toContain('`i-0new000000000003`');
    expect(shownChurning).toContain('*ApplicationStart* failed');
    expect(shownChurning).toContain('could not reach the database');
    expect(shownChurning).toContain('Launching a new EC2 instance: i-0new000000000003');
    expect(shownChurning).toContain('🪫');
    expect(shownChurning).toContain('fail their health checks');
    expect(flow.alarm.updatesOf(String(churning[0]?.result?.ts)).length).toBe(editsWhenResolved);
    expect(shownNow(churning[0])).toContain('✅ web → prod: new instances install again');
    expect(shownNow(churning[0])).toContain('after 3 failed installs on new instances');
    expect(flow.posts('C0PRODOPS01')).toHaveLength(1);
  });
});
