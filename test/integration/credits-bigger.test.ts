import {
  DescribeInstanceRefreshesCommand,
  InstanceRefreshInProgressFault,
  type InstanceRefreshStatus,
  StartInstanceRefreshCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { CreateLaunchTemplateVersionCommand, ModifyLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { AlarmFlow, text, tsOf } from './alarm-flow';
import { burstableFleet, postedAlarm, TEMPLATE, templateVersion } from './credit-fleet';
import { buttonValue } from './deploy-flow';
import { type Harness, lambdaContext, useStory } from './harness';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

const REFRESH = '08b91cf7-8fa6-48af-b6a6-d227f40f1b9b';

const writes = () => [
  flow.ec2.commandCalls(CreateLaunchTemplateVersionCommand).length,
  flow.ec2.commandCalls(ModifyLaunchTemplateCommand).length,
  flow.aws.autoscaling.commandCalls(UpdateAutoScalingGroupCommand).length,
  flow.aws.autoscaling.commandCalls(StartInstanceRefreshCommand).length,
];
const approvals = () => flow.posts('C0PRODOPS01').filter((call) => text(call).includes('request.approve'));

/** The value of the yes button labelled `label` on a request message (or confirmation) as Slack shows it. */
function choice(serialised: string, label: string): string {
  const found = new RegExp(`"text":"${label}"[^}]*\\},"value":"(req-[0-9a-f]+\\|[a-z:-]+)"`).exec(serialised);
  if (!found?.[1]) throw new Error(`no "${label}" button in ${serialised}`);
  return found[1];
}

/** Bob approves the `which`-th request in the prod channel with its yes labelled `label`. */
async function bobApproves(label: string, which = 0): Promise<void> {
  const approval = approvals()[which];
  await flow.click('request.approve', choice(JSON.stringify(approval?.args), label), 'U0BOB', tsOf(approval));
}

/** Auto Scaling's answers about the refresh, one per look, the last repeated. */
function refreshGoes(
  ...states: { Status: InstanceRefreshStatus; PercentageComplete?: number; StatusReason?: string }[]
): void {
  flow.aws.autoscaling.on(StartInstanceRefreshCommand).resolves({ InstanceRefreshId: REFRESH });
  const describe = flow.aws.autoscaling.on(DescribeInstanceRefreshesCommand);
  const answer = (state: (typeof states)[number]) => ({
    InstanceRefreshes: [{ InstanceRefreshId: REFRESH, AutoScalingGroupName: 'edu-web-prod-asg', ...state }],
  });
  states.forEach((state, i) =>
    i === states.length - 1 ? describe.resolves(answer(state)) : describe.resolvesOnce(answer(state)),
  );
}

/** The delayed looks become due, as SQS would release them, until none is left. */
async function followRefresh(): Promise<void> {
  while (harness.delayed.length || harness.queued.length) {
    harness.releaseDelayed();
    const result = await workerHandler(harness.takeJobs(), lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
  }
}

/** A click delivered `deliveries` times while the worker fails it (SQS again after a failure). */
async function clickDelivered(action: string, value: string, user: string, messageTs: string, deliveries: number) {
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

/** The type buttons "Move to a bigger type" answered with, in the alarm's thread. */
async function offered(ts: string, user = 'U0CAROL'): Promise<string> {
  await flow.click('credits.bigger', buttonValue(flow.shown(flow.posts('C0PRODOPS01')[0]), 'credits.bigger'), user, ts);
  return text(flow.thread(ts).at(-1));
}

describe('Move to a bigger type', () => {
  it('offers the larger sizes of the family, and on prod changes nothing until an approver picks when', async () => {
    // Prepare
    const ts = await postedAlarm(flow);
    // Act
    const offer = await offered(ts);
    // Assess: t3.micro → t3.small … t3.2xlarge, each with its baseline; nothing smaller or of another family
    expect(offer).toContain('launch template `edu-web` version 7, `t3.micro` (10 % baseline × 2 vCPUs)');
    expect(offer).toContain('"value":"web:prod:t3.small"');
    expect(offer).toContain('t3.small: 20 % baseline × 2 vCPUs');
    expect(offer).toContain('t3.2xlarge: 40 % baseline × 8 vCPUs');
    expect(offer).not.toMatch(/web:prod:t3\.(nano|micro)"|web:prod:t3a\./);

    // Act: carol picks t3.small, twice
    await flow.click('credits.bigger-to', 'web:prod:t3.small', 'U0CAROL', ts);
    const second = await flow.click('credits.bigger-to', 'web:prod:t3.small', 'U0CAROL', ts);
    // Assess: one approval request, showing the group, template, versions, types and both timings; no change
    expect(writes()).toEqual([0, 0, 0, 0]);
    expect(approvals()).toHaveLength(1);
    const request = text(approvals()[0]);
    expect(request).toContain(
      '`edu-web-prod-asg`: launch template `edu-web` version 7 (`$Default`) runs `t3.micro` (10 % baseline × 2 vCPUs) → a new version from 7 with `t3.small` (20 % baseline × 2 vCPUs)',
    );
    expect(request).toContain('At the next deployment');
    expect(request).toContain('Now, through an instance refresh');
    expect(flow.repliesTo(second)).toContain('already asked to move to t3.small; it waits for an approver');
  });

  it('after approval now: one version, the refresh started once though a step failed, followed to success', async () => {
    // Prepare: asked; the first StartInstanceRefresh is throttled, so the approval's job fails and comes again
    const ts = await postedAlarm(flow);
    await offered(ts);
    await flow.click('credits.bigger-to', 'web:prod:t3.small', 'U0ALICE', ts);
    refreshGoes(
      {
        Status: 'InProgress',
        PercentageComplete: 50,
        StatusReason: 'Waiting for instances to warm up before continuing.',
      },
      { Status: 'Successful', PercentageComplete: 100 },
    );
    flow.aws.autoscaling
      .on(StartInstanceRefreshCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
      )
      .resolves({ InstanceRefreshId: REFRESH });
    const approval = approvals()[0];
    // Act: bob approves "now"; a double click on it too
    const failures = await clickDelivered(
      'request.approve',
      choice(JSON.stringify(approval?.args), 'Now, through an instance refresh'),
      'U0BOB',
      tsOf(approval),
      2,
    );
    await flow.click(
      'request.approve',
      choice(JSON.stringify(approval?.args), 'Now, through an instance refresh'),
      'U0BOB',
      tsOf(approval),
    );
    // Assess: the version and the default once, the refresh after the retry, the thread told where it stopped once
    expect(failures).toEqual([1, 0]);
    expect(writes()).toEqual([1, 1, 0, 2]);
    expect(flow.ec2.commandCalls(CreateLaunchTemplateVersionCommand)[0]?.args[0].input).toMatchObject({
      LaunchTemplateId: TEMPLATE,
      SourceVersion: '7',
      LaunchTemplateData: { InstanceType: 't3.small' },
      ClientToken: expect.stringMatching(/^blueshift-[0-9a-f]{40}$/) as unknown,
    });
    expect(flow.ec2.commandCalls(ModifyLaunchTemplateCommand)[0]?.args[0].input).toEqual({
      LaunchTemplateId: TEMPLATE,
      DefaultVersion: '8',
    });
    expect(flow.aws.autoscaling.commandCalls(StartInstanceRefreshCommand).at(-1)?.args[0].input).toEqual({
      AutoScalingGroupName: 'edu-web-prod-asg',
      Strategy: 'Rolling',
    });
    const thread = flow.thread(ts).map(text);
    expect(
      thread.filter((line) => line.includes('stopped while starting an instance refresh of edu-web-prod-asg')),
    ).toHaveLength(1);
    const results = flow.thread(ts).filter((call) => text(call).includes('moved web → prod to *t3.small*'));
    expect(results).toHaveLength(1);
    expect(text(results[0])).toContain('approved by <@U0BOB>: now, through an instance refresh');

    // Act: the looks come due
    await followRefresh();
    // Assess: the reply edited with the percentage, then the success; audited once; the claim released
    const edits = flow.updatesOf(tsOf(results[0])).map(text);
    expect(edits[0]).toContain(`instance refresh \`${REFRESH}\` *InProgress* 50 %: Waiting for instances to warm up`);
    expect(edits.at(-1)).toContain('*Successful* 100 %');
    const audit = flow.posts('C0AUDIT0001').map(text);
    expect(audit.filter((line) => line.includes('autoscaling:DescribeInstanceRefreshes'))).toHaveLength(1);
    expect(audit.join()).toContain(`autoscaling:StartInstanceRefresh edu-web-prod-asg → ${REFRESH}`);
    expect(audit.join()).toContain('(approved by U0BOB)');
    const next = await flow.click('credits.unlimited', 'web:prod', 'U0ALICE', ts);
    expect(flow.repliesTo(next)).not.toContain('already asked');
  });

  it("reports a refresh that failed, with Auto Scaling's reason", async () => {
    // Prepare
    const ts = await postedAlarm(flow);
    await flow.click('credits.bigger-to', 'web:prod:t3.medium', 'U0ALICE', ts);
    refreshGoes({
      Status: 'Failed',
      PercentageComplete: 50,
      StatusReason: 'Instance i-0bbb5555cccc6666d failed to launch: the requested instance type is not supported.',
    });
    // Act
    await bobApproves('Now, through an instance refresh');
    await followRefresh();
    // Assess
    const result = flow.thread(ts).find((call) => text(call).includes('moved web → prod'));
    const last = text(flow.updatesOf(tsOf(result)).at(-1));
    expect(last).toContain('❌');
    expect(last).toContain('*Failed* 50 %: Instance i-0bbb5555cccc6666d failed to launch');
    expect(last).toContain('The refresh did not finish');
    const audit = flow.posts('C0AUDIT0001').map(text).join();
    expect(audit).toContain('Failed (Instance i-0bbb5555cccc6666d failed to launch');
  });

  it('says in the thread that it stopped following a refresh Auto Scaling refuses to show, and where to follow it', async () => {
    // Prepare: the refresh starts, then DescribeInstanceRefreshes is refused (a retry cannot fix a denied permission)
    const ts = await postedAlarm(flow);
    await flow.click('credits.bigger-to', 'web:prod:t3.small', 'U0ALICE', ts);
    refreshGoes({ Status: 'InProgress' });
    flow.aws.autoscaling.on(DescribeInstanceRefreshesCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: autoscaling:DescribeInstanceRefreshes'), {
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    await bobApproves('Now, through an instance refresh');
    // Act: the first look is refused
    harness.releaseDelayed();
    const result = await workerHandler(harness.takeJobs(), lambdaContext);
    // Assess: reported once and not retried, in the move's own reply and the audit channel
    expect(result.batchItemFailures).toEqual([]);
    expect(harness.delayed).toHaveLength(0);
    const reply = flow.thread(ts).find((call) => text(call).includes('moved web → prod'));
    const shown = text(flow.updatesOf(tsOf(reply)).at(-1));
    expect(shown).toContain('blueshift stopped following the refresh');
    expect(shown).toContain('follow it in the Auto Scaling console');
    expect(shown).toContain(`\`${REFRESH}\` *not followed*`);
    expect(flow.posts('C0AUDIT0001').map(text).join()).toContain('Move to t3.small (web prod): instance refresh');
  });

  it('at the next deployment on an unprotected environment: the operator picks, a pinned group is pointed at the new version, nothing is refreshed', async () => {
    // Prepare: staging's deployment group serves from edu-web-staging-asg, which names version 7 by number
    burstableFleet(flow, { versionRef: '7' });
    flow.aws.codedeploy.on(GetDeploymentGroupCommand, { deploymentGroupName: 'edu-web-staging' }).resolves({
      deploymentGroupInfo: {
        deploymentGroupName: 'edu-web-staging',
        autoScalingGroups: [{ name: 'edu-web-staging-asg' }],
      },
    });
    // Act: the type, then the operator's own choice on the ephemeral preview
    const click = await flow.click(
      'credits.bigger-to',
      'web:staging:t3.small',
      'U0CAROL',
      '1700000000.000100',
      'C0STAGING01',
    );
    const preview = flow.repliesTo(click);
    expect(writes()).toEqual([0, 0, 0, 0]);
    const { event } = harness.buttonClick({
      action: 'request.confirm',
      value: choice(preview, 'At the next deployment'),
      userId: 'U0CAROL',
      channelId: 'C0STAGING01',
      ephemeral: true,
    });
    expect((await slackHandler(event, lambdaContext)).statusCode).toBe(200);
    await followRefresh();
    // Assess
    expect(writes()).toEqual([1, 0, 1, 0]);
    expect(flow.aws.autoscaling.commandCalls(UpdateAutoScalingGroupCommand)[0]?.args[0].input).toEqual({
      AutoScalingGroupName: 'edu-web-staging-asg',
      LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '8' },
    });
    const result = harness.slack
      .callsTo('chat.postMessage')
      .map(text)
      .find((line) => line.includes('moved web → staging'));
    expect(result).toContain('at the next deployment');
    expect(result).toContain('The running instances keep their type');
  });

  it('says a group already on the type, and changes nothing', async () => {
    // Prepare
    const ts = await postedAlarm(flow, { instanceType: 't3.small' });
    // Act: a t3.small button from an older offer
    const click = await flow.click('credits.bigger-to', 'web:prod:t3.small', 'U0ALICE', ts);
    // Assess
    expect(flow.repliesTo(click)).toContain('already launches t3.small; nothing was changed');
    expect(approvals()).toHaveLength(0);
    expect(writes()).toEqual([0, 0, 0, 0]);
  });

  it('refuses a forged type: another family, a smaller size, a type not in the table', async () => {
    // Prepare
    const ts = await postedAlarm(flow);
    // Act
    const family = await flow.click('credits.bigger-to', 'web:prod:t4g.small', 'U0ALICE', ts);
    const smaller = await flow.click('credits.bigger-to', 'web:prod:t3.nano', 'U0ALICE', ts);
    const unknown = await flow.click('credits.bigger-to', 'web:prod:m5.large', 'U0ALICE', ts);
    // Assess
    expect(flow.repliesTo(family)).toContain('t4g.small is not a larger size of that family');
    expect(flow.repliesTo(smaller)).toContain('t3.nano is not a larger size of that family');
    expect(flow.repliesTo(unknown)).toContain('names no app, environment and burstable type blueshift offers');
    expect(approvals()).toHaveLength(0);
    expect(writes()).toEqual([0, 0, 0, 0]);
  });

  it('refuses a group on a launch configuration, saying what to do', async () => {
    // Prepare
    const ts = await postedAlarm(flow, { launchConfiguration: true });
    // Act
    const click = await flow.click('credits.bigger', 'web:prod', 'U0ALICE', ts);
    // Assess
    const said = flow.repliesTo(click);
    expect(said).toContain('it launches from a launch configuration');
    expect(said).toContain('move the group to a launch template');
    expect(writes()).toEqual([0, 0, 0, 0]);
  });

  it('after approval, refuses when the template now launches another type, and goes on past a newer version', async () => {
    // Prepare: asked on version 7 (t3.micro); version 9 now launches t3.medium
    const ts = await postedAlarm(flow);
    await flow.click('credits.bigger-to', 'web:prod:t3.small', 'U0ALICE', ts);
    templateVersion(flow, 9, 't3.medium');
    // Act
    await bobApproves('At the next deployment');
    // Assess
    expect(writes()).toEqual([0, 0, 0, 0]);
    expect(flow.posts('C0AUDIT0001').map(text).join()).toContain(
      "`edu-web-prod-asg`'s template now launches t3.medium, not t3.micro as previewed",
    );

    // Prepare: asked again on version 9… then version 10, still t3.medium, appears before the approval
    await flow.click('credits.bigger-to', 'web:prod:t3.large', 'U0ALICE', ts);
    templateVersion(flow, 10, 't3.medium');
    // Act
    await bobApproves('At the next deployment', 1);
    // Assess
    expect(flow.thread(ts).map(text).join()).toContain('is at version 10 for `edu-web-prod-asg`, not 9 as previewed');
    expect(flow.ec2.commandCalls(CreateLaunchTemplateVersionCommand)[0]?.args[0].input).toMatchObject({
      SourceVersion: '10',
      LaunchTemplateData: { InstanceType: 't3.large' },
    });
  });

  it('refuses a yes that names no choice the request offers', async () => {
    // Prepare
    const ts = await postedAlarm(flow);
    await flow.click('credits.bigger-to', 'web:prod:t3.small', 'U0ALICE', ts);
    const approval = approvals()[0];
    const id = choice(JSON.stringify(approval?.args), 'At the next deployment').split('|')[0] ?? '';
    // Act: a forged value with a timing never offered, and the plain id with no timing
    const forged = await flow.click('request.approve', `${id}|when:yesterday`, 'U0BOB', tsOf(approval));
    const bare = await flow.click('request.approve', id, 'U0BOB', tsOf(approval));
    // Assess
    expect(flow.repliesTo(forged)).toContain('not one of the choices this request offers');
    expect(flow.repliesTo(bare)).toContain('not one of the choices this request offers');
    expect(writes()).toEqual([0, 0, 0, 0]);
  });

  it('a refresh already running when the start is retried is followed, not started twice', async () => {
    // Prepare: AWS took the first start, but the worker did not hear it
    const ts = await postedAlarm(flow);
    await flow.click('credits.bigger-to', 'web:prod:t3.small', 'U0ALICE', ts);
    refreshGoes({ Status: 'Successful', PercentageComplete: 100 });
    flow.aws.autoscaling
      .on(StartInstanceRefreshCommand)
      .rejects(
        new InstanceRefreshInProgressFault({ message: 'An Instance Refresh is already in progress', $metadata: {} }),
      );
    flow.aws.autoscaling
      .on(DescribeInstanceRefreshesCommand, { AutoScalingGroupName: 'edu-web-prod-asg', MaxRecords: 10 })
      .resolves({
        InstanceRefreshes: [
          { InstanceRefreshId: REFRESH, AutoScalingGroupName: 'edu-web-prod-asg', Status: 'InProgress' },
        ],
      });
    // Act
    await bobApproves('Now, through an instance refresh');
    await followRefresh();
    // Assess
    const result = flow.thread(ts).find((call) => text(call).includes('moved web → prod'));
    expect(text(flow.updatesOf(tsOf(result)).at(-1))).toContain('one was already running; blueshift follows it');
    expect(flow.aws.autoscaling.commandCalls(StartInstanceRefreshCommand)).toHaveLength(1);
    expect(flow.posts('C0AUDIT0001').map(text).join()).toContain(`edu-web-prod-asg → ${REFRESH} (one was running)`);
  });
});
