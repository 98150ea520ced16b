import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { AlarmFlow, text } from './alarm-flow';
import { deploymentSucceeded, LIVE_GROUP, OLD_GROUP, replacedFleet } from './fleet-follow';
import { lambdaContext, useStory } from './harness';

// prod says `silentAlarms: move`: the alarms a blue/green deployment left on the group it replaced are moved by
// blueshift itself when the deployment succeeds, without a click or an approval, and announced.
const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/fleet-move.yml');
let flow: AlarmFlow;

beforeEach(() => ({ flow } = story()));

describe('silentAlarms: move', () => {
  it('moves the alarms after the deployment without a click, once however often the event comes, and announces it', async () => {
    // Prepare
    const { alarms } = replacedFleet(flow);
    // Act
    await deployEventsHandler(deploymentSucceeded(), lambdaContext);
    await deployEventsHandler(deploymentSucceeded(), lambdaContext);
    // Assess
    expect(flow.aws.cloudwatch).toHaveReceivedCommandTimes(PutMetricAlarmCommand, 2);
    expect(
      [...alarms.values()].flatMap((alarm) => (JSON.stringify(alarm).includes(OLD_GROUP) ? [alarm.AlarmName] : [])),
    ).toEqual([]);
    const [finding] = flow.posts('C0PRODOPS01').filter((call) => text(call).includes('can no longer fire'));
    const ts = String(finding?.result?.ts);
    expect(text(flow.updatesOf(ts).at(-1))).toContain('blueshift moved them automatically');
    expect(text(flow.thread(ts).at(-1))).toContain(`Every alarm now watches \`${LIVE_GROUP}\``);
    expect(flow.posts('C0PRODOPS01').filter((call) => text(call).includes('can no longer fire'))).toHaveLength(1);
    const audit = flow.posts('C0AUDIT0001').map(text).join('\n');
    expect(audit).toContain('*blueshift*');
    expect(audit).toContain('moved automatically after the deployment');
  });
});
