import { isClickFeedback } from '../../lib/slack/blocks/click-feedback';
import { readFileSync } from 'node:fs';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  ContinueDeploymentCommand,
  DeploymentAlreadyCompletedException,
  GetDeploymentGroupCommand,
  DeploymentIsNotInReadyStateException,
  type ContinueDeploymentCommandInput,
} from '@aws-sdk/client-codedeploy';
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import type { ScheduledEvent, SQSEvent } from 'aws-lambda';
import { handler as alarmEventsHandler } from '../../functions/alarm-events';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { handler as slackHandler } from '../../functions/slack';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { handler as workerHandler } from '../../functions/worker';
import { JOB_MAX_RECEIVE_COUNT } from '../../lib/config/limits';
import { deploymentEvent, type DeploymentState } from '../../sandbox/aws/codedeploy-events';
import { isActive } from '../../sandbox/aws/codedeploy-model';
import { errorMeta } from '../../sandbox/aws/sdk-stub';
import { CodeDeployWorld } from '../fakes/codedeploy-world';
import type { SlackCall } from '../fakes/slack-api';
import { WafWorld } from '../fakes/waf-world';
import { snsLambdaAlarm } from '../unit/alarms/payloads';
import { AlarmFlow } from './alarm-flow';
import { FIXTURES } from './alarm-payloads';
import { installTap, invocation, type Tap } from './fault-taps';
import { lambdaContext, setClock, type Harness } from './harness';

const scheduled = JSON.parse(
  readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
) as ScheduledEvent;

/** serverless.yml: the jobs queue's VisibilityTimeout (a failed or timed-out job comes back after it). */
export const VISIBILITY_TIMEOUT_MS = 720_000;
/** Lambda's asynchronous invocation retries a failed event twice, about a minute and then two minutes later. */
const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];
const BOT_ACCOUNT = '999999999999';

/** How a delivery under test went, as the platform saw it. */
export interface Delivered {
  /** SQS receives, Lambda attempts or sweeps it took. */
  deliveries: number;
  /** Kept in the dead-letter queue: the jobs queue's redrive, or the event functions' on-failure destination. */
  deadLettered: boolean;
  /** Results of the sweeps, when the sweeper ran. */
  sweeps: Record<string, number | string>[];
}

/**
 * Everything a fault-matrix story runs against: the harness (real functions, Slack fake, dynalite), the web prod
 * account mid-incident from the alarm stories with CodeDeploy and WAF as stateful worlds, and the tap on every
 * AWS client and on Slack. The clock only moves when a delivery's retry is due.
 */
export class FaultWorld {
  readonly alarm: AlarmFlow;
  readonly codedeploy: CodeDeployWorld;
  readonly waf = new WafWorld();
  readonly tap: Tap & { remove(): void };
  private now: number;

  constructor(
    readonly harness: Harness,
    start: number,
  ) {
    this.now = start;
    setClock(start);
    this.alarm = new AlarmFlow(harness);
    this.alarm.exhaustedFleet();
    // The account's running d-ACTIVE001 belongs to the alarm stories; here CodeDeploy is a world the flows change.
    this.alarm.aws.codedeploy.restore();
    this.codedeploy = new CodeDeployWorld();
    this.alarm.aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
    // The configuration's other app, edu-api, has a staging deployment group with no instances yet.
    this.codedeploy.mock.on(GetDeploymentGroupCommand, { applicationName: 'edu-api' }).resolves({
      deploymentGroupInfo: {
        applicationName: 'edu-api',
        deploymentGroupName: 'edu-api-staging',
        autoScalingGroups: [],
      },
    });
    // As the service does (and the hand-driven world does not): a reroute moves the deployment on from Ready, so
    // a second ContinueDeployment(READY_WAIT) is refused rather than taking effect again.
    this.codedeploy.mock.on(ContinueDeploymentCommand).callsFake(async (input: ContinueDeploymentCommandInput) => {
      await Promise.resolve();
      const { info } = this.codedeploy.get(input.deploymentId ?? '');
      if (!isActive(this.codedeploy.get(input.deploymentId ?? '')))
        throw new DeploymentAlreadyCompletedException({
          ...errorMeta,
          message: `The deployment ${info.deploymentId ?? ''} has already completed.`,
        });
      if (input.deploymentWaitType === 'READY_WAIT') {
        if (info.status !== 'Ready')
          throw new DeploymentIsNotInReadyStateException({
            ...errorMeta,
            message: "The deployment does not have a status of Ready and can't continue yet",
          });
        info.status = 'InProgress';
      }
      return {};
    });
    // Credentials close to their end: every call resolves them again, so AssumeRole is an operation like any other.
    harness.sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) =>
      Promise.resolve({
        Credentials: {
          AccessKeyId: `ASIA-${input.SourceIdentity ?? ''}`,
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date(Date.now() + 240_000),
        },
        AssumedRoleUser: {
          AssumedRoleId: `AROATEST:${input.RoleSessionName}`,
          Arn: `arn:aws:sts::111111111111:assumed-role/blueshift-operator/${input.RoleSessionName}`,
        },
        SourceIdentity: input.SourceIdentity,
      }),
    );
    this.tap = installTap([harness.dynamo.client]);
  }

  /** Moves the clock the functions read. */
  wait(ms: number): void {
    this.now += ms;
    setClock(this.now);
  }

  restore(): void {
    this.tap.remove();
    this.waf.mock.restore();
    this.codedeploy.mock.restore();
    this.alarm.restore();
  }

  // ---- Slack, as people use it (the slack function queues; `sqs` runs the queue) ----

  /** A slash command acked by the slack function; its job waits on the queue. */
  async type(text: string, userId: string, userName: string, channelId: string): Promise<string> {
    const [command = '', ...rest] = text.split(' ');
    const { event, responseUrl } = this.harness.slashCommand({
      command,
      text: rest.join(' '),
      userId,
      userName,
      channelId,
    });
    const ack = await slackHandler(event, lambdaContext);
    if (ack.statusCode !== 200) throw new Error(`${text} answered ${ack.statusCode}`);
    return responseUrl;
  }

  /**
   * A button click acked by the slack function; its job waits on the queue. On the channel message `messageTs`, or
   * without one on an ephemeral preview (which Slack names by no message).
   */
  async click(action: string, value: string, userId: string, channelId: string, messageTs?: string): Promise<string> {
    const where = messageTs ? { messageTs } : { ephemeral: true };
    const { event, responseUrl } = this.harness.buttonClick({ action, value, userId, channelId, ...where });
    const ack = await slackHandler(event, lambdaContext);
    if (ack.statusCode !== 200) throw new Error(`${action} answered ${ack.statusCode}`);
    return responseUrl;
  }

  // ---- The platform: how each function is invoked, retried and dead-lettered ----

  private race<T>(run: Promise<T>): Promise<T | 'killed'> {
    return Promise.race([run, this.tap.killed.then(() => 'killed' as const)]);
  }

  /**
   * The jobs queue as SQS runs it: every queued job delivered to the worker, a job that failed (or whose
   * invocation timed out) delivered again after the visibility timeout with its receive count up, and moved to
   * the dead-letter queue after JOB_MAX_RECEIVE_COUNT receives.
   */
  async sqs(): Promise<Delivered> {
    let pending = this.harness.queued.splice(0);
    let receive = 1;
    while (pending.length && receive <= JOB_MAX_RECEIVE_COUNT) {
      this.tap.delivery = receive;
      this.harness.queued.push(...pending);
      const event: SQSEvent = this.harness.takeJobs(receive);
      const result = await this.race(
        invocation.run({ delivery: receive, killed: false }, () => workerHandler(event, lambdaContext)),
      );
      const failed = new Set(
        result === 'killed'
          ? event.Records.map((r) => r.messageId)
          : result.batchItemFailures.map((f) => f.itemIdentifier),
      );
      pending = event.Records.filter((record) => failed.has(record.messageId)).map((record) => record.body);
      if (!pending.length) return { deliveries: receive, deadLettered: false, sweeps: [] };
      this.wait(VISIBILITY_TIMEOUT_MS);
      receive += 1;
    }
    return { deliveries: JOB_MAX_RECEIVE_COUNT, deadLettered: pending.length > 0, sweeps: [] };
  }

  /** An asynchronous invocation (EventBridge, SNS): Lambda's two retries, then the on-failure destination. */
  async lambdaAsync(
    handler: (event: never, context: typeof lambdaContext) => Promise<unknown>,
    event: unknown,
  ): Promise<Delivered> {
    for (let attempt = 1; attempt <= ASYNC_RETRY_DELAYS_MS.length + 1; attempt += 1) {
      this.tap.delivery = attempt;
      const run = invocation.run({ delivery: attempt, killed: false }, () => handler(event as never, lambdaContext));
      const outcome = await this.race(
        run.then(
          () => 'ok' as const,
          () => 'failed' as const,
        ),
      );
      if (outcome === 'ok') return { deliveries: attempt, deadLettered: false, sweeps: [] };
      const delay = ASYNC_RETRY_DELAYS_MS[attempt - 1];
      if (delay !== undefined) this.wait(delay);
    }
    return { deliveries: ASYNC_RETRY_DELAYS_MS.length + 1, deadLettered: true, sweeps: [] };
  }

  /** EventBridge delivering a CodeDeploy state change for the deployment as it now is. */
  deployEvent(deploymentId: string, state: DeploymentState): Promise<Delivered> {
    const event = deploymentEvent(
      { account: '111111111111', region: 'ap-northeast-2' },
      this.codedeploy.get(deploymentId),
      state,
      new Date(),
    );
    return this.lambdaAsync(deployEventsHandler, event);
  }

  alarmEvent(event: unknown): Promise<Delivered> {
    return this.lambdaAsync(alarmEventsHandler, event);
  }

  /** The sweeper on its schedule: `count` runs, `every` apart (a minute; the credit watch looks every five). */
  async sweeps(count: number, every = 60_000): Promise<Delivered> {
    const sweeps: Record<string, number | string>[] = [];
    for (let run = 1; run <= count; run += 1) {
      this.tap.delivery = run;
      const result = await this.race(
        invocation.run({ delivery: run, killed: false }, () => sweeperHandler(scheduled, lambdaContext)),
      );
      sweeps.push(result === 'killed' ? { killed: 1 } : result);
      if (run < count) this.wait(every);
    }
    return { deliveries: count, deadLettered: false, sweeps };
  }

  /**
   * What the dead-letter queue's alarm (blueshift-<stage>-dead-letters) makes of it once the fault is over: its
   * state change reaches alarmEvents, which tells the audit channel.
   */
  async deadLettersAlarm(): Promise<void> {
    this.tap.rules.length = 0;
    const event = snsLambdaAlarm(
      FIXTURES.snsEnvelope,
      { name: 'blueshift-test-dead-letters', account: BOT_ACCOUNT, region: 'ap-northeast-2' },
      {
        NewStateValue: 'ALARM',
        StateChangeTime: new Date().toISOString().replace('Z', '+0000'),
      },
    );
    await alarmEventsHandler(event, lambdaContext);
  }

  // ---- What Slack shows ----

  posts(channel: string): SlackCall[] {
    return this.harness.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === channel && c.args.thread_ts === undefined);
  }

  thread(ts: string): SlackCall[] {
    return this.harness.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);
  }

  updatesOf(ts: string): SlackCall[] {
    return this.harness.slack.callsTo('chat.update').filter((c) => c.args.ts === ts);
  }

  /**
   * What the bot told one person: through the response_url, or ephemerally in the channel; from `mark` on. A click's
   * feedback (the slack function's "⏳ …") is no answer, and neither is its clicked message put back as it was.
   */
  repliesTo(responseUrl: string, userId: string, mark = 0): SlackCall[] {
    const path = new URL(responseUrl).pathname;
    return this.harness.slack.calls
      .slice(mark)
      .filter(
        (c) =>
          (c.method === 'response_url' && c.path === path && !isClickFeedback(c.args) && !this.putBack(c)) ||
          (c.method === 'chat.postEphemeral' && c.args.user === userId),
      );
  }

  /** A response_url call that puts a marked message back as it was, after its click was refused. */
  private putBack(call: SlackCall): boolean {
    if (call.args.replace_original !== true) return false;
    const marked = this.harness.slack
      .callsTo('response_url')
      .find((earlier) => earlier.path === call.path && isClickFeedback(earlier.args) && earlier.args.replace_original);
    return marked !== undefined;
  }

  /** Where Slack's record of calls stands now, for `repliesTo` and `audit` to count from. */
  mark(): string {
    return String(this.harness.slack.calls.length);
  }

  /** Audit channel lines from `mark` on. */
  audit(mark = '0'): string[] {
    return this.posts('C0AUDIT0001')
      .filter((c) => this.harness.slack.calls.indexOf(c) >= Number(mark))
      .map(text);
  }
}

export const text = (call: SlackCall | undefined): string => JSON.stringify(call?.args ?? {});
