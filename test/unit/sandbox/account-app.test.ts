import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { DeploymentControl } from '../../../commands/deploy/ports';
import { codeDeployControl } from '../../../lib/aws/codedeploy-control';
import type { SeenRequest } from '../../../sandbox/aws/waf-samples';
import { REGION, waitFor, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
let control: DeploymentControl;
const codedeploy = new CodeDeployClient({ region: REGION });

const get = (uri: string, clientIp = '127.0.0.1'): SeenRequest => ({
  uri,
  method: 'GET',
  clientIp,
  country: 'KR',
  httpVersion: 'HTTP/1.1',
  headers: [{ Name: 'Host', Value: '127.0.0.1:8080' }],
});
const status = (group: string, uri: string) => sim.account.serveApp(group, get(uri)).status;
const servingOf = (group: string) => sim.account.snapshot().traffic.find((t) => t.group === group);

async function started(group: string, key: string): Promise<string> {
  return control.start({
    application: 'edu-web',
    group,
    revision: { bucket: 'edu-artifacts', key, bundleType: 'zip' },
    description: 'a test deployment',
  });
}

async function rerouted(id: string): Promise<void> {
  await waitFor(async () => (await control.get(id)).status === 'Ready', `${id} Ready`);
  await control.continue(id, 'READY_WAIT');
  await waitFor(async () => (await control.get(id)).terminationWaitStarted, `${id} rerouted`);
}

beforeEach(() => {
  sim = watchedAccount();
  control = codeDeployControl(codedeploy);
});
afterEach(() => sim.account.stop());

describe("the app behind each deployment group's load balancer", () => {
  it('answers / and /admin from the revision serving, and 404 for anything else', () => {
    // Act
    const home = sim.account.serveApp('edu-web-prod', get('/'));
    const admin = sim.account.serveApp('edu-web-staging', get('/admin?next=/'));
    // Assess
    expect(home).toEqual({ status: 200, body: expect.stringContaining('served by v41') as string });
    expect(admin).toEqual({ status: 200, body: expect.stringContaining('Log in') as string });
    expect(status('edu-web-prod', '/admin/users')).toBe(404);
    expect(servingOf('edu-web-staging')).toEqual({
      group: 'edu-web-staging',
      revision: 'v42',
      deploymentId: 'd-STAG00042',
      fleet: 'blue',
      broken: false,
    });
  });

  it("follows the deployment: blue until the reroute, green after it, blue again after the watch's rollback", async () => {
    // Prepare
    sim.account.scenarios.breakNextRevision();
    const id = await started('edu-web-prod', 'web/v42.zip');
    // Act
    await waitFor(async () => (await control.get(id)).status === 'Ready', `${id} Ready`);
    const beforeReroute = [servingOf('edu-web-prod'), status('edu-web-prod', '/')];
    await rerouted(id);
    const afterReroute = [servingOf('edu-web-prod'), status('edu-web-prod', '/'), status('edu-web-prod', '/admin')];
    await control.stop(id, true);
    await waitFor(async () => (await control.get(id)).status === 'Stopped', `${id} stopped`);
    const stopped = servingOf('edu-web-prod');
    const rollback = (await control.get(id)).rollback?.rollbackDeploymentId ?? '';
    await waitFor(async () => (await control.get(rollback)).status === 'Succeeded', `${rollback} Succeeded`);
    // Assess
    expect(beforeReroute).toEqual([expect.objectContaining({ revision: 'v41', fleet: 'blue', broken: false }), 200]);
    expect(afterReroute).toEqual([
      { group: 'edu-web-prod', revision: 'v42', deploymentId: id, fleet: 'green', broken: true },
      500,
      200,
    ]);
    expect(stopped).toEqual(expect.objectContaining({ revision: 'v41', deploymentId: 'd-PROD00041', fleet: 'blue' }));
    expect(servingOf('edu-web-prod')).toEqual({
      group: 'edu-web-prod',
      revision: 'v41',
      deploymentId: rollback,
      fleet: 'blue',
      broken: false,
    });
    expect(status('edu-web-prod', '/')).toBe(200);
  });

  it('breaks only the next deployment, and keeps serving it once it succeeded', async () => {
    // Prepare
    sim.account.scenarios.breakNextRevision();
    const broken = await started('edu-web-staging', 'web/v43.zip');
    await rerouted(broken);
    await control.continue(broken, 'TERMINATION_WAIT');
    await waitFor(async () => (await control.get(broken)).status === 'Succeeded', `${broken} Succeeded`);
    const afterSuccess = status('edu-web-staging', '/');
    // Act
    const next = await started('edu-web-staging', 'web/v44.zip');
    await rerouted(next);
    // Assess
    expect(afterSuccess).toBe(500);
    expect(servingOf('edu-web-staging')).toEqual(expect.objectContaining({ revision: 'v44', broken: false }));
    expect(status('edu-web-staging', '/')).toBe(200);
  });

  it('sends web prod through the web ACL once AdminProtection is in it; staging has no web ACL', () => {
    // Prepare
    const before = status('edu-web-prod', '/admin');
    // Act
    sim.account.scenarios.enableAdminProtection();
    const blocked = sim.account.serveApp('edu-web-prod', get('/admin'));
    // Assess
    expect(before).toBe(200);
    expect(blocked).toEqual({ status: 403, body: expect.stringContaining('403 Forbidden') as string });
    expect(status('edu-web-prod', '/')).toBe(200);
    expect(status('edu-web-staging', '/admin')).toBe(200);
  });
});
