import {
  GetAutomationExecutionCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { parseConfig } from '../../lib/config/parse';
import { readFileSync } from 'node:fs';
import { AlarmFlow, text, tsOf } from './alarm-flow';
import { ebCpuAlarm, PROD, STAGING } from './alarm-payloads';
import { buttonValue } from './deploy-flow';
import { type Harness, lambdaContext, useStory } from './harness';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/runbooks.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

const INSTANCE = 'i-12345678901234567';
const EXECUTION = '73c8eef8-f4ee-4a05-820c-e354f0e9a1b2';

async function alarmIn(target: typeof PROD, name: string, channel: string): Promise<string> {
  await flow.deliver(ebCpuAlarm({ ...target, name }, { state: 'ALARM', at: new Date(Date.now() - 10 * 60_000) }));
  return tsOf(flow.posts(channel)[0]);
}

/** The delayed looks become due until none is left. */
async function followToTheEnd(): Promise<void> {
  while (harness.delayed.length || harness.queued.length) {
    harness.releaseDelayed();
    const result = await workerHandler(harness.takeJobs(), lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
  }
}

describe('a runbook from the configuration', () => {
  it('is a button on matching alarms, approved on a protected environment, run with the alarm’s instance, and followed to its failed step', async () => {
    // Prepare
    const ts = await alarmIn(PROD, 'edu-web-prod-cpu-high', 'C0PRODOPS01');
    const message = flow.posts('C0PRODOPS01')[0];
    const value = buttonValue(message, 'runbook.run');
    expect(value).toBe('restart|111111111111:ap-northeast-2:edu-web-prod-cpu-high');
    flow.aws.ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: EXECUTION });
    flow.aws.ssm
      .on(GetAutomationExecutionCommand)
      .resolvesOnce({
        AutomationExecution: {
          AutomationExecutionStatus: 'InProgress',
          StepExecutions: [{ StepName: 'stopInstances', StepStatus: 'InProgress' }],
        },
      })
      .resolves({
        AutomationExecution: {
          AutomationExecutionStatus: 'Failed',
          StepExecutions: [
            { StepName: 'stopInstances', StepStatus: 'Success' },
            {
              StepName: 'startInstances',
              StepStatus: 'Failed',
              FailureMessage:
                'Step fails when it is verifying the command has completed. Instance i-12345678901234567 is in state stopping.',
            },
          ],
          FailureMessage: 'Step fails when it is verifying the command has completed.',
        },
      });
    // Act: alice clicks; nothing runs before bob approves
    await flow.click('runbook.run', value, 'U0ALICE', ts);
    const approval = flow.posts('C0PRODOPS01').find((call) => text(call).includes('request.approve'));
    // Assess
    expect(flow.aws.ssm.commandCalls(StartAutomationExecutionCommand)).toHaveLength(0);
    expect(text(approval)).toContain('SSM Automation runbook `AWS-RestartEC2Instance`');
    expect(text(approval)).toContain(`\`InstanceId\` = \`${INSTANCE}\``);
    // Act
    await flow.click('request.approve', buttonValue(approval, 'request.approve'), 'U0BOB', tsOf(approval));
    await followToTheEnd();
    // Assess: started once, as alice, with the alarm's instance only; the reply in the thread ends at the failed step
    const starts = flow.aws.ssm.commandCalls(StartAutomationExecutionCommand);
    expect(starts).toHaveLength(1);
    expect(starts[0]?.args[0].input).toEqual({
      DocumentName: 'AWS-RestartEC2Instance',
      Parameters: { InstanceId: [INSTANCE] },
      ClientToken: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/) as unknown,
    });
    expect(await AlarmFlow.signerOf(starts[0])).toBe('ASIA-U0ALICE');
    const [reply] = flow.thread(ts);
    const edits = flow.updatesOf(tsOf(reply)).map(text);
    expect(edits.some((edit) => edit.includes('⏳ InProgress'))).toBe(true);
    expect(edits.at(-1)).toContain('*Failed at step `startInstances`:* Step fails when it is verifying');
    expect(edits.at(-1)).toContain('approved by <@U0BOB>');
    expect(flow.posts('C0AUDIT0001').map(text).join()).toContain('at step startInstances');
  });

  it('on an unprotected environment runs a Run Command document after the clicker confirms its preview', async () => {
    // Prepare: the staging alarm offers the two runbooks its context binds, not the one needing a group
    const ts = await alarmIn(STAGING, 'edu-web-staging-cpu-high', 'C0STAGING01');
    const offered = text(flow.posts('C0STAGING01')[0]);
    expect(offered).toContain('Restart the SSM agent');
    expect(offered).not.toContain('Never offered here');
    flow.aws.ssm.on(SendCommandCommand).resolves({ Command: { CommandId: '3c9b1a2e-5f0d-4c1e-9d7b-2f0e8a1b6c4d' } });
    flow.aws.ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Success', StatusDetails: 'Success', PluginName: 'aws:runShellScript' });
    // Act: carol clicks, then confirms the ephemeral preview
    const click = await flow.click(
      'runbook.run',
      'agents|222222222222:ap-northeast-2:edu-web-staging-cpu-high',
      'U0CAROL',
      ts,
      'C0STAGING01',
    );
    const requestId = /"value":"(req-[\w-]+)"/.exec(flow.repliesTo(click))?.[1] ?? '';
    expect(flow.aws.ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
    const { event } = harness.buttonClick({
      action: 'request.confirm',
      value: requestId,
      userId: 'U0CAROL',
      channelId: 'C0STAGING01',
      ephemeral: true,
    });
    expect((await slackHandler(event, lambdaContext)).statusCode).toBe(200);
    await followToTheEnd();
    // Assess
    expect(flow.aws.ssm.commandCalls(SendCommandCommand).map((call) => call.args[0].input)).toEqual([
      {
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [INSTANCE],
        Parameters: { commands: ['systemctl restart amazon-ssm-agent'], executionTimeout: ['60'] },
        Comment: 'blueshift: agents, asked by U0CAROL',
      },
    ]);
    const [reply] = flow.thread(ts);
    expect(text(flow.updatesOf(tsOf(reply)).at(-1))).toContain('✅ succeeded');
  });

  it('says in the thread that it stopped following a run when SSM refuses to show it, and where to follow it', async () => {
    // Prepare: the run starts, then GetAutomationExecution is refused (a retry cannot fix a denied permission)
    const ts = await alarmIn(PROD, 'edu-web-prod-cpu-high', 'C0PRODOPS01');
    const value = buttonValue(flow.posts('C0PRODOPS01')[0], 'runbook.run');
    flow.aws.ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: EXECUTION });
    const denied = Object.assign(new Error('User is not authorized to perform: ssm:GetAutomationExecution'), {
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    flow.aws.ssm.on(GetAutomationExecutionCommand).rejects(denied);
    await flow.click('runbook.run', value, 'U0ALICE', ts);
    const approval = flow.posts('C0PRODOPS01').find((call) => text(call).includes('request.approve'));
    await flow.click('request.approve', buttonValue(approval, 'request.approve'), 'U0BOB', tsOf(approval));
    // Act: the first look is refused
    harness.releaseDelayed();
    const result = await workerHandler(harness.takeJobs(), lambdaContext);
    // Assess: reported once and not retried; the reply no longer shows it starting or running
    expect(result.batchItemFailures).toEqual([]);
    expect(harness.delayed).toHaveLength(0);
    const [reply] = flow.thread(ts);
    const shown = text(flow.updatesOf(tsOf(reply)).at(-1));
    expect(shown).toContain('blueshift stopped following it');
    expect(shown).toContain('the operator role lacks ssm:GetAutomationExecution permission');
    expect(shown).toContain(`follow automation execution \`${EXECUTION}\` in the Systems Manager console`);
    expect(shown).toContain('Retrying will not fix this');
    expect(shown).not.toContain('⏳');
    expect(flow.posts('C0AUDIT0001').map(text).join()).toContain('runbook restart (AWS-RestartEC2Instance)');
  });

  it('refuses a click naming a runbook the alarm does not offer', async () => {
    // Prepare
    const ts = await alarmIn(STAGING, 'edu-web-staging-cpu-high', 'C0STAGING01');
    // Act
    const click = await flow.click(
      'runbook.run',
      'group-only|222222222222:ap-northeast-2:edu-web-staging-cpu-high',
      'U0CAROL',
      ts,
      'C0STAGING01',
    );
    // Assess
    expect(flow.repliesTo(click)).toContain('is not configured for this alarm');
    expect(flow.aws.ssm.commandCalls(StartAutomationExecutionCommand)).toHaveLength(0);
  });
});

describe('runbook configuration', () => {
  const withParameters = (parameters: string) =>
    readFileSync('test/fixtures/config/runbooks.yml', 'utf8').replace(
      "parameters: { AutoScalingGroupName: '{autoScalingGroup}' }",
      `parameters: ${parameters}`,
    );

  it.each([
    ["{ Reason: '{reason}' }", '`{reason}` is not part of an alarm'],
    ["{ Text: '{text}' }", '`{text}` is not part of an alarm'],
    ["{ InstanceId: 'i-{instanceId}' }", 'must be exactly one of {instanceId}'],
  ])('refuses a parameter that would need free text: %s', (parameters, problem) => {
    // Act, Assess
    expect(() => parseConfig(withParameters(parameters), 'runbooks.yml')).toThrow(problem);
  });

  it('takes parameters bound to the alarm or fixed', () => {
    // Act
    const config = parseConfig(
      withParameters("{ AutoScalingGroupName: '{autoScalingGroup}', Fixed: 'yes' }"),
      'runbooks.yml',
    );
    // Assess
    expect(config.apps.web?.runbooks.staging?.[2]?.parameters).toEqual({
      AutoScalingGroupName: '{autoScalingGroup}',
      Fixed: 'yes',
    });
  });
});
