import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  type GetDeploymentCommandInput,
} from '@aws-sdk/client-codedeploy';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { ScheduledEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { startRollback } from '../../sandbox/aws/codedeploy-endings';
import { buttonValue, DeployFlow, text } from './deploy-flow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';

const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;
const scheduled = JSON.parse(
  readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
) as ScheduledEvent;

beforeEach(() => ({ harness, flow } = story()));

describe('/deploy on an unprotected environment', () => {
  it('reports a failed AfterInstall hook with the instance and log tail in the thread, and turns the header red', async () => {
    // Prepare
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const progress = flow.posts('C0STAGING01')[0];
    // Act
    await flow.advance(deploymentId, 'start');
    await flow.advance(deploymentId, 'fail-after-install');
    await flow.advance(deploymentId, 'fail-after-install'); // EventBridge may deliver twice
    // Assess
    const thread = flow.posts('C0STAGING01').filter((c) => c.args.thread_ts === progress?.result?.ts);
    expect(thread).toHaveLength(1);
    expect(text(thread[0])).toContain('AfterInstall');
    expect(text(thread[0])).toContain('i-0green000000001');
    expect(text(thread[0])).toContain('could not connect to server');
    expect(text(flow.updatesOf(String(progress?.result?.ts)).at(-1))).toContain('FAILED');
  });

  it('needs an explicit "Deploy anyway" while alarms are firing', async () => {
    // Prepare
    flow.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: 'edu-web-staging-5xx',
          StateValue: 'ALARM',
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'HTTPCode_Target_5XX_Count',
        },
      ],
    });
    const { responseUrl } = await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const preview = flow.repliesTo(responseUrl).join();
    // Act
    const requestId = /"value":"(req-[\w-]+)"/.exec(preview)?.[1] ?? '';
    await flow.click('request.confirm', requestId, 'U0CAROL', 'C0STAGING01');
    // Assess
    expect(preview).toContain('Deploy anyway');
    expect(preview).toContain('edu-web-staging-5xx');
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 1);
  });

  it('turns a deployment already running in the group into a clear refusal', async () => {
    // Prepare
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    // Act
    const { responseUrl } = await flow.type('/deploy web staging v44', 'U0CAROL', 'carol', 'C0STAGING01');
    // Assess
    expect(flow.repliesTo(responseUrl).join()).toMatch(/deployment `d-SIM000001` is already Created/);
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 1);
  });

  it('turns DeploymentLimitExceededException (a deployment started between the check and the start) into a clear message', async () => {
    // Prepare: a deployment someone started in the console; the preflight's ListDeployments misses it (a race)
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [running = ''] = flow.codedeploy.deployments.keys();
    flow.codedeploy.mock.on(ListDeploymentsCommand).callsFake(() => Promise.resolve({ deployments: [] }));
    // Act
    const { responseUrl } = await flow.type('/deploy web staging v44', 'U0CAROL', 'carol', 'C0STAGING01');
    // Assess
    const reply = flow.repliesTo(responseUrl).join();
    expect(reply).toContain(`Deployment \`${running}\` is already running in edu-web-staging`);
    expect(reply).toContain('Stop &amp; roll back');
    expect(flow.codedeploy.deployments.size).toBe(1);
  });

  it('refuses someone else while a lock is held, and lets only its owner unlock', async () => {
    // Prepare
    await flow.type('/deploy lock web staging schema migration', 'U0CAROL', 'carol', 'C0STAGING01');
    // Act
    const refused = await flow.type('/deploy web staging v44', 'U0DAN', 'dan', 'C0STAGING01');
    const notYours = await flow.type('/deploy unlock web staging', 'U0DAN', 'dan', 'C0STAGING01');
    const unlocked = await flow.type('/deploy unlock web staging', 'U0CAROL', 'carol', 'C0STAGING01');
    // Assess
    expect(flow.repliesTo(refused.responseUrl).join()).toContain('locked by <@U0CAROL>');
    expect(flow.repliesTo(refused.responseUrl).join()).toContain('schema migration');
    expect(flow.repliesTo(notYours.responseUrl).join()).toContain('belongs to <@U0CAROL>');
    expect(flow.repliesTo(unlocked.responseUrl).join()).toContain('Released your lock');
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 0);
  });
});

describe('Slack rate limits', () => {
  it('retries a progress edit Slack rate-limited, after Retry-After, instead of dropping it', async () => {
    // Prepare
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const ts = flow.posts('C0STAGING01')[0]?.result?.ts as string;
    harness.slack.failNext('chat.update', 429, { 'retry-after': '1' });
    // Act
    await flow.advance(deploymentId, 'start');
    // Assess: the 429'd edit and its successful retry
    const edits = flow.updatesOf(ts);
    expect(edits).toHaveLength(2);
    expect(edits[1]?.result).toEqual(expect.objectContaining({ ok: true }));
    expect(text(edits[1])).toContain('Revision installed on green');
  });
});

describe('/rollback', () => {
  it('stops a running deployment with automatic rollback after the requester confirms the preview', async () => {
    // Prepare
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    await flow.advance(deploymentId, 'start');
    // Act
    const { responseUrl } = await flow.type('/rollback web staging 5xx after v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const preview = flow.repliesTo(responseUrl).join();
    await flow.click('request.confirm', /"value":"(req-[\w-]+)"/.exec(preview)?.[1] ?? '', 'U0CAROL', 'C0STAGING01');
    // Assess
    expect(preview).toContain(`stop \`${deploymentId}\``);
    expect(flow.codedeploy.mock).toHaveReceivedCommandWith(StopDeploymentCommand, {
      deploymentId,
      autoRollbackEnabled: true,
    });
    expect(flow.repliesTo(responseUrl).join()).toContain('Stopping');
  });

  it('gives the rollback CodeDeploy starts after a stop its own progress message, linked from the stopped one', async () => {
    // Prepare: v43 is live; v44 is rolling out
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    await flow.advance([...flow.codedeploy.deployments.keys()][0] ?? '', 'succeeded');
    await flow.type('/deploy web staging v44', 'U0CAROL', 'carol', 'C0STAGING01');
    const v44 = [...flow.codedeploy.deployments.keys()][1] ?? '';
    const v44Message = flow.posts('C0STAGING01')[1];
    // Act: carol stops it; CodeDeploy stops it and starts the rollback
    await flow.click('deployment.stop', v44, 'U0CAROL', 'C0STAGING01');
    const rollback = startRollback(flow.codedeploy, flow.codedeploy.get(v44), 'a user stopped the deployment');
    await flow.notify(v44, 'STOP');
    // Assess
    const rollbackId = rollback?.info.deploymentId ?? '';
    const rollbackMessage = flow
      .posts('C0STAGING01')
      .find((c) => JSON.stringify(c.args).includes(rollbackId) && !c.args.thread_ts);
    expect(text(rollbackMessage)).toContain('Rollback of web → staging to v43');
    const note = flow.posts('C0STAGING01').find((c) => c.args.thread_ts === v44Message?.result?.ts);
    expect(text(note)).toContain('Rolled back by <@U0CAROL> to `v43`');
  });

  it('redeploys the previous good revision, with its own progress message linked from the original', async () => {
    // Prepare: v43 then v44 succeeded
    for (const revision of ['v43', 'v44']) {
      await flow.type(`/deploy web staging ${revision}`, 'U0CAROL', 'carol', 'C0STAGING01');
      const id = [...flow.codedeploy.deployments.keys()].at(-1) ?? '';
      await flow.advance(id, 'succeeded');
    }
    await flow.type('/deploy lock web staging investigating', 'U0DAN', 'dan', 'C0STAGING01');
    // Act: a rollback goes through someone else's lock
    const { responseUrl } = await flow.type('/rollback web staging', 'U0CAROL', 'carol', 'C0STAGING01');
    const preview = flow.repliesTo(responseUrl).join();
    await flow.click('request.confirm', /"value":"(req-[\w-]+)"/.exec(preview)?.[1] ?? '', 'U0CAROL', 'C0STAGING01');
    // Assess
    expect(preview).toContain('`v44` → `v43`');
    expect(preview).toContain('locked by <@U0DAN>; a rollback is allowed through a lock');
    const created = flow.codedeploy.mock.commandCalls(CreateDeploymentCommand).at(-1)?.args[0].input;
    expect(created?.revision?.s3Location?.key).toBe('web/v43.zip');
    const original = flow.posts('C0STAGING01')[1];
    const threadNote = flow.posts('C0STAGING01').find((c) => c.args.thread_ts === original?.result?.ts);
    expect(text(threadNote)).toContain('Rolled back by <@U0CAROL>');
  });
});

describe('lost events', () => {
  it('brings a quiet progress message up to date from CodeDeploy when its events never arrived', async () => {
    // Prepare: CodeDeploy moves on, but EventBridge never delivers the change
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const ts = flow.posts('C0STAGING01')[0]?.result?.ts as string;
    flow.codedeploy.advance(deploymentId, 'installed');
    setClock(Date.now() + 4 * 60_000);
    // Act
    const swept = await sweeperHandler(scheduled, lambdaContext);
    // Assess
    expect(swept).toMatchObject({ refreshStaleDeployments: 1 });
    expect(text(flow.updatesOf(ts).at(-1))).toContain('Ready to reroute');
  });

  it('reads CodeDeploy again when an edit from an older read saved first, so the stop is shown at once', async () => {
    // Prepare: the deployment moves on to its termination wait and is then stopped, its events not yet delivered
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const ts = flow.posts('C0STAGING01')[0]?.result?.ts as string;
    await flow.advance(deploymentId, 'start');
    await flow.advance(deploymentId, 'installed');
    flow.codedeploy.advance(deploymentId, 'rerouting');
    const waiting = flow.codedeploy.advance(deploymentId, 'termination-wait');
    const before = structuredClone(flow.codedeploy.get(deploymentId).info);
    const stop = flow.codedeploy.stopByAlarm(deploymentId, ['edu-web-staging-cpu-high']);
    // The STOP's refresh reads its record, then, while it reads CodeDeploy, the termination wait's refresh (which
    // read CodeDeploy before the stop) saves its edit first.
    let race: 'ahead' | 'older read' | 'over' = 'ahead';
    flow.codedeploy.mock
      .on(GetDeploymentCommand)
      .callsFake(async ({ deploymentId: id = '' }: GetDeploymentCommandInput) => {
        const now = { deploymentInfo: structuredClone(flow.codedeploy.get(id).info) };
        if (id !== deploymentId || race === 'over') return now;
        if (race === 'older read') return { deploymentInfo: structuredClone(before) };
        race = 'older read';
        await deployEventsHandler(waiting, lambdaContext);
        race = 'over';
        return now;
      });
    // Act
    await deployEventsHandler(stop, lambdaContext);
    // Assess
    const edits = flow.updatesOf(ts).map(text);
    expect(edits.at(-2)).toContain('Blue fleet on standby');
    expect(edits.at(-1)).toContain('Stopped: web → staging');
  });
});

describe('approval expiry', () => {
  it('expires an unanswered approval after 30 minutes and says so on the request', async () => {
    // Prepare
    await flow.type('/deploy web prod v42', 'U0ALICE', 'alice');
    const approval = flow.posts('C0PRODOPS01')[0];
    const requestId = buttonValue(approval, 'request.approve');
    setClock(Date.now() + 31 * 60_000);
    // Act
    const swept = await sweeperHandler(scheduled, lambdaContext);
    const late = await flow.click('request.approve', requestId, 'U0BOB');
    // Assess
    expect(swept).toMatchObject({ expireRequests: 1 });
    expect(text(harness.slack.callsTo('chat.update').find((c) => c.args.ts === approval?.result?.ts))).toContain(
      'Expired',
    );
    expect(flow.repliesTo(late).join()).toContain('already expired');
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 0);
  });

  it('still tells the requester and audits the expiry when Slack refuses to edit the request', async () => {
    // Prepare
    const { responseUrl } = await flow.type('/deploy web prod v42', 'U0ALICE', 'alice');
    setClock(Date.now() + 31 * 60_000);
    harness.slack.failNext('chat.update', 200); // {ok:false}: Slack refused the edit
    // Act
    const swept = await sweeperHandler(scheduled, lambdaContext);
    // Assess: the expiry is decided for good, so this sweep is the only one that can say so
    expect(swept).toMatchObject({ expireRequests: 1 });
    expect(flow.repliesTo(responseUrl).join()).toContain('Expired');
    const audited = (await harness.dynamo.table.query(`AUDIT#${new Date().toISOString().slice(0, 10)}`)).map(
      (a) => a.decision,
    );
    expect(audited).toContain('expired');
    expect(flow.posts('C0AUDIT0001').some((c) => text(c).includes('within 30 minutes'))).toBe(true);
  });
});
