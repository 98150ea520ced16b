import { handler as deployEventsHandler } from '../../../functions/deploy-events';
import { instanceEvent } from '../../../sandbox/aws/codedeploy-events';
import { DeployFlow } from '../../../test/integration/deploy-flow';
import { context, mentions, now } from './measure';
import { sleep } from './round-trip';
import type { SimulatedWorld } from './world';

export interface ProgressFigures {
  /** Instance state changes delivered to deployEvents. */
  events: number;
  /** chat.update calls on the deployment's progress message they caused. */
  updates: number;
  /** Over how long the events came. */
  windowMs: number;
  /**
   * The shortest time between two of those chat.update calls (when each reached Slack): Slack's Tier 3 allows about
   * one edit of a message per 2 s, however many there are in all. Undefined with fewer than two edits.
   */
  minGapMs: number | undefined;
}

/** The shortest gap between consecutive calls, by arrival. */
function minGap(calls: { at?: number }[]): number | undefined {
  const times = calls.map((call) => call.at ?? 0).sort((a, b) => a - b);
  const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time));
  return gaps.length ? Math.min(...gaps) : undefined;
}

export async function measureProgress(world: SimulatedWorld, events = 40, windowMs = 10_000): Promise<ProgressFigures> {
  const flow = await world.use((harness) => new DeployFlow(harness));
  const deployment = flow.codedeploy.create(
    {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      revision: flow.codedeploy.revisionLocation('web/v42.zip'),
      description: 'Deploy build 42',
    },
    'user',
  );
  const id = deployment.info.deploymentId ?? '';
  await deployEventsHandler(flow.codedeploy.advance(id, 'start'), context);
  const post = world.harness.slack.callsTo('chat.postMessage').find((call) => mentions(call, id));
  const ts = post?.result?.ts;
  if (typeof ts !== 'string') throw new Error('bench progress: the deployment got no progress message');
  const template = deployment.targets.find((target) => target.instanceLabel === 'Green');
  if (!template) throw new Error('bench progress: the deployment has no green instances');
  const greens: (typeof template)[] = Array.from({ length: events / 2 }, (_, index) => ({
    ...template,
    targetId: `i-0green${String(index + 1).padStart(9, '0')}`,
    status: 'Pending',
    lifecycleEvents: [],
  }));
  deployment.targets = [...deployment.targets.filter((target) => target.instanceLabel !== 'Green'), ...greens];
  const start = now();
  const deliveries: Promise<unknown>[] = [];
  for (let index = 0; index < events; index += 1) {
    await sleep(Math.max(0, start + (index * windowMs) / events - now()));
    const target = greens[Math.floor(index / 2)];
    if (!target) break;
    const succeeded = index % 2 === 1;
    target.status = succeeded ? 'Succeeded' : 'InProgress';
    target.lastUpdatedAt = new Date();
    const state = succeeded ? 'SUCCESS' : 'START';
    deliveries.push(
      deployEventsHandler(
        instanceEvent(flow.codedeploy.origin, deployment, target.targetId ?? '', state, new Date()),
        context,
      ),
    );
  }
  await Promise.all(deliveries);
  const updates = flow.updatesOf(ts);
  return { events, updates: updates.length, windowMs, minGapMs: minGap(updates) };
}
