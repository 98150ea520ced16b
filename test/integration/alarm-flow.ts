import { DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import {
  CloudWatchClient,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  GetMetricDataCommand,
  GetMetricWidgetImageCommand,
} from '@aws-sdk/client-cloudwatch';
import { DescribeInstanceCreditSpecificationsCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import type { ScheduledEvent } from 'aws-lambda';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { handler as alarmEventsHandler } from '../../functions/alarm-events';
import { handler as slackHandler } from '../../functions/slack';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { handler as workerHandler } from '../../functions/worker';
import type { SlackCall } from '../fakes/slack-api';
import { mockWebProdAccount, type TargetAccountMocks } from '../fakes/web-prod-account';
import { lambdaContext, type Harness } from './harness';

/** The first bytes of a PNG: what GetMetricWidgetImage returns, decoded by the SDK. */
export const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

const scheduled = JSON.parse(
  readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
) as ScheduledEvent;
const awsError = (name: string, message: string): Error =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
const minutesAgo = (minutes: number): Date => new Date(Date.now() - minutes * 60_000);

/** `count` five-minute points, newest first, ending now: how GetMetricData returns a series. */
function series(count: number, value: number): { Timestamps: Date[]; Values: number[] } {
  const Timestamps = Array.from({ length: count }, (_, i) => minutesAgo(2 + i * 5));
  return { Timestamps, Values: Timestamps.map(() => value) };
}

/**
 * An alarm story through the real functions: alarmEvents receives the state changes, the slack and worker
 * functions take the clicks, the sweeper runs on the minute. AWS is the `web` prod account mid-incident
 * (test/fakes/web-prod-account.ts) plus EC2; STS hands out keys that name the source identity, so a test can
 * tell whose role session signed a call.
 */
export class AlarmFlow {
  readonly aws: TargetAccountMocks = mockWebProdAccount();
  readonly ec2: AwsClientStub<EC2Client> = mockClient(EC2Client);

  constructor(readonly harness: Harness) {
    harness.sts.on(AssumeRoleCommand).callsFake(async (input: AssumeRoleCommandInput) =>
      Promise.resolve({
        Credentials: {
          AccessKeyId: `ASIA-${input.SourceIdentity ?? ''}`,
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date(Date.now() + 3_600_000),
        },
        AssumedRoleUser: {
          AssumedRoleId: `AROATEST:${input.RoleSessionName}`,
          Arn: `arn:aws:sts::111111111111:assumed-role/blueshift-operator/${input.RoleSessionName}`,
        },
        SourceIdentity: input.SourceIdentity,
      }),
    );
    // The client mocks answer without signing, so a session is assumed only when something asks for its keys.
    this.aws.cloudwatch.on(GetMetricWidgetImageCommand).resolves({ MetricWidgetImage: PNG });
    this.aws.cloudwatch.on(DisableAlarmActionsCommand).resolves({});
    this.aws.cloudwatch.on(EnableAlarmActionsCommand).resolves({});
    this.aws.autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
    // An instance the alarm names but EC2 no longer has: no diagnosis, and no failure either.
    this.ec2
      .on(DescribeInstancesCommand)
      .rejects(awsError('InvalidInstanceID.NotFound', "The instance ID 'i-12345678901234567' does not exist"));
    this.ec2.on(DescribeInstanceCreditSpecificationsCommand).resolves({ InstanceCreditSpecifications: [] });
  }

  /**
   * The incident: both t3.micro instances of edu-web-prod-asg in standard mode; i-0aaa… has sat at its 10%
   * baseline with no credits for 90 minutes, and the group replaced an instance 30 minutes ago.
   */
  exhaustedFleet(): void {
    this.ec2.on(DescribeInstanceCreditSpecificationsCommand).resolves({
      InstanceCreditSpecifications: [
        { InstanceId: 'i-0aaa1111bbbb2222c', CpuCredits: 'standard' },
        { InstanceId: 'i-0ddd3333eeee4444f', CpuCredits: 'standard' },
      ],
    });
    // /status asks GetMetricData too (ids c0, c1…); the diagnosis's ids are cpu0, bal0, … per instance.
    this.aws.cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries?: { Id?: string }[] }) => {
      const ids = (input.MetricDataQueries ?? []).map((query) => query.Id ?? '');
      if (!ids.includes('cpu0'))
        return {
          MetricDataResults: [{ Id: 'c0', Timestamps: [minutesAgo(5)], Values: [0.4], StatusCode: 'Complete' }],
        };
      return {
        MetricDataResults: [
          { Id: 'cpu0', ...series(18, 10.02), StatusCode: 'Complete' },
          { Id: 'bal0', ...series(18, 0), StatusCode: 'Complete' },
          { Id: 'cpu1', ...series(18, 4.1), StatusCode: 'Complete' },
          { Id: 'bal1', ...series(18, 212), StatusCode: 'Complete' },
        ],
      };
    });
    this.aws.autoscaling.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [
        {
          ActivityId: 'a-1',
          AutoScalingGroupName: 'edu-web-prod-asg',
          StatusCode: 'Successful',
          Progress: 100,
          StartTime: minutesAgo(30),
          Description: 'Terminating EC2 instance: i-0bbb5555cccc6666d',
          Cause: `At ${minutesAgo(31).toISOString()} an instance was taken out of service in response to an ELB system health check failure.`,
        },
      ],
    });
  }

  /** EventBridge or SNS delivering an event to alarmEvents, as Lambda would. */
  deliver(event: unknown): Promise<string[]> {
    return alarmEventsHandler(event, lambdaContext);
  }

  /** A click on a button of a posted message: the slack function queues it, the worker runs it. */
  async click(
    action: string,
    value: string,
    userId: string,
    messageTs: string,
    channelId = 'C0PRODOPS01',
    threadTs?: string,
  ): Promise<string> {
    const { event, responseUrl } = this.harness.buttonClick({
      action,
      value,
      userId,
      channelId,
      messageTs,
      ...(threadTs ? { threadTs } : {}),
    });
    const ack = await slackHandler(event, lambdaContext);
    if (ack.statusCode !== 200) throw new Error(`click answered ${ack.statusCode}`);
    while (this.harness.queued.length) {
      const result = await workerHandler(this.harness.takeJobs(), lambdaContext);
      if (result.batchItemFailures.length) throw new Error(`worker failed ${JSON.stringify(result.batchItemFailures)}`);
    }
    return responseUrl;
  }

  sweep(): Promise<Record<string, number | string>> {
    return sweeperHandler(scheduled, lambdaContext);
  }

  /** Top-level messages in a channel (thread replies left out). */
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
   * The edits of a message after its details' edit: an alarm is posted with what its event says, then edited once
   * with its diagnosis and graph (handlers/alarms/details.ts); what follows is what happened to the alarm.
   */
  changesOf(ts: string): SlackCall[] {
    return this.updatesOf(ts).slice(1);
  }

  /** A posted message as Slack shows it now: its last edit, or the post itself. */
  shown(post: SlackCall | undefined): SlackCall | undefined {
    return this.updatesOf(tsOf(post)).at(-1) ?? post;
  }

  repliesTo(responseUrl: string): string {
    const path = new URL(responseUrl).pathname;
    return JSON.stringify(
      this.harness.slack
        .callsTo('response_url')
        .filter((c) => c.path === path)
        .map((c) => c.args),
    );
  }

  /** The access key an SDK call was signed with: `ASIA-<source identity>` of its role session. */
  static async signerOf(call: { thisValue: unknown } | undefined): Promise<string> {
    const client = call?.thisValue as CloudWatchClient | EC2Client | undefined;
    const credentials = await client?.config.credentials();
    return credentials?.accessKeyId ?? 'unsigned';
  }

  restore(): void {
    this.aws.restore();
    this.ec2.restore();
  }
}

export const text = (call: SlackCall | undefined): string => JSON.stringify(call?.args ?? {});
export const tsOf = (call: SlackCall | undefined): string => {
  const ts = call?.result?.ts;
  return typeof ts === 'string' ? ts : '';
};
