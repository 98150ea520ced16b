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
}

const HOOKS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart'];

/**
 * 40 instance events for one deployment within 10 s, each delivered when it happens (Lambda runs them concurrently),
 * each one a real change in CodeDeploy (the next lifecycle hook of a green instance done).
 */
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
  const greens = deployment.targets.filter((target) => target.instanceLabel === 'Green');
  const start = now();
  const deliveries: Promise<unknown>[] = [];
  for (let index = 0; index < events; index += 1) {
    await sleep(Math.max(0, start + (index * windowMs) / events - now()));
    const target = greens[index % greens.length];
    if (!target) throw new Error('bench progress: the deployment has no green instances');
    const done = Math.floor(index / greens.length) % (HOOKS.length + 1);
    target.lifecycleEvents = HOOKS.map((name, hook) => ({
      lifecycleEventName: name,
      status: hook < done ? 'Succeeded' : hook === done ? 'InProgress' : 'Pending',
    }));
    deliveries.push(
      deployEventsHandler(
        instanceEvent(flow.codedeploy.origin, deployment, target.targetId ?? '', 'START', new Date()),
        context,
      ),
    );
  }
  await Promise.all(deliveries);
  return { events, updates: flow.updatesOf(ts).length, windowMs };
}
