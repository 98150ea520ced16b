import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { diagnoseInstances } from '../../../commands/alarms/diagnose';
import { agentShare, parseProcessReport } from '../../../commands/processes/report';
import { alarmInsights } from '../../../lib/aws/alarm-diagnosis';
import { creditSwitch } from '../../../lib/aws/credit-switch';
import { ssmProcessLister } from '../../../lib/aws/ssm-run-command';
import { ssmAgents } from '../../../lib/aws/ssm-agents';
import { REGION, waitFor, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
const ec2 = new EC2Client({ region: REGION });
const autoscaling = new AutoScalingClient({ region: REGION });
const lister = ssmProcessLister(new SSMClient({ region: REGION }));
const agents = ssmAgents(new SSMClient({ region: REGION }));
const switcher = creditSwitch({ ec2, autoscaling });
const insights = alarmInsights({ cloudwatch: new CloudWatchClient({ region: REGION }), ec2, autoscaling });

beforeEach(() => {
  sim = watchedAccount();
});
afterEach(() => sim.account.stop());

describe('the sandbox account, acted on', () => {
  it('answers the process listing with the agents eating a t3.micro’s baseline', async () => {
    // Prepare
    await sim.account.scenarios.creditExhaustion();
    const ids = sim.account
      .snapshot()
      .fleet.filter((i) => i.group === 'edu-web-prod-asg')
      .map((i) => i.id);
    const pings = await agents.pingStatus(ids);
    const [instance = ''] = ids.filter((id) => pings.get(id) === 'Online');
    // Act
    const command = await lister.send([instance], 'blueshift: a test');
    const first = await lister.invocation(command, instance);
    let answer = first;
    await waitFor(async () => (answer = await lister.invocation(command, instance)).state !== 'pending', 'the answer');
    // Assess
    expect(first.state).toBe('pending');
    const share = agentShare(parseProcessReport(answer.output), 't3.micro');
    expect(share).toMatchObject({ percent: 6.8, baselinePercent: 10 });
  });

  it('switches the throttled fleet to unlimited: its instances, and a launch template version once per token', async () => {
    // Prepare
    await sim.account.scenarios.creditExhaustion();
    const ids = sim.account
      .snapshot()
      .fleet.filter((i) => i.group === 'edu-web-prod-asg')
      .map((i) => i.id);
    const before = await diagnoseInstances({ AutoScalingGroupName: 'edu-web-prod-asg' }, insights, new Date());
    // Act
    const template = await switcher.template('edu-web-prod-asg');
    const switched = await switcher.switchInstances(ids, 'unlimited', 'token-1');
    if ('problem' in template) throw new Error(template.problem);
    const version = await switcher.createVersion(template, { credits: 'unlimited' }, 'test', 'token-2');
    const again = await switcher.createVersion(template, { credits: 'unlimited' }, 'test', 'token-2');
    // Assess
    expect(before?.verdict).toBe('exhausted');
    expect(template).toMatchObject({ versionRef: '$Latest', version: 1, credits: 'standard' });
    expect(switched).toEqual({ switched: ids, failed: [] });
    expect([version, again]).toEqual([2, 2]);
    expect((await insights.creditModes(ids)).get(ids[0] ?? '')).toBe('unlimited');
  });
});
