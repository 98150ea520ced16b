import { UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstanceCreditSpecificationsCommand,
  ModifyInstanceCreditSpecificationCommand,
  ModifyLaunchTemplateCommand,
} from '@aws-sdk/client-ec2';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { AlarmFlow, text, tsOf } from './alarm-flow';
import { AAA, burstableFleet, DDD, postedAlarm, templateVersion } from './credit-fleet';
import { buttonValue } from './deploy-flow';
import { type Harness, lambdaContext, useStory } from './harness';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

/**
 * The exhausted fleet's alarm, posted; the group launches `$Default` of its launch template (version 7, standard
 * credits), and EC2 takes every change.
 */
const posted = (versionRef = '$Default') => postedAlarm(flow, { versionRef });

const writes = () => [
  flow.ec2.commandCalls(ModifyInstanceCreditSpecificationCommand).length,
  flow.ec2.commandCalls(CreateLaunchTemplateVersionCommand).length,
  flow.ec2.commandCalls(ModifyLaunchTemplateCommand).length,
];
const approvals = () => flow.posts('C0PRODOPS01').filter((call) => text(call).includes('request.approve'));

/** A click taken by the slack function; the worker runs it as SQS delivers it, `deliveries` times if it fails. */
async function clickDelivered(
  action: string,
  value: string,
  user: string,
  messageTs: string,
  deliveries = 1,
): Promise<number[]> {
  const { event } = harness.buttonClick({ action, value, userId: user, channelId: 'C0PRODOPS01', messageTs });
  expect((await slackHandler(event, lambdaContext)).statusCode).toBe(200);
  const bodies = [...harness.queued];
  const failures: number[] = [];
  for (let receive = 1; receive <= deliveries && harness.queued.length; receive += 1) {
    const result = await workerHandler(harness.takeJobs(receive), lambdaContext);
    failures.push(result.batchItemFailures.length);
    if (result.batchItemFailures.length) harness.queued.push(...bodies);
  }
  return failures;
}

describe('Switch to unlimited credits', () => {
  it('on a protected environment changes nothing until an approver says yes, then each instance and the template once', async () => {
    // Prepare
    const ts = await posted();
    // Act: carol clicks twice (a double click)
    await flow.click('credits.unlimited', 'web:prod', 'U0CAROL', ts);
    const second = await flow.click('credits.unlimited', 'web:prod', 'U0CAROL', ts);
    // Assess: one approval request, showing what will change and the cost; no change in AWS
    expect(writes()).toEqual([0, 0, 0]);
    expect(approvals()).toHaveLength(1);
    const request = text(approvals()[0]);
    expect(request).toContain(`\`${AAA}\` (t3.micro, standard)`);
    expect(request).toContain('launch template `edu-web`: a new version from version 7 with CPU credits unlimited');
    expect(request).toContain('billed per vCPU-hour');
    expect(flow.repliesTo(second)).toContain('already asked to switch to unlimited credits; it waits for an approver');

    // Act: bob approves; ModifyLaunchTemplate is throttled once, so the approval's job fails and is delivered again
    flow.ec2
      .on(ModifyLaunchTemplateCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } }),
      )
      .resolves({ LaunchTemplate: { DefaultVersionNumber: 8 } });
    const approval = approvals()[0];
    const failures = await clickDelivered(
      'request.approve',
      buttonValue(approval, 'request.approve'),
      'U0BOB',
      tsOf(approval),
      2,
    );
    // Assess: the instances and the version once, the default version after the retry, the thread told both times
    expect(failures).toEqual([1, 0]);
    expect(writes()).toEqual([1, 1, 2]);
    const switched = flow.ec2.commandCalls(ModifyInstanceCreditSpecificationCommand)[0]?.args[0].input;
    expect(switched?.InstanceCreditSpecifications).toEqual([
      { InstanceId: AAA, CpuCredits: 'unlimited' },
      { InstanceId: DDD, CpuCredits: 'unlimited' },
    ]);
    expect(switched?.ClientToken).toMatch(/^blueshift-[0-9a-f]{40}$/);
    expect(flow.ec2.commandCalls(CreateLaunchTemplateVersionCommand)[0]?.args[0].input).toMatchObject({
      LaunchTemplateId: 'lt-0e1d2c3b4a5968778',
      SourceVersion: '7',
      LaunchTemplateData: { CreditSpecification: { CpuCredits: 'unlimited' } },
    });
    expect(flow.ec2.commandCalls(ModifyLaunchTemplateCommand).at(-1)?.args[0].input).toEqual({
      LaunchTemplateId: 'lt-0e1d2c3b4a5968778',
      DefaultVersion: '8',
    });
    expect(await AlarmFlow.signerOf(flow.ec2.commandCalls(ModifyInstanceCreditSpecificationCommand)[0])).toBe(
      'ASIA-U0CAROL',
    );
    const thread = flow.thread(ts).map(text);
    expect(
      thread.filter((line) => line.includes('stopped while making edu-web-prod-asg launch version 8')),
    ).toHaveLength(1);
    const results = thread.filter((line) => line.includes('switched web → prod to *unlimited* CPU credits'));
    expect(results).toHaveLength(1);
    expect(results[0]).toContain('approved by <@U0BOB>');
    expect(results[0]).toContain('credits.standard');

    // Act: a late click on the first button again
    const late = await flow.click('credits.unlimited', 'web:prod', 'U0DAN', ts);
    // Assess: nothing more changes... but a switch done is no hold: it opens a new request, which changes nothing
    expect(writes()).toEqual([1, 1, 2]);
    expect(flow.repliesTo(late)).not.toContain('already asked');
  });

  it('names the instances a partial switch failed on', async () => {
    // Prepare: EC2 refuses i-0aaa… (it is stopping)
    const ts = await posted('7');
    flow.ec2.on(ModifyInstanceCreditSpecificationCommand).resolves({
      SuccessfulInstanceCreditSpecifications: [{ InstanceId: DDD }],
      UnsuccessfulInstanceCreditSpecifications: [
        { InstanceId: AAA, Error: { Code: 'IncorrectInstanceState', Message: 'The instance is not in a valid state' } },
      ],
    });
    await flow.click('credits.unlimited', 'web:prod', 'U0ALICE', ts);
    // Act
    await flow.click('request.approve', buttonValue(approvals()[0], 'request.approve'), 'U0BOB', tsOf(approvals()[0]));
    // Assess: the group named version 7, so it is pointed at version 8
    expect(flow.aws.autoscaling.commandCalls(UpdateAutoScalingGroupCommand).map((c) => c.args[0].input)).toEqual([
      {
        AutoScalingGroupName: 'edu-web-prod-asg',
        LaunchTemplate: { LaunchTemplateId: 'lt-0e1d2c3b4a5968778', Version: '8' },
      },
    ]);
    const result = text(flow.thread(ts).at(-1));
    expect(result).toContain(`\`${DDD}\`: unlimited now`);
    expect(result).toContain(`\`${AAA}\`: *not switched*: IncorrectInstanceState`);
    expect(result).toContain(`1 instance kept standard credits:* \`${AAA}\``);
    const audit = flow.posts('C0AUDIT0001').map(text).join();
    expect(audit).toContain(`failed ${AAA} (IncorrectInstanceState)`);
  });

  it('switches back to standard from its own result, approved the same way', async () => {
    // Prepare: switched to unlimited
    const ts = await posted();
    await flow.click('credits.unlimited', 'web:prod', 'U0ALICE', ts);
    await flow.click('request.approve', buttonValue(approvals()[0], 'request.approve'), 'U0BOB', tsOf(approvals()[0]));
    const result = flow.thread(ts).at(-1);
    flow.ec2.on(DescribeInstanceCreditSpecificationsCommand).resolves({
      InstanceCreditSpecifications: [
        { InstanceId: AAA, CpuCredits: 'unlimited' },
        { InstanceId: DDD, CpuCredits: 'unlimited' },
      ],
    });
    // Act
    const { event } = harness.buttonClick({
      action: 'credits.standard',
      value: buttonValue(result, 'credits.standard'),
      userId: 'U0ALICE',
      channelId: 'C0PRODOPS01',
      messageTs: tsOf(result),
      threadTs: ts,
    });
    expect((await slackHandler(event, lambdaContext)).statusCode).toBe(200);
    await workerHandler(harness.takeJobs(), lambdaContext);
    await flow.click('request.approve', buttonValue(approvals()[1], 'request.approve'), 'U0BOB', tsOf(approvals()[1]));
    // Assess
    const modes = flow.ec2
      .commandCalls(ModifyInstanceCreditSpecificationCommand)
      .map((call) => call.args[0].input.InstanceCreditSpecifications?.map((s) => s.CpuCredits));
    expect(modes).toEqual([
      ['unlimited', 'unlimited'],
      ['standard', 'standard'],
    ]);
    expect(
      flow.ec2
        .commandCalls(CreateLaunchTemplateVersionCommand)
        .map((c) => c.args[0].input.LaunchTemplateData?.CreditSpecification),
    ).toEqual([{ CpuCredits: 'unlimited' }, { CpuCredits: 'standard' }]);
    expect(text(flow.thread(ts).at(-1))).toContain('to *standard* CPU credits');
  });
});

describe('Switch to unlimited credits, approved after AWS changed', () => {
  it('says a newer launch template version and goes on from it, keeping that change', async () => {
    // Prepare: asked on version 7; someone makes version 9 before bob approves
    const ts = await posted();
    await flow.click('credits.unlimited', 'web:prod', 'U0ALICE', ts);
    templateVersion(flow, 9, 't3.micro');
    // Act
    await flow.click('request.approve', buttonValue(approvals()[0], 'request.approve'), 'U0BOB', tsOf(approvals()[0]));
    // Assess
    const thread = flow.thread(ts).map(text);
    expect(thread.join()).toContain('is at version 9 for `edu-web-prod-asg`, not 7 as previewed');
    expect(flow.ec2.commandCalls(CreateLaunchTemplateVersionCommand)[0]?.args[0].input.SourceVersion).toBe('9');
    expect(text(flow.thread(ts).at(-1))).toContain('switched web → prod to *unlimited* CPU credits');
  });

  it('refuses when the group now names another version reference, and changes nothing', async () => {
    // Prepare: asked while the group launched $Default; it is pinned to version 7 before bob approves
    const ts = await posted();
    const ask = await flow.click('credits.unlimited', 'web:prod', 'U0ALICE', ts);
    burstableFleet(flow, { versionRef: '7' });
    // Act
    const approval = approvals()[0];
    await flow.click('request.approve', buttonValue(approval, 'request.approve'), 'U0BOB', tsOf(approval));
    // Assess
    expect(writes()).toEqual([0, 0, 0]);
    const audit = flow.posts('C0AUDIT0001').map(text).join();
    expect(audit).toContain('now names version `7` of its template, not `$Default` as previewed');
    expect(flow.ec2.commandCalls(CreateLaunchTemplateVersionCommand)).toHaveLength(0);
    expect(flow.repliesTo(ask)).toContain('nothing was changed: AWS changed since the preview');
    // A new click is not held by the refused change
    const again = await flow.click('credits.unlimited', 'web:prod', 'U0ALICE', ts);
    expect(flow.repliesTo(again)).not.toContain('already asked');
  });
});
