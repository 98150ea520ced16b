import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { DeploymentControl } from '../../../commands/deploy/ports';
import { codeDeployControl } from '../../../lib/aws/codedeploy-control';
import { DeploymentInProgressError } from '../../../lib/aws/codedeploy-errors';
import { describeEvent, REGION, waitFor, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
let control: DeploymentControl;
const v42 = { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' };
const start = (group = 'edu-web-prod') =>
  control.start({
    application: 'edu-web',
    group,
    revision: v42,
    description: '/deploy web prod v42 requested by alice (U0ALICE) via blueshift',
  });
const statusOf = async (id: string) => (await control.get(id)).status;

beforeEach(() => {
  sim = watchedAccount();
  control = codeDeployControl(new CodeDeployClient({ region: REGION }));
});
afterEach(() => sim.account.stop());

describe('the simulated CodeDeploy, driven by the real adapter', () => {
  it('moves a blue/green deployment to Ready, waits for the reroute, and succeeds, emitting the events in order', async () => {
    // Prepare
    const latest = await control.latestRevision('edu-web');
    // Act
    const id = await start();
    await waitFor(async () => (await statusOf(id)) === 'Ready', 'Ready');
    const atReady = await control.progress(id);
    await control.continue(id, 'READY_WAIT');
    await waitFor(async () => (await control.get(id)).terminationWaitStarted, 'the termination wait');
    await control.continue(id, 'TERMINATION_WAIT');
    await waitFor(async () => (await statusOf(id)) === 'Succeeded', 'Succeeded');
    // Assess
    expect(latest?.key).toBe('web/v42.zip');
    expect(atReady).toEqual({
      green: { total: 2, succeeded: 2, failed: 0, inProgress: 0 },
      blue: { total: 2, trafficBlocked: 0 },
    });
    const [green1, green2] = sim.events
      .filter((e) => describeEvent(e).startsWith('Instance READY'))
      .map((e) => (e.detail as { instanceId: string }).instanceId);
    expect(sim.events.map(describeEvent)).toEqual([
      'Deployment START',
      `Instance START ${green1}`,
      `Instance READY ${green1}`,
      `Instance START ${green2}`,
      `Instance READY ${green2}`,
      'Deployment READY',
      'Instance START i-0aaa1111bbbb2222c',
      'Instance START i-0ddd3333eeee4444f',
      `Instance SUCCESS ${green1}`,
      `Instance SUCCESS ${green2}`,
      'Instance SUCCESS i-0aaa1111bbbb2222c',
      'Instance SUCCESS i-0ddd3333eeee4444f',
      'Deployment SUCCESS',
    ]);
    expect(sim.events[0]).toMatchObject({
      source: 'aws.codedeploy',
      account: '111111111111',
      region: REGION,
      resources: [
        'arn:aws:codedeploy:ap-northeast-2:111111111111:application:edu-web',
        'arn:aws:codedeploy:ap-northeast-2:111111111111:deploymentgroup:edu-web/edu-web-prod',
      ],
      detail: { application: 'edu-web', deploymentGroup: 'edu-web-prod', deploymentId: id, state: 'START' },
    });
    expect(sim.account.snapshot().fleet.map((i) => i.id)).toEqual(expect.arrayContaining([green1, green2]));
  });

  it('fails the next deployment in AfterInstall with the migration log tail, and rolls back to the last good revision', async () => {
    // Prepare
    sim.account.scenarios.failNextDeployment();
    // Act
    const id = await start();
    await waitFor(async () => (await statusOf(id)) === 'Failed', 'Failed');
    const [failure] = await control.failures(id);
    const detail = await control.get(id);
    // Assess
    expect(failure).toMatchObject({
      label: 'Green',
      hook: 'AfterInstall',
      errorCode: 'ScriptFailed',
      script: 'scripts/migrate.sh',
    });
    expect(failure?.logTail).toContain('django.db.utils.ProgrammingError');
    expect(detail.error?.code).toBe('HEALTH_CONSTRAINTS');
    expect(sim.events.map(describeEvent).slice(-2)).toEqual([
      `Instance FAILURE ${failure?.instanceId ?? ''}`,
      'Deployment FAILURE',
    ]);
    const rollbackId = detail.rollback?.rollbackDeploymentId ?? '';
    await waitFor(async () => (await statusOf(rollbackId)) === 'Succeeded', 'the rollback');
    expect((await control.get(rollbackId)).revision?.key).toBe('web/v41.zip');
  });

  it('refuses a second deployment in the group with the real message format, naming the running one', async () => {
    // Prepare
    const running = await start();
    // Act
    const refused = await start().catch((err: unknown) => err);
    // Assess
    expect(refused).toBeInstanceOf(DeploymentInProgressError);
    expect((refused as DeploymentInProgressError).activeDeploymentId).toBe(running);
    expect(((refused as Error).cause as Error).message).toBe(
      `The Deployment Group 'edu-web-prod' already has an active Deployment '${running}'`,
    );
  });

  it('stops a deployment on request, with the rollback linked from it, and emits STOP', async () => {
    // Prepare
    const id = await start('edu-web-staging');
    await waitFor(async () => (await statusOf(id)) === 'Ready', 'Ready');
    // Act
    const answer = await control.stop(id, true);
    await waitFor(async () => (await statusOf(id)) === 'Stopped', 'Stopped');
    // Assess
    expect(answer.status).toBe('Pending');
    const detail = await control.get(id);
    expect(detail.error?.code).toBe('MANUAL_STOP');
    expect(detail.rollback?.rollbackDeploymentId).toMatch(/^d-SIM\d{6}$/);
    expect(sim.events.map(describeEvent)).toContain('Deployment STOP');
    await expect(control.continue(id, 'READY_WAIT')).rejects.toThrow(/already finished/);
  });

  it('answers the rest of the account too: lastSuccessful from the seeded history', async () => {
    // Act
    const succeeded = await control.succeeded('edu-web', 'edu-web-prod', 5);
    // Assess
    expect(succeeded.map((d) => d.id)).toEqual(['d-PROD00041', 'd-PROD00040']);
    expect(succeeded[0]?.previousRevision?.key).toBe('web/v40.zip');
  });
});

describe('stopping at any point', () => {
  it('leaves the serving fleet alone when a deployment is stopped before it started', async () => {
    // Prepare
    const serving = sim.account.snapshot().fleet.map((i) => i.id);
    const id = await start();
    // Act
    await control.stop(id, false);
    await waitFor(async () => (await statusOf(id)) === 'Stopped', 'Stopped');
    // Assess
    expect(sim.account.snapshot().fleet.map((i) => i.id)).toEqual(serving);
  });

  it('takes traffic back to blue when stopped with rollback after the reroute', async () => {
    // Prepare
    const id = await start();
    await waitFor(async () => (await statusOf(id)) === 'Ready', 'Ready');
    await control.continue(id, 'READY_WAIT');
    await waitFor(async () => (await control.get(id)).terminationWaitStarted, 'the termination wait');
    // Act
    await control.stop(id, true);
    await waitFor(async () => (await statusOf(id)) === 'Stopped', 'Stopped');
    // Assess
    const prod = sim.account.snapshot().fleet.map((i) => i.id);
    expect(prod).toEqual(expect.arrayContaining(['i-0aaa1111bbbb2222c', 'i-0ddd3333eeee4444f']));
    expect(prod).toHaveLength(3); // and staging's one
  });
});

describe('stop on alarm', () => {
  const ALARM_STOPPED =
    'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms:';

  it('stops web prod’s running deployment as CodeDeploy does when its alarm fires, then rolls back', async () => {
    // Prepare
    const id = await start();
    await waitFor(async () => (await statusOf(id)) === 'Ready', 'Ready');
    // Act
    const stopped = sim.account.scenarios.stopDeploymentByAlarm(['edu-web-prod-5xx']);
    // Assess
    expect(stopped).toBe(id);
    const detail = await control.get(id);
    expect(detail.status).toBe('Stopped');
    expect(detail.error).toEqual({ code: 'ALARM_ACTIVE', message: `${ALARM_STOPPED} edu-web-prod-5xx` });
    expect(detail.stoppedByAlarms).toEqual(['edu-web-prod-5xx']);
    expect(sim.events.map(describeEvent).at(-1)).toBe('Deployment STOP');
    const rollbackId = detail.rollback?.rollbackDeploymentId ?? '';
    expect(detail.rollback?.message).toBe(
      `Automatic rollback ${rollbackId} was started because alarm edu-web-prod-5xx stopped the deployment.`,
    );
    await waitFor(async () => (await statusOf(rollbackId)) === 'Succeeded', 'the rollback');
    expect((await control.get(rollbackId)).revision?.key).toBe('web/v41.zip');
    expect(sim.account.scenarios.stopDeploymentByAlarm()).toBeUndefined(); // nothing running any more
  });

  it('names the group’s first alarm unless told, and takes traffic back to blue after the reroute', async () => {
    // Prepare
    const id = await start();
    await waitFor(async () => (await statusOf(id)) === 'Ready', 'Ready');
    await control.continue(id, 'READY_WAIT');
    await waitFor(async () => (await control.get(id)).terminationWaitStarted, 'the termination wait');
    // Act
    sim.account.scenarios.stopDeploymentByAlarm();
    // Assess
    expect((await control.get(id)).stoppedByAlarms).toEqual(['edu-web-prod-cpu-high']);
    const prod = sim.account.snapshot().fleet.map((i) => i.id);
    expect(prod).toEqual(expect.arrayContaining(['i-0aaa1111bbbb2222c', 'i-0ddd3333eeee4444f']));
    expect(prod).toHaveLength(3); // and staging's one: the green copy is gone
  });
});
