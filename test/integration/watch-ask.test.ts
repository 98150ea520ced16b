import { StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { buttonsOf, DeployFlow, text } from './deploy-flow';
import { type Harness, setClock, useStory } from './harness';
import { AppEndpoint, reroutedInStaging, writeWatchConfig } from './watch';

const app = new AppEndpoint();
beforeAll(async () => {
  await app.start();
  writeWatchConfig(app.port, 'ask', 'ask');
});
afterAll(() => app.stop());

const story = useStory((h) => new DeployFlow(h), 'test-results/watch/ask.yml');
let harness: Harness;
let flow: DeployFlow;

beforeEach(() => {
  ({ harness, flow } = story());
  app.reset();
  setClock(Date.parse('2026-12-06T10:00:30Z'));
});

describe('a watch that asks before rolling back', () => {
  it('offers Roll back now while blue is warm, and rolls back only when pressed', async () => {
    // Prepare, Act: carol's deploy to staging, rerouted by dan, while / answers 502
    const { deploymentId, ts } = await reroutedInStaging(flow, () => app.answer('/', 502, 'Bad Gateway'));
    const asked = flow.updatesOf(ts).at(-1);
    const stopsBefore = flow.codedeploy.mock.commandCalls(StopDeploymentCommand).length;
    await flow.click('deployment.stop', deploymentId, 'U0CAROL', 'C0STAGING01');
    // Assess
    expect(stopsBefore).toBe(0);
    expect(text(asked)).toContain('Watch failed');
    expect(text(asked)).toContain('Roll back now — blue is still warm');
    expect(buttonsOf(asked)).not.toContain('deployment.terminate-blue');
    const thread = flow.posts('C0STAGING01').filter((call) => call.args.thread_ts === ts);
    expect(text(thread[0])).toContain('<@U0CAROL>');
    expect(text(thread[0])).toContain('/ expected 200, got 502');
    expect(flow.codedeploy.mock).toHaveReceivedCommandWith(StopDeploymentCommand, {
      deploymentId,
      autoRollbackEnabled: true,
    });
    expect(harness.delayed).toEqual([]);
  });
});
