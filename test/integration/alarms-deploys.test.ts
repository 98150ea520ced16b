import { DescribeScalingActivitiesCommand, AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { handler as alarmEventsHandler } from '../../functions/alarm-events';
import { tsOf } from './alarm-flow';
import { ebCpuAlarm, STAGING } from './alarm-payloads';
import { buttonsOf, DeployFlow, text } from './deploy-flow';
import { lambdaContext, setClock, useStory } from './harness';

// Alarms tied to deploys (docs/decisions/0024): an alarm within staging's alarmDeployWindow (30 minutes, the default)
// of a deployment of its app names it, read from the state table, and offers Roll back: /rollback by the clicker.
// The alarm is posted first and its details, the deployment among them, edited in (docs/decisions/0025).

const story = useStory((h) => new DeployFlow(h));
let flow: DeployFlow;
let ec2: AwsClientStub<EC2Client>;
let autoscaling: AwsClientStub<AutoScalingClient>;

const T0 = Date.parse('2026-11-02T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const KEY = '222222222222:ap-northeast-2:edu-web-staging-5xx';

beforeEach(() => {
  ({ flow } = story());
  // The alarm's diagnosis and graph find nothing to say here; the message is posted all the same.
  ec2 = mockClient(EC2Client);
  ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error('gone'), { name: 'InvalidInstanceID.NotFound' }));
  autoscaling = mockClient(AutoScalingClient);
  autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
});

afterEach(() => {
  ec2.restore();
  autoscaling.restore();
});

/** carol deploys web staging `revision` at `minute`; CodeDeploy finishes it 10 minutes later. */
async function deployed(revision: string, minute: number): Promise<string> {
  setClock(at(minute));
  await flow.type(`/deploy web staging ${revision}`, 'U0CAROL', 'carol', 'C0STAGING01');
  const id = [...flow.codedeploy.deployments.keys()].at(-1) ?? '';
  await flow.advance(id, 'start');
  await flow.advance(id, 'installed');
  setClock(at(minute + 10));
  await flow.advance(id, 'succeeded');
  return id;
}

/** The alarm fires at `minute`: alarmEvents posts its message, then edits its details in; the message as shown. */
async function alarmAt(minute: number) {
  setClock(at(minute));
  await alarmEventsHandler(
    ebCpuAlarm({ ...STAGING, name: 'edu-web-staging-5xx' }, { state: 'ALARM', at: at(minute) }),
    lambdaContext,
  );
  const post = flow.posts('C0STAGING01').find((call) => text(call).includes('edu-web-staging-5xx'));
  return post && (flow.updatesOf(tsOf(post)).at(-1) ?? post);
}

describe('an alarm after a deployment', () => {
  it('within 30 minutes names the deployment, and its Roll back reaches the rollback preview for an operator', async () => {
    // Prepare: v42 went out at 10:00, v43 at 10:20 (done at 10:30)
    await deployed('v42', 0);
    const v43 = await deployed('v43', 20);
    // Act: the alarm fires at 11:00, 30 minutes after v43 finished
    const message = await alarmAt(60);
    // Assess: the deployment, who asked for it, and Roll back to what it replaced
    expect(text(message)).toContain(
      `🚀 *web staging* got \`v43\` 30 min before this alarm, from <@U0CAROL> (\`${v43}\`)`,
    );
    expect(text(message)).toContain('its progress>');
    expect(buttonsOf(message)).toContain('alarm.rollback');
    expect(text(message)).toContain('"text":"Roll back to v42"');

    // Act: mallory (no operator) and carol click Roll back
    const refused = await flow.click('alarm.rollback', KEY, 'U0MALLORY', 'C0STAGING01');
    const previewed = await flow.click('alarm.rollback', KEY, 'U0CAROL', 'C0STAGING01');
    // Assess: mallory is refused by /rollback's own access rule; carol sees /rollback's preview, nothing started yet
    expect(flow.repliesTo(refused).join()).toMatch(/operators/);
    const preview = flow.repliesTo(previewed).join();
    expect(preview).toContain('Confirm `/rollback web staging`');
    expect(preview).toContain('`v43` → `v42`');
    expect(preview).toContain('request.confirm');
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 2);
  });

  it('31 minutes after it finished does not name it, and offers no Roll back', async () => {
    // Prepare
    await deployed('v42', 0);
    // Act
    const message = await alarmAt(41);
    // Assess
    expect(message).toBeDefined();
    expect(text(message)).not.toContain('before this alarm');
    expect(buttonsOf(message)).not.toContain('alarm.rollback');
  });

  it('while the deployment runs, says so and offers to roll it back', async () => {
    // Prepare: v42 finished long ago, v43 is installing
    await deployed('v42', 0);
    setClock(at(100));
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const v43 = [...flow.codedeploy.deployments.keys()].at(-1) ?? '';
    await flow.advance(v43, 'start');
    // Act
    const message = await alarmAt(106);
    // Assess
    expect(text(message)).toContain(
      `🚀 *web staging* is getting \`v43\` (started 6 min before this alarm) from <@U0CAROL> (\`${v43}\`)`,
    );
    expect(text(message)).toContain('"text":"Roll back to v42"');
  });
});
