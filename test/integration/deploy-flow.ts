import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  type DescribeAutoScalingGroupsCommandInput,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { deploymentEvent, type DeploymentState } from '../../sandbox/aws/codedeploy-events';
import { CodeDeployWorld } from '../fakes/codedeploy-world';
import type { SlackCall } from '../fakes/slack-api';
import { lambdaContext, type Harness } from './harness';

/** A deployment story driven through the real functions: type, click, and let CodeDeploy move on. */
export class DeployFlow {
  readonly codedeploy = new CodeDeployWorld();
  readonly cloudwatch: AwsClientStub<CloudWatchClient> = mockClient(CloudWatchClient);

  constructor(readonly harness: Harness) {
    this.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
  }

  /** A slash command, acked by the slack function, then every queued job run by the worker. */
  async type(
    text: string,
    userId: string,
    userName: string,
    channelId = 'C0PRODOPS01',
  ): Promise<{ ack: string; responseUrl: string }> {
    const [command = '', ...rest] = text.split(' ');
    const { event, responseUrl } = this.harness.slashCommand({
      command,
      text: rest.join(' '),
      userId,
      userName,
      channelId,
    });
    const ack = await slackHandler(event, lambdaContext);
    await this.drain();
    return { ack: ack.body, responseUrl };
  }

  /**
   * A button click, queued by the slack function and run by the worker. Made where Slack shows the button: on the
   * newest channel message that held it (as the clicker saw it, even if edited since), else on the ephemeral
   * preview that did. A button no message had (a test forging the action) is clicked on the message showing its
   * value.
   */
  async click(action: string, value: string, userId: string, channelId = 'C0PRODOPS01'): Promise<string> {
    const shown = this.whereShown(action, value);
    const where =
      shown === 'ephemeral'
        ? { ephemeral: true }
        : shown
          ? { channelId: shown.channel, messageTs: shown.ts, message: { text: shown.text, blocks: shown.blocks } }
          : {};
    const { event, responseUrl } = this.harness.buttonClick({ action, value, userId, channelId, ...where });
    const ack = await slackHandler(event, lambdaContext);
    if (ack.statusCode !== 200) throw new Error(`click answered ${ack.statusCode}`);
    await this.drain();
    return responseUrl;
  }

  private whereShown(
    action: string,
    value: string,
  ): { channel: string; ts: string; text: string; blocks: unknown[] } | 'ephemeral' | undefined {
    const versions = this.harness.slack.calls.flatMap((call) => {
      const ts =
        call.method === 'chat.update' ? call.args.ts : call.method === 'chat.postMessage' ? call.result?.ts : undefined;
      return typeof ts === 'string'
        ? [
            {
              channel: String(call.args.channel),
              ts,
              text: typeof call.args.text === 'string' ? call.args.text : '',
              blocks: (call.args.blocks ?? []) as unknown[],
            },
          ]
        : [];
    });
    const previews = this.harness.slack.callsTo('response_url').map((call) => call.args.blocks);
    for (const holds of [
      (b: ButtonElement) => b.action_id === action && b.value === value,
      (b: ButtonElement) => b.value === value,
    ]) {
      const seen = versions.filter((message) => buttonsIn(message.blocks).some(holds)).pop();
      if (seen)
        return {
          ...seen,
          blocks: [
            ...seen.blocks,
            {
              type: 'actions',
              elements: [{ type: 'button', action_id: action, value, text: { type: 'plain_text', text: action } }],
            },
          ],
        };
      if (previews.some((blocks) => buttonsIn(blocks).some(holds))) return 'ephemeral';
    }
    return undefined;
  }

  async drain(): Promise<void> {
    while (this.harness.queued.length) {
      const result = await workerHandler(this.harness.takeJobs(), lambdaContext);
      if (result.batchItemFailures.length) throw new Error(`worker failed ${JSON.stringify(result.batchItemFailures)}`);
    }
  }

  /** CodeDeploy moves the deployment on and EventBridge delivers the state change to deployEvents. */
  async advance(deploymentId: string, step: Parameters<CodeDeployWorld['advance']>[1]): Promise<string> {
    return deployEventsHandler(this.codedeploy.advance(deploymentId, step), lambdaContext);
  }

  /** CodeDeploy stops the deployment because alarms of its group fired, and EventBridge delivers the STOP. */
  async alarmStops(deploymentId: string, alarms: string[]): Promise<string> {
    return deployEventsHandler(this.codedeploy.stopByAlarm(deploymentId, alarms), lambdaContext);
  }

  /** EventBridge delivers a deployment state change for the deployment as it now is (CodeDeploy moved on by itself). */
  async notify(deploymentId: string, state: DeploymentState): Promise<string> {
    const origin = { account: '111111111111', region: 'ap-northeast-2' };
    return deployEventsHandler(
      deploymentEvent(origin, this.codedeploy.get(deploymentId), state, new Date()),
      lambdaContext,
    );
  }

  /** What the bot said through a response_url (to one person). */
  repliesTo(responseUrl: string): string[] {
    const path = new URL(responseUrl).pathname;
    return this.harness.slack
      .callsTo('response_url')
      .filter((c) => c.path === path)
      .map((c) => JSON.stringify(c.args));
  }

  posts(channel: string): SlackCall[] {
    return this.harness.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  }

  updatesOf(ts: string): SlackCall[] {
    return this.harness.slack.callsTo('chat.update').filter((c) => c.args.ts === ts);
  }

  restore(): void {
    this.codedeploy.mock.restore();
    this.cloudwatch.restore();
  }
}

export const text = (call: SlackCall | undefined): string => JSON.stringify(call?.args ?? {});
export const buttonsOf = (call: SlackCall | undefined): string[] =>
  JSON.stringify(call?.args.blocks ?? [])
    .match(/"action_id":"[\w.-]+"/g)
    ?.map((m) => m.slice(13, -1)) ?? [];

interface ButtonElement {
  type?: string;
  action_id?: string;
  value?: string;
}

/** The buttons of a message's blocks: in actions blocks and as section accessories. */
function buttonsIn(blocks: unknown): ButtonElement[] {
  const list = Array.isArray(blocks) ? (blocks as { elements?: ButtonElement[]; accessory?: ButtonElement }[]) : [];
  return list
    .flatMap((block) => [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])])
    .filter((element) => element.type === 'button');
}

/** The value of a button in a message, found by its action_id. */
export function buttonValue(call: SlackCall | undefined, actionId: string): string {
  const blocks = (call?.args.blocks ?? []) as { type: string; elements?: ButtonElement[] }[];
  const found = blocks
    .flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []))
    .find((e) => e.action_id === actionId);
  if (!found?.value) throw new Error(`no ${actionId} button in ${text(call)}`);
  return found.value;
}

/** Auto Scaling answering every group asked for as empty (0 of at most 2): for /status without a fleet to show. */
export function emptyAutoScalingGroups(): AwsClientStub<AutoScalingClient> {
  const autoscaling = mockClient(AutoScalingClient);
  autoscaling
    .on(DescribeAutoScalingGroupsCommand)
    .callsFake(({ AutoScalingGroupNames = [] }: DescribeAutoScalingGroupsCommandInput) => ({
      AutoScalingGroups: AutoScalingGroupNames.map((name) => ({
        AutoScalingGroupName: name,
        MinSize: 0,
        MaxSize: 2,
        DesiredCapacity: 0,
        Instances: [],
      })),
    }));
  return autoscaling;
}
