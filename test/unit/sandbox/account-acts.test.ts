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
import { ssmRunbooks } from '../../../lib/aws/ssm-runbooks';
import { throttleLifted } from '../../../commands/alarms/throttle-lifted';
import { AGENT_LOGS_DOCUMENT } from '../../../sandbox/aws/automation';
import { FOLLOW_STEPS } from '../../../sandbox/aws/credit-scenario';
import { profileOf, simulatePeriod } from '../../../sandbox/aws/credits';
import { REGION, waitFor, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
const ec2 = new EC2Client({ region: REGION });
const autoscaling = new AutoScalingClient({ region: REGION });
const lister = ssmProcessLister(new SSMClient({ region: REGION }));
const agents = ssmAgents(new SSMClient({ region: REGION }));
const switcher = creditSwitch({ ec2, autoscaling });
const runbooks = ssmRunbooks(new SSMClient({ region: REGION }));
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

  it('lifts the throttle once switched: the incident goes on, and the unlimited instances run at what the load wants', async () => {
    // Prepare
    await sim.account.scenarios.creditExhaustion();
    const group = 'edu-web-prod-asg';
    const ids = sim.account
      .snapshot()
      .fleet.filter((i) => i.group === group)
      .map((i) => i.id);
    // Act
    await switcher.switchInstances(ids, 'unlimited', 'token-1');
    const at = await diagnoseInstances({ AutoScalingGroupName: group }, insights, new Date());
    let after = at;
    await waitFor(
      async () =>
        (after = await diagnoseInstances({ AutoScalingGroupName: group }, insights, new Date()))?.verdict ===
        'unlimited-surplus',
      'the next period',
      FOLLOW_STEPS * 5 * 20,
    );
    // Assess: unlimited at once (no period yet); then CPU well above the 10 % baseline, surplus credits spent
    expect(at).toMatchObject({ creditMode: 'unlimited', verdict: 'not-credit-related' });
    expect(after?.creditMode).toBe('unlimited');
    expect(after?.verdict).toBe('unlimited-surplus');
    expect(after?.measures.surplusBalance).toBeGreaterThan(0);
    expect(throttleLifted(after)?.because).toBe('unlimited');
    const cpu = (await insights.series(ids, 1)).get(ids[0] ?? '')?.cpu ?? [];
    expect(cpu.reduce((newest, point) => (point.at > newest.at ? point : newest)).value).toBeGreaterThan(50);
  });

  it('runs the team runbook: its steps one by one to Success, and fails at the first step for a group that is gone', async () => {
    // Act
    const parameters = { AutoScalingGroupName: ['edu-web-prod-asg'], S3Bucket: ['edu-ops-diagnostics'] };
    const id = await runbooks.startAutomation(AGENT_LOGS_DOCUMENT, undefined, parameters, 'token-a');
    const again = await runbooks.startAutomation(AGENT_LOGS_DOCUMENT, undefined, parameters, 'token-a');
    const first = await runbooks.automation(id);
    let last = first;
    await waitFor(async () => (last = await runbooks.automation(id)).state !== 'running', 'the run');
    const gone = await runbooks.startAutomation(
      AGENT_LOGS_DOCUMENT,
      undefined,
      { ...parameters, AutoScalingGroupName: ['edu-web-old-asg'] },
      'token-b',
    );
    let failed = await runbooks.automation(gone);
    await waitFor(async () => (failed = await runbooks.automation(gone)).state !== 'running', 'the failed run');
    // Assess
    expect(again).toBe(id);
    expect(first).toMatchObject({ state: 'running', status: 'InProgress' });
    expect(last).toMatchObject({ state: 'success', status: 'Success' });
    expect(last.steps.map((step) => step.name)).toEqual(['describeGroup', 'collectAgentLogs', 'uploadToS3']);
    expect(failed).toMatchObject({ state: 'failed', steps: [{ name: 'describeGroup', status: 'Failed' }, {}, {}] });
    expect(failed.steps[0]?.failure).toContain('edu-web-old-asg does not exist');
    await expect(runbooks.startAutomation('AWS-DeleteEverything', undefined, parameters, 'token-c')).rejects.toThrow(
      'does not exist',
    );
  });
});

describe('t3.micro credit accounting in unlimited mode', () => {
  it.each([
    // balance, surplus owed, demand % → CPU %, balance after, surplus after, charged
    [0, 0, 90, 90, 0, 8, 0],
    [0, 8, 90, 90, 0, 16, 0],
    [0, 16, 5, 5, 0, 15.5, 0],
    [20, 0, 5, 5, 20.5, 0, 0],
    [0, 285, 90, 90, 0, 288, 5],
  ])(
    'from %p credits and %p surplus wanting %p %% CPU: %p %% used, %p left, %p surplus, %p charged',
    (balance, surplus, demand, cpu, after, owed, charged) => {
      expect(simulatePeriod(profileOf('t3.micro'), balance, demand, true, surplus)).toMatchObject({
        cpu,
        balance: after,
        surplus: owed,
        charged,
      });
    },
  );
});
