import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { type CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { ScheduledEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { handler as ciHandler } from '../../functions/ci';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { ciEvent, CiFlow, sessionOf, STAGING_ROLE } from './ci-flow';
import { buttonValue, text } from './deploy-flow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';

// CI deployments (docs/decisions/0022) through the real functions: a request signed by an IAM role reaches the ci
// function as API Gateway sends it, the worker runs /deploy's executor, approvers answer in Slack, CodeDeploy moves.

const story = useStory((h) => new CiFlow(h));
let harness: Harness;
let flow: CiFlow;

beforeEach(() => ({ harness, flow } = story()));

const COMMIT = '3f7c0a1b2c3d4e5f60718293a4b5c6d7e8f90123';
const RUN = 'https://github.com/octo-org/web/actions/runs/1001';
const deployWeb = (env: string, revision: string, key: string, extra: Record<string, string> = {}) => ({
  app: 'web',
  env,
  revision,
  idempotencyKey: key,
  commit: COMMIT,
  actor: 'octocat',
  runUrl: RUN,
  ...extra,
});

const idOf = (answer: { body: Record<string, unknown> }) => String(answer.body.id);
const deploymentIds = () => [...flow.codedeploy.deployments.keys()];
const creates = () => flow.codedeploy.mock.commandCalls(CreateDeploymentCommand).length;
const auditLines = () => flow.posts('C0AUDIT0001').map(text).join('\n');

describe('a CI deployment to a protected environment', () => {
  it('asks the channel to approve (naming the run, its trigger and commit), deploys once when approved, and its state follows CodeDeploy to the end', async () => {
    // Prepare: the pipeline asks for web v42 in prod
    const accepted = await flow.post(deployWeb('prod', 'v42', 'octo-org/web#1001.1'));
    const id = idOf(accepted);
    const [approval] = flow.posts('C0PRODOPS01');
    const waiting = await flow.get(id);
    const retried = await flow.post(deployWeb('prod', 'v42', 'octo-org/web#1001.1'));
    // Act: an approver approves in Slack
    await flow.click('request.approve', buttonValue(approval, 'request.approve'), 'U0BOB');
    const [deploymentId = ''] = deploymentIds();
    const states = [await flow.state(id)];
    for (const step of ['start', 'installed'] as const) {
      await flow.advance(deploymentId, step);
      states.push(await flow.state(id));
    }
    await flow.click('deployment.reroute', deploymentId, 'U0BOB');
    for (const step of ['rerouting', 'termination-wait', 'succeeded'] as const) {
      await flow.advance(deploymentId, step);
      states.push(await flow.state(id));
    }
    const final = await flow.get(id);
    // Assess: accepted, then waiting for an approver, who saw where it came from
    expect(accepted).toMatchObject({
      status: 202,
      body: { state: 'queued', app: 'web', env: 'prod', revision: 'v42' },
    });
    expect(id).toMatch(/^ci-[0-9a-f]{20}$/);
    expect(waiting).toMatchObject({ status: 200, body: { state: 'awaiting-approval', self: `/ci/deployments/${id}` } });
    expect(retried).toMatchObject({ status: 200, body: { id, state: 'awaiting-approval' } });
    expect(text(approval)).toContain('Approval needed: /deploy web prod v42');
    expect(text(approval)).toContain(`<${RUN}|CI run>`);
    expect(text(approval)).toContain('triggered by `octocat`');
    expect(text(approval)).toContain('commit `3f7c0a1b2c3d`');
    expect(text(approval)).toContain('arn:aws:iam::999999999999:role/github-deploy-web');
    expect(text(approval)).toContain('Any approver may approve');
    // Assess: one deployment, started as the CI role, its state followed through CodeDeploy
    expect(creates()).toBe(1);
    expect(flow.codedeploy.mock).toHaveReceivedCommandWith(CreateDeploymentCommand, {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      revision: { revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' } },
    });
    const description = flow.codedeploy.mock.commandCalls(CreateDeploymentCommand)[0]?.args[0].input.description;
    expect(description).toContain('requested by ci-github-deploy-web (blueshift-ci-github-deploy-web) via blueshift');
    // The client mocks answer unsigned: asking the creating client for its keys shows whose role session it holds.
    await (
      flow.codedeploy.mock.commandCalls(CreateDeploymentCommand)[0]?.thisValue as CodeDeployClient
    ).config.credentials();
    expect(harness.sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::111111111111:role/blueshift-operator',
      SourceIdentity: 'blueshift-ci-github-deploy-web',
      RoleSessionName: 'blueshift-ci-github-deploy-web',
      Tags: [{ Key: 'slack-user', Value: 'blueshift-ci-github-deploy-web' }],
    });
    expect(states).toEqual(['running', 'running', 'ready', 'running', 'running', 'succeeded']);
    expect(final.body).toMatchObject({ state: 'succeeded', deploymentId, approval: { decidedBy: 'U0BOB' } });
    // Assess: one progress message in the channel, saying who asked and who approved
    const progress = flow.posts('C0PRODOPS01')[1];
    expect(flow.posts('C0PRODOPS01')).toHaveLength(2);
    expect(text(flow.updatesOf(String(progress?.result?.ts)).at(-1))).toContain(
      'Requested by *CI* `github-deploy-web` · approved by <@U0BOB>',
    );
    expect(auditLines()).toContain('approval requested');
    expect(auditLines()).toContain(`deployment ${deploymentId} started (v42) (approved by U0BOB)`);
  });

  it('shows a rejection, and an expiry, to the CI job, and deploys nothing', async () => {
    // Prepare
    const rejected = idOf(await flow.post(deployWeb('prod', 'v43', 'run-1002-1')));
    // Act: bob rejects the first; nobody answers the second within 30 minutes
    await flow.click('request.reject', buttonValue(flow.posts('C0PRODOPS01')[0], 'request.reject'), 'U0BOB');
    const ignored = idOf(await flow.post(deployWeb('prod', 'v44', 'run-1003-1')));
    setClock(Date.now() + 31 * 60_000);
    const pending = await flow.get(ignored);
    await sweeperHandler(
      JSON.parse(
        readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
      ) as ScheduledEvent,
      lambdaContext,
    );
    // Assess
    expect((await flow.get(rejected)).body).toMatchObject({
      state: 'rejected',
      reason: 'rejected in Slack by U0BOB',
      approval: { decidedBy: 'U0BOB' },
    });
    expect(pending.body.state).toBe('expired');
    expect((await flow.get(ignored)).body).toMatchObject({ state: 'expired' });
    expect(text(harness.slack.callsTo('chat.update').at(-1))).toContain('Expired');
    expect(creates()).toBe(0);
  });
});

describe('a CI deployment to an environment without approvals', () => {
  it('starts at once and ends failed when CodeDeploy fails it', async () => {
    // Prepare
    const id = idOf(await flow.post(deployWeb('staging', 'v50', 'run-2001-1', { runUrl: 'https://evil.example/x' })));
    const [deploymentId = ''] = deploymentIds();
    // Act
    await flow.advance(deploymentId, 'start');
    const running = await flow.state(id);
    await flow.advance(deploymentId, 'fail-after-install');
    // Assess
    expect(running).toBe('running');
    expect((await flow.get(id)).body).toMatchObject({ state: 'failed', deploymentId });
    expect(String((await flow.get(id)).body.reason)).toContain('CodeDeploy ended it failed');
    expect(flow.posts('C0STAGING01').filter((c) => !c.args.thread_ts)).toHaveLength(1); // no approval, one message
    expect(text(flow.posts('C0STAGING01')[0])).toContain('Requested by *CI* `github-deploy-web`');
  });

  it('ends rolled-back when an alarm stops it and CodeDeploy rolls back', async () => {
    // Prepare: CodeDeploy watches an alarm in web staging and rolls back on it; v43 is live, then CI deploys v44
    Object.assign(flow.codedeploy.group('edu-web-staging'), {
      stopOnAlarms: ['edu-web-staging-5xx'],
      autoRollbackEvents: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
    });
    await flow.post(deployWeb('staging', 'v43', 'run-2002-1'));
    await flow.advance(deploymentIds()[0] ?? '', 'succeeded');
    const id = idOf(await flow.post(deployWeb('staging', 'v44', 'run-2003-1')));
    const deploymentId = deploymentIds()[1] ?? '';
    // Act
    await flow.advance(deploymentId, 'start');
    await flow.alarmStops(deploymentId, ['edu-web-staging-5xx']);
    // Assess
    expect((await flow.get(id)).body).toMatchObject({ state: 'rolled-back', deploymentId });
  });
});

describe('what a CI deployment is refused', () => {
  it('an unconfigured role: 403 naming what to configure, audited, nothing queued for the worker', async () => {
    // Act
    const answer = await flow.post(deployWeb('prod', 'v42', 'run-3001-1'), 'someone-else');
    // Assess
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: 'not-configured' });
    expect(String(answer.body.message)).toContain(
      'add { role: arn:aws:iam::999999999999:role/someone-else, environments: [prod] } under ci.principals',
    );
    expect(auditLines()).toContain('*refused* · *CI* `someone-else`');
    expect(creates()).toBe(0);
    expect(harness.slack.callsTo('chat.postMessage').filter((c) => c.args.channel !== 'C0AUDIT0001')).toEqual([]);
  });

  it('an environment the role may not deploy to: 403, for a role configured with a path', async () => {
    // Act
    const prod = await flow.post(deployWeb('prod', 'v42', 'run-3002-1'), STAGING_ROLE);
    const staging = await flow.post(deployWeb('staging', 'v42', 'run-3002-2'), STAGING_ROLE);
    // Assess
    expect(prod).toMatchObject({ status: 403, body: { error: 'environment-not-allowed' } });
    expect(String(prod.body.message)).toContain('may deploy to staging only, not to prod');
    expect(staging.status).toBe(202);
    expect(creates()).toBe(1);
  });

  it('a request that is no IAM role session, or is malformed, or names no deployable app', async () => {
    // Act
    const unsigned = await ciHandler(ciEvent('POST /ci/deployments', { userArn: undefined, body: {} }), lambdaContext);
    const user = await ciHandler(
      ciEvent('POST /ci/deployments', { userArn: 'arn:aws:iam::999999999999:user/Admin', body: {} }),
      lambdaContext,
    );
    const garbage = await ciHandler(
      { ...ciEvent('POST /ci/deployments', { userArn: sessionOf('github-deploy-web') }), body: '{oops' },
      lambdaContext,
    );
    const badKey = await flow.post({ ...deployWeb('prod', 'v42', 'short'), revision: 'v 42' });
    const noGroup = await flow.post(deployWeb('prod', 'v42', 'run-3003-1', { app: 'api' }));
    // Assess
    expect([unsigned.statusCode, user.statusCode, garbage.statusCode]).toEqual([403, 403, 400]);
    expect(user.body).toContain('signed by arn:aws:iam::999999999999:user/Admin');
    expect(badKey).toMatchObject({ status: 400, body: { error: 'invalid-request' } });
    expect(String(badKey.body.message)).toContain('revision: must be');
    expect(String(badKey.body.message)).toContain('idempotencyKey: must be');
    expect(noGroup.body.message).toBe('api is not deployed to prod. Its environments: staging.');
    expect(harness.queued).toEqual([]);
    expect(creates()).toBe(0);
  });

  it('a locked environment: refused with the lock, and nothing deployed', async () => {
    // Prepare
    await flow.type('/deploy lock web staging schema migration', 'U0CAROL', 'carol', 'C0STAGING01');
    // Act
    const id = idOf(await flow.post(deployWeb('staging', 'v42', 'run-3004-1')));
    // Assess
    expect((await flow.get(id)).body).toMatchObject({ state: 'refused' });
    expect(String((await flow.get(id)).body.reason)).toContain('`web staging` is locked by Slack user U0CAROL since');
    expect(String((await flow.get(id)).body.reason)).toContain('schema migration');
    expect(creates()).toBe(0);
    expect(auditLines()).toContain('*refused* · *CI* `github-deploy-web`');
  });

  it('firing alarms: refused naming them, since nobody can press "Deploy anyway" for CI', async () => {
    // Prepare
    flow.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'edu-web-staging-5xx', StateValue: 'ALARM' }],
      CompositeAlarms: [],
    });
    // Act
    const id = idOf(await flow.post(deployWeb('staging', 'v42', 'run-3005-1')));
    // Assess
    const answer = await flow.get(id);
    expect(answer.body.state).toBe('refused');
    expect(String(answer.body.reason)).toContain('1 alarm is firing (edu-web-staging-5xx)');
    expect(String(answer.body.reason)).toContain('cannot say "Deploy anyway"');
    expect(harness.slack.callsTo('response_url')).toEqual([]);
    expect(creates()).toBe(0);
  });

  it('a repeated idempotency key: the same request back and one deployment; with another body, 409', async () => {
    // Act
    const first = await flow.post(deployWeb('staging', 'v42', 'run-3006-1'));
    const again = await flow.post(deployWeb('staging', 'v42', 'run-3006-1'));
    const other = await flow.post(deployWeb('staging', 'v43', 'run-3006-1'));
    const otherRole = await flow.post(deployWeb('staging', 'v42', 'run-3006-1'), STAGING_ROLE);
    // Assess
    expect(first.status).toBe(202);
    expect(again).toMatchObject({ status: 200, body: { id: idOf(first), state: 'running' } });
    expect(other).toMatchObject({ status: 409, body: { error: 'idempotency-key-reused' } });
    expect(String(other.body.message)).toContain('was used for /deploy web staging v42');
    // Another role's key is its own: a second request, refused as the group is busy
    expect(otherRole.status).toBe(202);
    expect(idOf(otherRole)).not.toBe(idOf(first));
    expect((await flow.get(idOf(otherRole), STAGING_ROLE)).body.state).toBe('refused');
    expect(creates()).toBe(1);
    // One role cannot read another's requests
    expect((await flow.get(idOf(first), STAGING_ROLE)).status).toBe(404);
  });
});
