import { DescribeAutoScalingGroupsCommand, DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { AlarmFlow, text } from './alarm-flow';
import { ebCpuAlarm, PROD } from './alarm-payloads';
import { buttonValue } from './deploy-flow';
import {
  cpuAlarm,
  deploymentSucceeded,
  LIVE_GROUP,
  mathAlarm,
  OLD_GROUP,
  replacedFleet,
  STOP_ALARM,
} from './fleet-follow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';
import { alarmSettings } from '../fakes/metric-alarms';

// After a blue/green deployment replaced edu-web-prod-asg (the configuration's name) with CodeDeploy's copy: every
// reader follows the deployment group to the live group, and the alarms left on the old one are found.
const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/fleet.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

/** The sweeper's clock on a five-minute mark, when the credit watch looks. */
function atWatchMinute(dayOffset = 0): void {
  const now = new Date(Date.now() + dayOffset * 86_400_000);
  now.setUTCMinutes(Math.ceil((now.getUTCMinutes() + 1) / 5) * 5, 30, 0);
  setClock(now);
}

/** Every Auto Scaling group name an AWS call asked about, besides the existence check of the silent-alarm check. */
function groupsRead(): string[] {
  const described = flow.aws.autoscaling
    .commandCalls(DescribeAutoScalingGroupsCommand)
    .map((call) => call.args[0].input.AutoScalingGroupNames ?? []);
  const activities = flow.aws.autoscaling
    .commandCalls(DescribeScalingActivitiesCommand)
    .map((call) => [call.args[0].input.AutoScalingGroupName ?? '']);
  const metrics = flow.aws.cloudwatch
    .commandCalls(GetMetricDataCommand)
    .flatMap((call) =>
      (call.args[0].input.MetricDataQueries ?? []).map((query) =>
        (query.MetricStat?.Metric?.Dimensions ?? [])
          .filter((d) => d.Name === 'AutoScalingGroupName')
          .map((d) => d.Value ?? ''),
      ),
    );
  return [...described.filter((names) => names.length === 1), ...activities, ...metrics].flat();
}

describe('following the fleet after a blue/green deployment replaced the Auto Scaling group', () => {
  it('/status shows the live group, never the one the deployment deleted', async () => {
    // Prepare
    replacedFleet(flow);
    const { event, responseUrl } = harness.slashCommand({ command: '/status', text: 'web prod' });
    // Act
    await slackHandler(event, lambdaContext);
    await workerHandler(harness.takeJobs(), lambdaContext);
    // Assess
    const reply = flow.repliesTo(responseUrl);
    expect(reply).toContain(`*Fleet* \`${LIVE_GROUP}\``);
    expect(reply).toContain('2/2 healthy in service');
    expect(reply).not.toContain(OLD_GROUP);
    expect(groupsRead()).not.toContain(OLD_GROUP);
  });

  it('the credit watch diagnoses the live group and warns about it', async () => {
    // Prepare
    replacedFleet(flow);
    flow.exhaustedFleet();
    flow.aws.autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
    atWatchMinute();
    // Act
    const result = await flow.sweep();
    // Assess
    expect(result).toMatchObject({ watchCredits: 1 });
    const warning = flow.posts('C0PRODOPS01').find((call) => text(call).includes('CPU credits exhausted'));
    expect(text(warning)).toContain(LIVE_GROUP);
    expect(
      flow.aws.autoscaling
        .commandCalls(DescribeScalingActivitiesCommand)
        .map((call) => call.args[0].input.AutoScalingGroupName),
    ).toEqual([LIVE_GROUP]);
  });

  it('an alarm on the live group, whose name has no app prefix, reaches the app’s channel with its diagnosis', async () => {
    // Prepare
    replacedFleet(flow);
    flow.exhaustedFleet();
    const event = ebCpuAlarm(
      { name: 'fleet-cpu-at-baseline', ...PROD },
      { state: 'ALARM', at: new Date() },
      LIVE_GROUP,
    );
    // Act
    await flow.deliver(event);
    // Assess
    const [alarm] = flow.posts('C0PRODOPS01');
    expect(text(alarm)).toContain('fleet-cpu-at-baseline');
    expect(text(flow.shown(alarm))).toMatch(/throttled at baseline|credits exhausted/i);
    expect(flow.posts('C0AUDIT0001')).toEqual([]);
  });

  it('reports the alarms left on the deleted group once, however often the sweeper looks', async () => {
    // Prepare
    replacedFleet(flow);
    atWatchMinute();
    // Act
    const first = await flow.sweep();
    const sameDay = await flow.sweep();
    atWatchMinute(1);
    const nextDay = await flow.sweep();
    // Assess
    expect([first, sameDay, nextDay].map((result) => result.checkSilentAlarmsDaily)).toEqual([1, 0, 0]);
    const findings = flow.posts('C0PRODOPS01').filter((call) => text(call).includes('can no longer fire'));
    expect(findings).toHaveLength(1);
    expect(text(findings[0])).toContain(
      `2 alarms still watch \`${OLD_GROUP}\`, which deployment \`d-7K2M9QX4B\` replaced — they cannot fire; CodeDeploy's stop-on-alarm list includes one of them`,
    );
    expect(text(findings[0])).toContain(STOP_ALARM);
    expect(text(findings[0])).toContain('fleet.move-alarms');
  });

  it('tells the audit channel, once a week, that the configuration names a group CodeDeploy replaces', async () => {
    // Prepare: test/fixtures/config/fleet.yml still says autoScalingGroups: { prod: edu-web-prod-asg }.
    replacedFleet(flow);
    atWatchMinute();
    // Act
    await flow.sweep();
    atWatchMinute(1);
    await flow.sweep();
    // Assess
    const notes = flow.posts('C0AUDIT0001').filter((call) => text(call).includes('apps.web.autoScalingGroups.prod'));
    expect(notes).toHaveLength(1);
    expect(text(notes[0])).toContain(
      'deployment group edu-web-prod copies its Auto Scaling group at every blue/green deployment',
    );
    expect(text(notes[0])).toContain('remove the key');
  });
});

describe('alarms left on the replaced group, after the deployment succeeded', () => {
  it('are reported once however often the event comes, and moved exactly once after an approval, every other field the same', async () => {
    // Prepare
    replacedFleet(flow);
    // Act: EventBridge delivers SUCCESS twice; alice presses Move (prod is protected), bob approves, alice presses
    // again.
    await deployEventsHandler(deploymentSucceeded(), lambdaContext);
    await deployEventsHandler(deploymentSucceeded(), lambdaContext);
    const [finding] = flow.posts('C0PRODOPS01').filter((call) => text(call).includes('can no longer fire'));
    const findingTs = String(finding?.result?.ts);
    await flow.click('fleet.move-alarms', buttonValue(finding, 'fleet.move-alarms'), 'U0ALICE', findingTs);
    const approval = flow.posts('C0PRODOPS01').find((call) => text(call).includes('request.approve'));
    await flow.click(
      'request.approve',
      buttonValue(approval, 'request.approve'),
      'U0BOB',
      String(approval?.result?.ts),
    );
    const again = await flow.click(
      'fleet.move-alarms',
      buttonValue(finding, 'fleet.move-alarms'),
      'U0CAROL',
      findingTs,
    );
    // Assess
    expect(flow.posts('C0PRODOPS01').filter((call) => text(call).includes('can no longer fire'))).toHaveLength(1);
    const puts = flow.aws.cloudwatch.commandCalls(PutMetricAlarmCommand).map((call) => call.args[0].input);
    // In alarm-name order.
    expect(puts).toEqual([alarmSettings(mathAlarm(STOP_ALARM, LIVE_GROUP)), alarmSettings(cpuAlarm(LIVE_GROUP))]);
    expect(text(flow.updatesOf(findingTs).at(-1))).toContain('<@U0ALICE> moved them to');
    expect(text(flow.thread(findingTs).at(-1))).toContain(`Every alarm now watches \`${LIVE_GROUP}\``);
    expect(flow.repliesTo(again)).toContain('already moved');
    const audit = flow.posts('C0AUDIT0001').map(text).join('\n');
    expect(audit).toMatch(/approval requested/);
    expect(audit).toContain(`move alarms from ${OLD_GROUP} to ${LIVE_GROUP}`);
    expect(audit).toContain('2 of 2 alarms moved');
  });

  it('refuses the Move button to someone who is neither operator nor approver, and moves nothing', async () => {
    // Prepare
    replacedFleet(flow);
    await deployEventsHandler(deploymentSucceeded(), lambdaContext);
    const [finding] = flow.posts('C0PRODOPS01').filter((call) => text(call).includes('can no longer fire'));
    // Act
    const reply = await flow.click(
      'fleet.move-alarms',
      buttonValue(finding, 'fleet.move-alarms'),
      'U0MALLORY',
      String(finding?.result?.ts),
    );
    // Assess
    expect(flow.repliesTo(reply)).toContain('may move alarms on');
    expect(flow.aws.cloudwatch).not.toHaveReceivedCommand(PutMetricAlarmCommand);
  });
});
