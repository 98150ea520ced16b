import { handler as slackHandler } from '../../../functions/slack';
import { handler as workerHandler } from '../../../functions/worker';
import { AlarmFlow, tsOf } from '../../../test/integration/alarm-flow';
import { ebCpuAlarm, PROD } from '../../../test/integration/alarm-payloads';
import type { SlackCall } from '../../../test/fakes/slack-api';
import { context, firstAnswered, mentions, now, repeat } from './measure';
import type { SimulatedWorld } from './world';

export interface AlarmFigures {
  /** From the event to its message answered by Slack (median). */
  firstPostMs: number;
  /** From the event to alarmEvents returning: diagnosis, graph and every edit done (median). */
  completeMs: number;
  roundTripMs: number;
}

export interface ClickFigures {
  /** From the click to the first sign of it in Slack: the message marked, or the worker's answer (median). */
  feedbackMs: number;
  roundTripMs: number;
}

const CHANNEL = 'C0PRODOPS01';

/**
 * A fresh alarm of `web` prod entering ALARM: a new episode each run, in a quiet environment (its storm window,
 * docs/decisions/0030, is gone), so each is an alarm on its own, not the next of a storm the previous runs made.
 */
async function fireAlarm(flow: AlarmFlow, name: string): Promise<{ start: number; done: number }> {
  await flow.harness.dynamo.table.delete({ pk: 'STORM#prod', sk: 'WINDOW' });
  const start = now();
  await flow.deliver(ebCpuAlarm({ ...PROD, name }, { state: 'ALARM', at: new Date() }, 'edu-web-prod-asg'));
  return { start, done: now() };
}

const isPostOf = (name: string) => (call: SlackCall) =>
  call.method === 'chat.postMessage' && call.args.thread_ts === undefined && mentions(call, name);

export async function measureAlarm(world: SimulatedWorld, runs: number): Promise<AlarmFigures> {
  const flow = await world.use((harness) => new AlarmFlow(harness));
  flow.exhaustedFleet();
  const figures = await repeat(runs, async (run) => {
    const name = `edu-web-bench-cpu-${run + 1}`;
    const { start, done } = await fireAlarm(flow, name);
    const posted = firstAnswered(world.harness.slack.calls, start, isPostOf(name));
    if (posted === undefined) throw new Error(`bench alarm: ${name} was never posted`);
    return { firstPostMs: posted - start, completeMs: done - start };
  });
  return { firstPostMs: figures.firstPostMs.median, completeMs: figures.completeMs.median, roundTripMs: world.rt };
}

interface Button {
  action_id?: string;
  value?: string;
}

function ackValue(post: SlackCall): string {
  const blocks = (post.args.blocks ?? []) as { elements?: Button[] }[];
  const button = blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'alarm.ack');
  if (!button?.value) throw new Error('bench click: the alarm message has no Acknowledge button');
  return button.value;
}

/** Acknowledge on a posted alarm message: the slack function acks, then the worker runs the job at once. */
export async function measureClick(world: SimulatedWorld, runs: number): Promise<ClickFigures> {
  const flow = await world.use((harness) => new AlarmFlow(harness));
  flow.exhaustedFleet();
  const { harness } = world;
  const figures = await repeat(runs, async (run) => {
    const name = `edu-web-bench-click-${run + 1}`;
    const { start: fired } = await fireAlarm(flow, name);
    const post = harness.slack.calls.find((call) => (call.at ?? 0) >= fired && isPostOf(name)(call));
    if (!post) throw new Error(`bench click: ${name} was never posted`);
    const ts = tsOf(post);
    const { event, responseUrl } = harness.buttonClick({
      action: 'alarm.ack',
      value: ackValue(post),
      userId: 'U0CAROL',
      channelId: CHANNEL,
      messageTs: ts,
      message: {
        text: typeof post.args.text === 'string' ? post.args.text : '',
        blocks: (post.args.blocks ?? []) as unknown[],
      },
    });
    const start = now();
    const ack = await slackHandler(event, context);
    if (ack.statusCode !== 200) throw new Error(`bench click: the slack function answered ${ack.statusCode}`);
    while (harness.queued.length) await workerHandler(harness.takeJobs(), context);
    const path = new URL(responseUrl).pathname;
    const shown = firstAnswered(
      harness.slack.calls,
      start,
      (call) => call.path === path || (call.method === 'chat.update' && call.args.ts === ts),
    );
    if (shown === undefined) throw new Error('bench click: nothing in Slack showed the click');
    return { feedbackMs: shown - start };
  });
  return { feedbackMs: figures.feedbackMs.median, roundTripMs: world.rt };
}
