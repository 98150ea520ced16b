import { StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetSampledRequestsCommand } from '@aws-sdk/client-wafv2';
import type { ScheduledEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { buttonsOf, buttonValue, DeployFlow, text } from './deploy-flow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';
import { AppEndpoint, reroutedInStaging, writeWatchConfig } from './watch';
import { adminProtectionSamples } from '../fakes/waf-samples';
import { WafWorld } from '../fakes/waf-world';

const scheduled = JSON.parse(
  readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
) as ScheduledEvent;

const app = new AppEndpoint();
const configFile = 'test-results/watch/rollback.yml';
beforeAll(async () => {
  await app.start();
  writeWatchConfig(app.port, 'rollback', 'rollback');
});
afterAll(() => app.stop());

const story = useStory((h) => new DeployFlow(h), configFile);
let harness: Harness;
let flow: DeployFlow;
let clock = Date.now();

beforeEach(() => {
  ({ harness, flow } = story());
  app.reset();
  clock = Date.parse('2026-12-06T10:00:30Z');
  setClock(clock);
});

/** Moves the clock on and lets SQS deliver the delayed looks of the watch. */
async function later(ms: number): Promise<void> {
  clock += ms;
  setClock(clock);
  harness.releaseDelayed();
  await flow.drain();
}

const rerouted = () => reroutedInStaging(flow);

const thread = (ts: string) => flow.posts('C0STAGING01').filter((call) => call.args.thread_ts === ts);

describe('the watch after Reroute', () => {
  it('watches the checks for its whole window, then offers Terminate blue', async () => {
    // Prepare, Act
    const { ts } = await rerouted();
    const watching = flow.updatesOf(ts).at(-1);
    await later(30_000);
    await later(5 * 60_000);
    const halfway = flow.updatesOf(ts).at(-1);
    await later(5 * 60_000);
    // Assess: live in the message, Terminate held back until it passed
    expect(text(watching)).toContain('Watching');
    expect(text(watching)).toMatch(/\/ 200 \(\d+ ms\) · \/admin 200 \(\d+ ms\) · no alarms/);
    expect(buttonsOf(watching)).not.toContain('deployment.terminate-blue');
    expect(text(halfway)).toMatch(/Watching\* 5 of 10 min/);
    const passed = flow.updatesOf(ts).at(-1);
    expect(text(passed)).toContain('Watch passed');
    expect(buttonsOf(passed)).toContain('deployment.terminate-blue');
    expect(app.requests.filter((path) => path === '/admin').length).toBeGreaterThanOrEqual(3);
    expect(flow.codedeploy.mock).not.toHaveReceivedCommand(StopDeploymentCommand);
  });

  it('refuses Terminate blue while it watches', async () => {
    // Prepare
    const { deploymentId } = await rerouted();
    // Act
    const click = await flow.click('deployment.terminate-blue', deploymentId, 'U0BOB', 'C0STAGING01');
    // Assess
    expect(flow.repliesTo(click).join()).toContain('the watch after Reroute has not passed yet');
  });

  it('an approver ends it early with a reason; others are told who may', async () => {
    // Prepare
    const { deploymentId, ts } = await rerouted();
    // Act
    const { responseUrl: refused } = await flow.type(
      '/deploy end-watch web staging enough',
      'U0CAROL',
      'carol',
      'C0STAGING01',
    );
    const { responseUrl } = await flow.type(
      '/deploy end-watch web staging the 5xx are a known client bug',
      'U0BOB',
      'bob',
      'C0STAGING01',
    );
    await later(30_000);
    // Assess
    expect(flow.repliesTo(refused).join()).toContain('only approvers of `staging` may end the watch early');
    expect(flow.repliesTo(responseUrl).join()).toContain('Ended the watch of `' + deploymentId + '` early');
    const message = flow.updatesOf(ts).at(-1);
    expect(text(message)).toContain('Watch ended early by <@U0BOB>: the 5xx are a known client bug');
    expect(buttonsOf(message)).toContain('deployment.terminate-blue');
    expect(harness.delayed).toEqual([]);
    expect(flow.posts('C0AUDIT0001').map(text).join()).toContain('ended early: the 5xx are a known client bug');
  });

  it('rolls back once when / starts answering 500, however often the look is delivered, and says why', async () => {
    // Prepare
    const { deploymentId, ts } = await rerouted();
    app.answer('/', 500, 'Internal Server Error: template missing');
    // Act: the next look is delivered twice, and the sweeper looks for a watch to resume later
    clock += 30_000;
    setClock(clock);
    const look = harness.delayed.slice(0);
    harness.releaseDelayed();
    await flow.drain();
    harness.queued.push(...look);
    await flow.drain();
    clock += 5 * 60_000;
    setClock(clock);
    await sweeperHandler(scheduled, lambdaContext);
    harness.releaseDelayed();
    await flow.drain();
    // Assess
    expect(flow.codedeploy.mock.commandCalls(StopDeploymentCommand)).toHaveLength(1);
    expect(flow.codedeploy.mock).toHaveReceivedCommandWith(StopDeploymentCommand, {
      deploymentId,
      autoRollbackEnabled: true,
    });
    const told = thread(ts).map(text).join();
    expect(told).toContain('/ expected 200, got 500');
    expect(told).toContain('traffic goes back to the blue fleet');
    expect(thread(ts).filter((call) => text(call).includes('The watch after Reroute failed'))).toHaveLength(1);
    const audit = flow.posts('C0AUDIT0001').map(text).join();
    expect(audit).toContain('stopped and rolled back: watch failed: / expected 200, got 500');
    expect(text(flow.updatesOf(ts).at(-1))).toContain('Watch failed');
  });

  it('fails on a firing alarm of the app', async () => {
    // Prepare
    const { ts } = await rerouted();
    flow.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: 'edu-web-staging-5xx',
          StateValue: 'ALARM',
          StateReason: 'Threshold Crossed',
          MetricName: 'HTTPCode_Target_5XX_Count',
          Namespace: 'AWS/ApplicationELB',
        },
      ],
      CompositeAlarms: [],
    });
    // Act
    await later(30_000);
    // Assess
    expect(flow.codedeploy.mock.commandCalls(StopDeploymentCommand)).toHaveLength(1);
    expect(thread(ts).map(text).join()).toContain('alarm edu-web-staging-5xx is firing');
  });

  it('ends and says so in the thread when it cannot look for a reason retrying will not fix', async () => {
    // Prepare
    const { ts } = await rerouted();
    flow.cloudwatch.on(DescribeAlarmsCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: cloudwatch:DescribeAlarms'), {
        name: 'AccessDenied',
      }),
    );
    // Act
    await later(30_000);
    await later(30_000);
    // Assess
    const told = thread(ts).map(text);
    expect(told.filter((line) => line.includes('The watch after Reroute stopped: it could not look'))).toHaveLength(1);
    expect(flow.codedeploy.mock).not.toHaveReceivedCommand(StopDeploymentCommand);
    const message = flow.updatesOf(ts).at(-1);
    expect(text(message)).toContain('Watch ended early by *blueshift*: it could not look');
    expect(buttonsOf(message)).toContain('deployment.terminate-blue');
    expect(harness.delayed).toEqual([]);
  });

  it('stops looking once the deployment ended', async () => {
    // Prepare
    const { deploymentId, ts } = await rerouted();
    // Act
    await flow.advance(deploymentId, 'succeeded');
    await later(30_000);
    const asked = app.requests.length;
    await later(30_000);
    // Assess
    expect(app.requests.length).toBe(asked);
    expect(harness.delayed).toEqual([]);
    expect(text(flow.updatesOf(ts).at(-1))).toMatch(/deployed in/);
  });
});

describe('continuous checks', () => {
  const at = (minute: number) => Date.parse(`2026-12-06T11:${String(minute).padStart(2, '0')}:10Z`);

  it('says a failing check once in the channel, edits it while what fails changes, and resolves it', async () => {
    // Prepare
    app.answer('/admin', 503, 'Service Unavailable');
    // Act
    setClock(at(2));
    await sweeperHandler(scheduled, lambdaContext);
    setClock(at(7));
    await sweeperHandler(scheduled, lambdaContext);
    app.answer('/admin', 500, 'Internal Server Error');
    setClock(at(12));
    await sweeperHandler(scheduled, lambdaContext);
    app.reset();
    setClock(at(17));
    await sweeperHandler(scheduled, lambdaContext);
    // Assess
    const posted = flow.posts('C0STAGING01');
    expect(posted).toHaveLength(1);
    expect(text(posted[0])).toContain('web staging: 1 of 2 checks failing');
    expect(text(posted[0])).toContain('/admin 503 — expected 200, got 503');
    const ts = posted[0]?.result?.ts as string;
    const edits = flow.updatesOf(ts);
    expect(edits).toHaveLength(2);
    expect(text(edits[0])).toContain('got 500');
    expect(text(edits[1])).toContain('checks pass again');
  });

  it('shows each check in /status', async () => {
    // Prepare
    app.answer('/admin', 403, 'Forbidden');
    setClock(at(2));
    await sweeperHandler(scheduled, lambdaContext);
    // Act
    const { responseUrl } = await flow.type('/status web staging', 'U0CAROL', 'carol', 'C0STAGING01');
    // Assess
    const status = flow.repliesTo(responseUrl).join();
    expect(status).toContain('*Checks*');
    expect(status).toContain('/ 200');
    expect(status).toContain('/admin 403');
  });

  it('never fetches anything but the configured URLs', () => {
    expect(app.requests.every((path) => ['/', '/admin'].includes(path))).toBe(true);
  });
});

describe('a 403 from the WAF during the watch', () => {
  let waf: WafWorld;
  beforeEach(() => {
    waf = new WafWorld();
    waf.mock.on(GetSampledRequestsCommand).resolves({ SampledRequests: [], PopulationSize: 0 });
    waf.mock
      .on(GetSampledRequestsCommand, { RuleMetricName: 'AWS-AWSManagedRulesAdminProtectionRuleSet' })
      .callsFake(() => ({ SampledRequests: adminProtectionSamples('/admin'), PopulationSize: 4 }));
  });
  afterEach(() => waf.mock.restore());

  it('names the rule, does not roll back, and offers the exemption through the usual flow', async () => {
    // Prepare: web v42 in prod, approved and rerouted; security switched AdminProtection on meanwhile
    await flow.type('/deploy web prod v42', 'U0ALICE', 'alice');
    await flow.click('request.approve', buttonValue(flow.posts('C0PRODOPS01')[0], 'request.approve'), 'U0BOB');
    const [deploymentId = ''] = flow.codedeploy.deployments.keys();
    const ts = flow.posts('C0PRODOPS01')[1]?.result?.ts as string;
    await flow.advance(deploymentId, 'start');
    await flow.advance(deploymentId, 'installed');
    await flow.click('deployment.reroute', deploymentId, 'U0BOB');
    await flow.advance(deploymentId, 'rerouting');
    app.answer('/admin', 403, '<html><body>403 Forbidden</body></html>');
    // Act
    await flow.advance(deploymentId, 'termination-wait');
    await flow.drain();
    const told = flow.posts('C0PRODOPS01').filter((call) => call.args.thread_ts === ts);
    const click = await flow.click('watch.waf-exempt', deploymentId, 'U0ALICE');
    // Assess
    expect(flow.codedeploy.mock).not.toHaveReceivedCommand(StopDeploymentCommand);
    expect(told).toHaveLength(1);
    expect(text(told[0])).toContain(
      '403 on /admin came from the WAF rule AWS-AWSManagedRulesAdminProtectionRuleSet (AdminProtection_URIPATH), not from your code: rolling back will not fix it',
    );
    const message = flow.updatesOf(ts).at(-1);
    expect(text(message)).toContain('The deployment is not rolled back');
    expect(buttonsOf(message)).toContain('deployment.terminate-blue');
    expect(flow.repliesTo(click).join()).toContain(
      'Confirm `/waf-exempt prod AWS-AWSManagedRulesAdminProtectionRuleSet/AdminProtection_URIPATH /admin for 4h',
    );
  });
});
