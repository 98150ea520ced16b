import { ContinueDeploymentCommand } from '@aws-sdk/client-codedeploy';
import type { ScheduledEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { deploymentDescription, startRef } from '../../commands/revision';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { startRollback } from '../../sandbox/aws/codedeploy-endings';
import { deploymentEvent, instanceEvent, type DeploymentState } from '../../sandbox/aws/codedeploy-events';
import { endScaleOut, scaleOut } from '../../sandbox/aws/codedeploy-scale-out';
import type { SimulatedDeployment } from '../fakes/codedeploy-world';
import type { SlackCall } from '../fakes/slack-api';
import { buttonsOf, DeployFlow, text } from './deploy-flow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';

// Deployments CI, the console or CodeDeploy itself started in a configured group: shown like blueshift's own
// (docs/decisions/0021). test/fixtures/config/outside.yml: prod shows them all and links github.com/edu-org/ runs;
// staging (account 222222222222) announces only blueshift's own.
const story = useStory((h) => new DeployFlow(h), 'test/fixtures/config/outside.yml');
let harness: Harness;
let flow: DeployFlow;

beforeEach(() => ({ harness, flow } = story()));

const STAGING = { account: '222222222222', region: 'ap-northeast-2' };
const CI_RUN = 'https://github.com/edu-org/web/actions/runs/42';
const scheduled = JSON.parse(
  readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
) as ScheduledEvent;

/** CI calls CreateDeployment with its own description: CodeDeploy records creator `user`. */
function startedByCi(description: string, group = 'edu-web-prod', key = 'web/v42.zip'): SimulatedDeployment {
  return flow.codedeploy.create(
    {
      applicationName: 'edu-web',
      deploymentGroupName: group,
      revision: flow.codedeploy.revisionLocation(key),
      description,
    },
    'user',
  );
}

const idOf = (deployment: SimulatedDeployment): string => deployment.info.deploymentId ?? '';

/** The deployment's state change and its instances' (CodeDeploy sends both), as EventBridge delivers them. */
function eventsOf(deployment: SimulatedDeployment, state: DeploymentState, origin = flow.codedeploy.origin): unknown[] {
  const at = new Date();
  const instances = deployment.targets
    .filter((target) => target.instanceLabel === 'Green')
    .map((target) =>
      instanceEvent(origin, deployment, target.targetId ?? '', state === 'STOP' ? 'FAILURE' : state, at),
    );
  return [deploymentEvent(origin, deployment, state, at), ...instances];
}

/** Every event at once, and each of them twice: EventBridge neither orders nor deduplicates. */
function deliverTwice(events: unknown[]): Promise<string[]> {
  return Promise.all([...events, ...events].map((event) => deployEventsHandler(event, lambdaContext)));
}

const mentions = (call: SlackCall | undefined, id: string) => text(call).includes(id);
const topLevel = (channel: string, id: string) =>
  flow.posts(channel).filter((call) => call.args.thread_ts === undefined && mentions(call, id));
/** What the message shows now: its last edit, or the post. */
const shownNow = (post: SlackCall | undefined): SlackCall | undefined =>
  flow.updatesOf(String(post?.result?.ts)).at(-1) ?? post;
const audited = (pattern: RegExp) => flow.posts('C0AUDIT0001').filter((call) => pattern.test(text(call)));

describe('a deployment CI started in a configured group', () => {
  it('gets exactly one progress message, though its first events arrive at once and each twice', async () => {
    // Prepare
    const deployment = startedByCi(`Deploy build 42 via GitHub Actions ${CI_RUN}`);
    const id = idOf(deployment);
    flow.codedeploy.advance(id, 'start');
    // Act
    const results = await deliverTwice(eventsOf(deployment, 'START'));
    flow.codedeploy.advance(id, 'installed');
    await deliverTwice(eventsOf(deployment, 'READY'));
    // Assess
    const [post, ...more] = topLevel('C0PRODOPS01', id);
    expect(more).toEqual([]);
    expect(results.filter((result) => result === 'adopted')).toHaveLength(1);
    const shown = text(shownNow(post));
    expect(shown).toContain('🚀 web → prod · v42');
    expect(shown).toContain(
      'Started outside Slack by an AWS user or role (the console, the CLI or CI) (creator `user`)',
    );
    expect(shown).toContain(`<${CI_RUN}|${CI_RUN}>`);
    expect(shown).toContain('Ready to reroute');
    expect(buttonsOf(shownNow(post))).toEqual(['deployment.reroute', 'deployment.stop']);
    expect(audited(/started outside Slack by user/)).toHaveLength(1);
    const running = (await harness.dynamo.table.query('RUNNING')).map((item) => item.sk);
    expect(running).toEqual([id]);
  });

  it('is kept up to date by the sweeper when its events are lost, like any other', async () => {
    // Prepare
    const deployment = startedByCi('Deploy build 42');
    const id = idOf(deployment);
    flow.codedeploy.advance(id, 'start');
    await deliverTwice(eventsOf(deployment, 'START'));
    flow.codedeploy.advance(id, 'installed');
    setClock(Date.now() + 4 * 60_000);
    // Act
    const swept = await sweeperHandler(scheduled, lambdaContext);
    // Assess
    expect(swept).toMatchObject({ refreshStaleDeployments: 1 });
    expect(text(shownNow(topLevel('C0PRODOPS01', id)[0]))).toContain('Ready to reroute');
  });

  it('is posted by the sweeper when every attempt of its event failed to post it', async () => {
    // Prepare: Slack refuses the one delivery of its START (Lambda's retries are spent)
    const deployment = startedByCi('Deploy build 42');
    const id = idOf(deployment);
    flow.codedeploy.advance(id, 'start');
    harness.slack.failNext('chat.postMessage', 200);
    const [event] = eventsOf(deployment, 'START');
    await expect(deployEventsHandler(event, lambdaContext)).rejects.toThrow();
    setClock(Date.now() + 4 * 60_000);
    // Act
    const swept = await sweeperHandler(scheduled, lambdaContext);
    // Assess
    expect(swept).toMatchObject({ refreshStaleDeployments: 1 });
    const posted = topLevel('C0PRODOPS01', id).filter((call) => call.result?.ok === true);
    expect(posted).toHaveLength(1);
    expect(flow.updatesOf(String(posted[0]?.result?.ts)).length).toBeGreaterThan(0);
    expect(text(shownNow(posted[0]))).toContain('Started outside Slack');
    expect(audited(/started outside Slack by user/)).toHaveLength(1);
  });

  it("offers the buttons under the environment's rules: on protected prod only an approver may reroute", async () => {
    // Prepare
    const deployment = startedByCi('Deploy build 42');
    const id = idOf(deployment);
    flow.codedeploy.advance(id, 'start');
    await deliverTwice(eventsOf(deployment, 'START'));
    flow.codedeploy.advance(id, 'installed');
    await deliverTwice(eventsOf(deployment, 'READY'));
    // Act
    const refused = await flow.click('deployment.reroute', id, 'U0ALICE');
    const continuedAfterAlice = flow.codedeploy.mock.commandCalls(ContinueDeploymentCommand).length;
    await flow.click('deployment.reroute', id, 'U0BOB');
    // Assess
    expect(flow.repliesTo(refused).join()).toContain('may reroute traffic on `prod`');
    expect(continuedAfterAlice).toBe(0);
    expect(flow.codedeploy.mock).toHaveReceivedCommandWith(ContinueDeploymentCommand, {
      deploymentId: id,
      deploymentWaitType: 'READY_WAIT',
    });
    expect(text(shownNow(topLevel('C0PRODOPS01', id)[0]))).toContain('Reroute requested by <@U0BOB>');
  });

  it("links CodeDeploy's rollback of it to it, as blueshift's own rollbacks are", async () => {
    // Prepare: v41 is live; CI's v42 fails and CodeDeploy rolls back on its own
    const day = 86_400_000;
    flow.codedeploy.recordSucceeded('edu-web-prod', 'web/v41.zip', 'd-GOOD00041', new Date(Date.now() - day), 9, 'v41');
    const deployment = startedByCi('Deploy build 42');
    const id = idOf(deployment);
    flow.codedeploy.advance(id, 'start');
    await deliverTwice(eventsOf(deployment, 'START'));
    flow.codedeploy.advance(id, 'fail-after-install');
    const rollback = startRollback(flow.codedeploy, deployment, 'the deployment failed');
    if (!rollback) throw new Error('no rollback');
    // Act: the failure and the rollback's start, in any order, each twice
    await deliverTwice([
      ...eventsOf(deployment, 'FAILURE'),
      deploymentEvent(flow.codedeploy.origin, rollback, 'START', new Date()),
    ]);
    // Assess
    const [original] = topLevel('C0PRODOPS01', id);
    const rollbackPosts = topLevel('C0PRODOPS01', idOf(rollback));
    expect(rollbackPosts).toHaveLength(1);
    expect(text(shownNow(rollbackPosts[0]))).toContain('Rollback of web → prod to v41');
    expect(text(shownNow(rollbackPosts[0]))).not.toContain('Started outside Slack');
    const notes = flow.posts('C0PRODOPS01').filter((call) => call.args.thread_ts === original?.result?.ts);
    expect(notes.filter((call) => text(call).includes('Rolled back by CodeDeploy to `v41`'))).toHaveLength(1);
    expect(text(shownNow(original))).toContain('FAILED');
  });

  it('shows its description as text: no mention or broadcast goes live, and only a URL on the CI host is a link', async () => {
    // Prepare
    const hostile = `hotfix <!channel> <@U0EVIL01> @here see https://evil.example/x and ${CI_RUN} <https://evil.example|click>`;
    const deployment = startedByCi(hostile);
    flow.codedeploy.advance(idOf(deployment), 'start');
    // Act
    await deliverTwice(eventsOf(deployment, 'START'));
    // Assess
    const said = [...flow.harness.slack.callsTo('chat.postMessage'), ...flow.harness.slack.callsTo('chat.update')];
    const everything = said.map(text).join('\n');
    expect(everything).not.toMatch(/<!channel>|<!here>|<@U0EVIL01>/);
    expect(everything).toContain('&lt;!channel&gt; &lt;@U0EVIL01&gt;');
    const linked = new Set(
      [...everything.matchAll(/<(https?:\/\/[^|>]+)\|/g)]
        .map((match) => match[1] ?? '')
        .filter((url) => !url.includes('.console.aws.amazon.com/')),
    );
    expect([...linked]).toEqual([CI_RUN]);
    expect(everything).toContain('"verbatim":true');
  });

  it('is left to the job that started it when blueshift did, even before the job recorded it', async () => {
    // Prepare: /deploy's CreateDeployment, its first event ahead of the job
    const description = deploymentDescription('/deploy web prod v42', 'alice', 'U0ALICE', startRef('job-1'));
    const deployment = startedByCi(description);
    flow.codedeploy.advance(idOf(deployment), 'start');
    // Act
    const results = await deliverTwice(eventsOf(deployment, 'START'));
    // Assess
    expect(new Set(results)).toEqual(new Set(['unknown']));
    expect(flow.posts('C0PRODOPS01')).toEqual([]);
  });
});

describe('an environment that announces only its own deployments', () => {
  it('leaves deployments and scale-outs started outside Slack alone', async () => {
    // Prepare
    const deployment = startedByCi('Deploy build 42', 'edu-web-staging');
    flow.codedeploy.advance(idOf(deployment), 'start');
    const instance = scaleOut(flow.codedeploy, 'edu-web-staging', 'i-0new000000000001');
    const failed = endScaleOut(flow.codedeploy, idOf(instance), 'failed');
    // Act
    const results = await deliverTwice([
      ...eventsOf(deployment, 'START', STAGING),
      deploymentEvent(STAGING, instance, 'FAILURE', new Date()),
      { ...(failed as object), account: STAGING.account },
    ]);
    // Assess
    expect(new Set(results)).toEqual(new Set(['ignored']));
    expect(flow.posts('C0STAGING01')).toEqual([]);
    expect(flow.posts('C0AUDIT0001')).toEqual([]);
  });
});
