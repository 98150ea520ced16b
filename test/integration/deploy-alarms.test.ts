import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { buttonValue, DeployFlow, text } from './deploy-flow';
import { useStory } from './harness';

const story = useStory((h) => new DeployFlow(h));
let flow: DeployFlow;

const STAGING_ALARMS = ['edu-web-staging-5xx', 'edu-web-staging-latency'];

beforeEach(() => {
  ({ flow } = story());
  // web staging as a team would set it up for this: CodeDeploy watches two alarms and rolls back when one fires.
  Object.assign(flow.codedeploy.group('edu-web-staging'), {
    stopOnAlarms: STAGING_ALARMS,
    autoRollbackEvents: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'],
  });
});

/** `/deploy web staging <revision>` by carol: the deployment's id and its progress message's ts. */
async function deployStaging(revision: string): Promise<{ id: string; ts: string }> {
  await flow.type(`/deploy web staging ${revision}`, 'U0CAROL', 'carol', 'C0STAGING01');
  const id = [...flow.codedeploy.deployments.keys()].at(-1) ?? '';
  const message = flow.posts('C0STAGING01').find((c) => text(c).includes(id) && !c.args.thread_ts);
  return { id, ts: String(message?.result?.ts) };
}

const threadOf = (ts: string) => flow.posts('C0STAGING01').filter((c) => c.args.thread_ts === ts);

describe('the alarms CodeDeploy watches during a deployment', () => {
  it('are listed in the running message, from one read of the deployment group for all its events', async () => {
    // Prepare: alice asks for web prod, bob approves
    await flow.type('/deploy web prod v42', 'U0ALICE', 'alice');
    await flow.click('request.approve', buttonValue(flow.posts('C0PRODOPS01')[0], 'request.approve'), 'U0BOB');
    const [id = ''] = flow.codedeploy.deployments.keys();
    const ts = String(flow.posts('C0PRODOPS01')[1]?.result?.ts);
    // Act
    await flow.advance(id, 'start');
    await flow.advance(id, 'installed');
    const atReady = flow.updatesOf(ts).at(-1);
    const groupReads = flow.codedeploy.mock.commandCalls(GetDeploymentGroupCommand).length;
    await flow.advance(id, 'succeeded');
    // Assess
    expect(text(atReady)).toContain(
      '🔔 CodeDeploy stops this deployment if an alarm fires: edu-web-prod-cpu-high, codedeploy-edu-web-prod-status-checks',
    );
    expect(groupReads).toBe(1); // cached: not one per event
    expect(flow.updatesOf(ts).length).toBeGreaterThanOrEqual(2);
    expect(text(flow.updatesOf(ts).at(-1))).not.toContain('🔔');
  });
});

describe('a deployment CodeDeploy stopped because an alarm fired', () => {
  it('names the alarm in the message and its thread, says traffic went back to blue, and the rollback follows', async () => {
    // Prepare: v43 is live; v44 has moved traffic to green
    const v43 = await deployStaging('v43');
    await flow.advance(v43.id, 'succeeded');
    const v44 = await deployStaging('v44');
    await flow.advance(v44.id, 'start');
    const running = flow.updatesOf(v44.ts).at(-1);
    await flow.advance(v44.id, 'installed');
    await flow.click('deployment.reroute', v44.id, 'U0CAROL', 'C0STAGING01');
    await flow.advance(v44.id, 'rerouting');
    await flow.advance(v44.id, 'termination-wait');
    // Act: the 5xx alarm fires; CodeDeploy stops v44 and rolls back; EventBridge delivers the STOP twice
    await flow.alarmStops(v44.id, ['edu-web-staging-5xx']);
    await flow.notify(v44.id, 'STOP');
    // Assess: the running message listed the alarms, the stopped one names the one that fired
    expect(text(running)).toContain(
      '🔔 CodeDeploy stops this deployment if an alarm fires: edu-web-staging-5xx, edu-web-staging-latency',
    );
    const stopped = flow.updatesOf(v44.ts).at(-1);
    expect(text(stopped)).toContain(
      '⏹ Stopped by CodeDeploy: alarm *edu-web-staging-5xx* fired. Traffic went back to the blue fleet.',
    );
    expect(stopped?.args.text).toBe('⏹ Stopped: web → staging · v44 (alarm edu-web-staging-5xx fired)');
    expect(text(stopped)).not.toContain('🔔');
    // …its thread says so once, and links the rollback's own progress message
    const reports = threadOf(v44.ts).filter((c) => text(c).includes('was stopped by CodeDeploy'));
    expect(reports).toHaveLength(1);
    expect(text(reports[0])).toContain('alarm *edu-web-staging-5xx* fired. Traffic went back to the blue fleet.');
    expect(text(reports[0])).not.toContain('ALARM_ACTIVE');
    expect(threadOf(v44.ts).some((c) => text(c).includes('Rolled back by CodeDeploy to `v43`'))).toBe(true);
    const rollbackId = flow.codedeploy.get(v44.id).info.rollbackInfo?.rollbackDeploymentId ?? '';
    expect(flow.posts('C0STAGING01').some((c) => text(c).includes(rollbackId) && !c.args.thread_ts)).toBe(true);
    // …and the audit channel hears why
    expect(flow.posts('C0AUDIT0001').some((c) => text(c).includes('alarm edu-web-staging-5xx fired'))).toBe(true);
  });

  it('names the watched alarm in ALARM when CodeDeploy’s message does not say which, and that traffic stayed on blue', async () => {
    // Prepare: v43 installing, nothing to roll back to
    const v43 = await deployStaging('v43');
    await flow.advance(v43.id, 'start');
    flow.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: 'edu-web-staging-latency', StateValue: 'ALARM', StateReason: 'Threshold Crossed' },
        { AlarmName: 'edu-web-staging-cpu-high', StateValue: 'ALARM', StateReason: 'Threshold Crossed' },
      ],
    });
    // Act: the message lists no names
    await flow.alarmStops(v43.id, []);
    // Assess
    expect(text(flow.updatesOf(v43.ts).at(-1))).toContain(
      '⏹ Stopped by CodeDeploy: alarm *edu-web-staging-latency* fired. Traffic stayed on the blue fleet.',
    );
    expect(flow.cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNamePrefix: 'edu-web-staging-',
      StateValue: 'ALARM',
    });
    expect(text(threadOf(v43.ts)[0])).toContain('alarm *edu-web-staging-latency* fired');
  });
});
