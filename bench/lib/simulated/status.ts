import { handler as slackHandler } from '../../../functions/slack';
import { handler as workerHandler } from '../../../functions/worker';
import { AlarmFlow } from '../../../test/integration/alarm-flow';
import { context, firstAnswered, now, repeat } from './measure';
import type { SimulatedWorld } from './world';

export interface StatusFigures {
  /** From the worker taking the job to the reply answered by Slack (median). */
  wallMs: number;
  roundTripMs: number;
  /** Every call the job made (AWS, the state table, Slack), one round trip each, one after another (median). */
  sumOfLatenciesMs: number;
}

/** `/status web prod` in the worker, its role session already cached (a warm-up run assumes it). */
export async function measureStatus(world: SimulatedWorld, runs: number): Promise<StatusFigures> {
  const flow = await world.use((harness) => new AlarmFlow(harness));
  flow.exhaustedFleet();
  const { harness } = world;
  const figures = await repeat(runs, async () => {
    const { event, responseUrl } = harness.slashCommand({
      command: '/status',
      text: 'web prod',
      userId: 'U0ALICE',
      userName: 'alice',
    });
    await slackHandler(event, context);
    const jobs = harness.takeJobs();
    const mark = world.mark();
    const start = now();
    const result = await workerHandler(jobs, context);
    if (result.batchItemFailures.length) throw new Error('bench /status: the worker failed the job');
    const path = new URL(responseUrl).pathname;
    const replied = firstAnswered(harness.slack.calls, start, (call) => call.path === path);
    if (replied === undefined) throw new Error('bench /status: no reply reached Slack');
    return { wallMs: replied - start, sumOfLatenciesMs: world.callsSince(mark) * world.rt };
  });
  return { wallMs: figures.wallMs.median, roundTripMs: world.rt, sumOfLatenciesMs: figures.sumOfLatenciesMs.median };
}
