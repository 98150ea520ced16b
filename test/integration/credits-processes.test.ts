import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { PROCESS_COMMAND, SSM_OUTPUT_CAP } from '../../commands/processes/report';
import { JOB_MAX_RECEIVE_COUNT } from '../../lib/config/limits';
import { AlarmFlow, text, tsOf } from './alarm-flow';
import { deliveredCpuAlarm } from './credit-fleet';
import { type Harness, lambdaContext, useStory } from './harness';
import { handler as workerHandler } from '../../functions/worker';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

const PS_OUTPUT = readFileSync('test/fixtures/ssm/ps-t3-micro-agents.txt', 'utf8');
const COMMAND_ID = '3c9b1a2e-5f0d-4c1e-9d7b-2f0e8a1b6c4d';

/** The exhausted t3.micro fleet's alarm, posted, with its "What is using the CPU" button. */
async function posted(): Promise<string> {
  flow.exhaustedFleet();
  return deliveredCpuAlarm(flow);
}

/** Run Command as it answers: the command accepted, then each invocation's state (Success with the ps output). */
function runCommand(invocation: (instanceId: string) => Record<string, unknown>): void {
  flow.aws.ssm.on(SendCommandCommand).resolves({ Command: { CommandId: COMMAND_ID, Status: 'Pending' } });
  flow.aws.ssm.on(GetCommandInvocationCommand).callsFake((input: { InstanceId: string }) => ({
    CommandId: COMMAND_ID,
    InstanceId: input.InstanceId,
    DocumentName: 'AWS-RunShellScript',
    ResponseCode: 0,
    ...invocation(input.InstanceId),
  }));
}

/** The delayed look jobs become due, as SQS would release them, until none is left. */
async function lookUntilAnswered(): Promise<number> {
  let looks = 0;
  while (harness.delayed.length || harness.queued.length) {
    harness.releaseDelayed();
    looks += harness.queued.length;
    const result = await workerHandler(harness.takeJobs(), lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
  }
  return looks;
}

describe('What is using the CPU', () => {
  it('is offered on the CPU-credit alarm message once diagnosed, carrying only the app and environment', async () => {
    // Act
    const ts = await posted();
    // Assess
    // The alarm is posted first; the diagnosis, and with it the buttons, follow as an edit.
    const message = text(flow.updatesOf(ts).at(-1));
    expect(ts).not.toBe('');
    expect(message).toContain('"action_id":"processes.ask"');
    expect(message).toContain('"value":"web:prod"');
  });

  it('sends the one fixed command to the online instances, names the offline one at once, and answers in the thread', async () => {
    // Prepare: i-0aaa…'s agent lost its connection; i-0ddd… answers after one pending look
    const ts = await posted();
    let asked = 0;
    runCommand(() => {
      asked += 1;
      return asked === 1
        ? { Status: 'InProgress', StatusDetails: 'In Progress', StandardOutputContent: '' }
        : { Status: 'Success', StatusDetails: 'Success', StandardOutputContent: PS_OUTPUT };
    });
    // Act
    await flow.click('processes.ask', 'web:prod', 'U0CAROL', ts);
    // Assess: one command, the fixed one, to the online instance only; the thread says who was not asked
    const sends = flow.aws.ssm.commandCalls(SendCommandCommand);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.args[0].input).toEqual({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: ['i-0ddd3333eeee4444f'],
      Parameters: { commands: [PROCESS_COMMAND], executionTimeout: ['30'] },
      TimeoutSeconds: 60,
      Comment: 'blueshift: what is using the CPU, asked by U0CAROL',
    });
    expect(await AlarmFlow.signerOf(sends[0])).toBe('ASIA-U0CAROL');
    const [asking] = flow.thread(ts);
    expect(text(asking)).toContain('Waiting for `i-0ddd3333eeee4444f` (t3.micro)');
    expect(text(asking)).toContain('`i-0aaa1111bbbb2222c` (t3.micro): SSM agent ConnectionLost');
    expect(flow.aws.ssm.commandCalls(GetCommandInvocationCommand)).toHaveLength(0);

    // Act: the delayed looks
    const looks = await lookUntilAnswered();
    // Assess: the reply is edited in place with the table, the agents named, and the one line of sense
    expect(looks).toBe(2);
    expect(flow.thread(ts)).toHaveLength(1);
    const answer = text(flow.updatesOf(tsOf(asking)).at(-1));
    expect(answer).toContain('agents use 6.8 % of the CPU on a 10 % baseline, 68 % of what the instance earns');
    expect(answer).toContain('amazon-ssm-agent ← SSM agent');
    expect(answer).toContain('codedeploy-agent ← CodeDeploy agent');
    expect(answer).toContain('amazon-cloudwatch-agent ← CloudWatch agent');
    expect(answer).toContain('node');
    expect(answer).toContain('SSM agent ConnectionLost');
    const audit = await harness.dynamo.table.query(`AUDIT#${new Date().toISOString().slice(0, 10)}`);
    expect(JSON.stringify(audit)).toContain(
      `ssm:SendCommand AWS-RunShellScript (the fixed ps listing) to i-0ddd3333eeee4444f: command ${COMMAND_ID}`,
    );
  });

  it('asks at most the configured number of running instances, and says how many it left out', async () => {
    // Prepare: seven running t3.micro instances, every agent online
    const ts = await posted();
    const ids = Array.from({ length: 7 }, (_, i) => `i-0${String(i).repeat(16)}`);
    flow.aws.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'edu-web-prod-asg',
          MinSize: 2,
          MaxSize: 8,
          DesiredCapacity: 7,
          DefaultCooldown: 300,
          AvailabilityZones: ['ap-northeast-2a'],
          HealthCheckType: 'ELB',
          CreatedTime: new Date(),
          Instances: ids.map((id) => ({
            InstanceId: id,
            InstanceType: 't3.micro',
            AvailabilityZone: 'ap-northeast-2a',
            LifecycleState: 'InService',
            HealthStatus: 'Healthy',
            ProtectedFromScaleIn: false,
          })),
        },
      ],
    });
    flow.aws.ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: ids.map((id) => ({ InstanceId: id, PingStatus: 'Online' })),
    });
    runCommand(() => ({ Status: 'Success', StatusDetails: 'Success', StandardOutputContent: PS_OUTPUT }));
    // Act
    await flow.click('processes.ask', 'web:prod', 'U0ALICE', ts);
    await lookUntilAnswered();
    // Assess
    const sends = flow.aws.ssm.commandCalls(SendCommandCommand);
    expect(sends.map((call) => call.args[0].input.InstanceIds)).toEqual([ids.slice(0, 5)]);
    const answer = text(flow.updatesOf(tsOf(flow.thread(ts)[0])).at(-1));
    expect(answer).toContain('2 more running instances not asked (processes.maxInstances)');
  });

  it('cuts output over SSM’s cap with a note, and names an instance Run Command could not reach', async () => {
    // Prepare: both agents online; one instance answers with a listing cut at 24,000 characters, the other fails
    const ts = await posted();
    flow.aws.ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        { InstanceId: 'i-0aaa1111bbbb2222c', PingStatus: 'Online' },
        { InstanceId: 'i-0ddd3333eeee4444f', PingStatus: 'Online' },
      ],
    });
    const huge = `    PID %CPU %MEM COMMAND\n${`   4120  1.2 18.5 java ${'-Dx=y '.repeat(300)}\n`.repeat(30)}`;
    runCommand((instanceId) =>
      instanceId === 'i-0aaa1111bbbb2222c'
        ? { Status: 'Success', StatusDetails: 'Success', StandardOutputContent: huge.slice(0, SSM_OUTPUT_CAP) }
        : { Status: 'Failed', StatusDetails: 'Undeliverable', ResponseCode: -1, StandardOutputContent: '' },
    );
    // Act
    await flow.click('processes.ask', 'web:prod', 'U0ALICE', ts);
    await lookUntilAnswered();
    // Assess
    const answer = text(flow.updatesOf(tsOf(flow.thread(ts)[0])).at(-1));
    expect(answer).toContain("the output reached SSM's 24,000-character cap and was cut");
    expect(answer).toContain('`i-0ddd3333eeee4444f` (t3.micro): Run Command says *Undeliverable*');
  });

  it('says in the thread what failed and what to do when Run Command cannot be read after every retry', async () => {
    // Prepare: the command is sent, then GetCommandInvocation is throttled on every delivery of the look
    const ts = await posted();
    flow.aws.ssm.on(SendCommandCommand).resolves({ Command: { CommandId: COMMAND_ID, Status: 'Pending' } });
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    flow.aws.ssm.on(GetCommandInvocationCommand).rejects(throttled);
    await flow.click('processes.ask', 'web:prod', 'U0CAROL', ts);
    const [asking] = flow.thread(ts);
    harness.releaseDelayed();
    const look = harness.takeJobs().Records[0]?.body ?? '';
    // Act: the look's first delivery is retried in silence; its last is reported, then dead-lettered
    harness.queued.push(look);
    const first = await workerHandler(harness.takeJobs(1), lambdaContext);
    harness.queued.push(look);
    const last = await workerHandler(harness.takeJobs(JOB_MAX_RECEIVE_COUNT), lambdaContext);
    // Assess
    expect(first.batchItemFailures).toHaveLength(1);
    expect(last.batchItemFailures).toHaveLength(1);
    const edits = flow.updatesOf(tsOf(asking)).map(text);
    expect(edits).toHaveLength(1);
    expect(edits[0]).not.toContain('Waiting for');
    expect(edits[0]).toContain(`could not read the instances' answers (command \`${COMMAND_ID}\`)`);
    expect(edits[0]).toContain('Ask again with *What is using the CPU*');
    expect(edits[0]).toContain(`Tried ${JOB_MAX_RECEIVE_COUNT} times`);
    const audit = flow.posts('C0AUDIT0001').map(text).join();
    expect(audit).toContain('What is using the CPU (web prod)');
    expect(audit).toContain('U0CAROL');
  });

  it('refuses someone who is neither operator nor approver, and asks nothing', async () => {
    // Prepare
    const ts = await posted();
    runCommand(() => ({ Status: 'Success', StandardOutputContent: PS_OUTPUT }));
    // Act
    const responseUrl = await flow.click('processes.ask', 'web:prod', 'U0MALLORY', ts);
    // Assess
    expect(flow.repliesTo(responseUrl)).toContain('may use it on');
    expect(flow.aws.ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
  });
});
