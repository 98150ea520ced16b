import { GetSampledRequestsCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import type { HttpCheck } from '../../../commands/checks/types';
import { httpProbe } from '../../../lib/http/http-probe';
import { startAppEndpoints, type AppEndpoints } from '../../../sandbox/server/app-endpoints';
import { REGION, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
let apps: AppEndpoints;
const logged: string[] = [];

const check = (url: string, name: string): HttpCheck => ({
  name,
  url,
  method: 'GET',
  expect: [200],
  headers: {},
  timeoutMs: 2_000,
});

beforeEach(async () => {
  sim = watchedAccount();
  apps = await startAppEndpoints(
    ['edu-web-prod', 'edu-web-staging'],
    (group, request) => sim.account.serveApp(group, request),
    (line) => logged.push(line),
  );
});
afterEach(async () => {
  await apps.close();
  sim.account.stop();
});

describe("the sandbox's app endpoints, as blueshift's HTTP checks reach them", () => {
  it("answers each group's checks on its own loopback port, through the real probe", async () => {
    // Prepare
    const [prod, staging] = apps.endpoints;
    sim.account.scenarios.enableAdminProtection();
    const probe = httpProbe();
    // Act
    const results = await Promise.all([
      probe.run(check(`${prod?.url ?? ''}/`, '/')),
      probe.run(check(`${prod?.url ?? ''}/admin`, 'prod /admin')),
      probe.run(check(`${staging?.url ?? ''}/admin`, 'staging /admin')),
    ]);
    const head = await fetch(`${prod?.url ?? ''}/`, { method: 'HEAD' });
    // Assess
    expect(apps.endpoints.map((app) => app.deploymentGroup)).toEqual(['edu-web-prod', 'edu-web-staging']);
    expect(prod?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(results.map((result) => [result.check, result.status, result.passed])).toEqual([
      ['/', 200, true],
      ['prod /admin', 403, false],
      ['staging /admin', 200, true],
    ]);
    expect([head.status, await head.text()]).toEqual([200, '']);
    expect(logged).toEqual([]);
  });

  it('samples the blocked check as the load balancer saw it: loopback client, method, headers', async () => {
    // Prepare
    sim.account.scenarios.enableAdminProtection();
    await httpProbe().run(check(`${apps.endpoints[0]?.url ?? ''}/admin`, '/admin'));
    const now = new Date();
    // Act
    const out = await new WAFV2Client({ region: REGION }).send(
      new GetSampledRequestsCommand({
        WebAclArn: `arn:aws:wafv2:${REGION}:111111111111:regional/webacl/edu-web-acl/11111111-2222-3333-4444-555555555555`,
        RuleMetricName: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
        Scope: 'REGIONAL',
        TimeWindow: { StartTime: new Date(now.getTime() - 60_000), EndTime: new Date(now.getTime() + 1_000) },
        MaxItems: 10,
      }),
    );
    // Assess
    const [sample] = out.SampledRequests ?? [];
    expect(sample?.Request).toMatchObject({ ClientIP: '127.0.0.1', URI: '/admin', Method: 'GET' });
    expect(sample?.Request?.Headers).toContainEqual({ Name: 'user-agent', Value: 'blueshift-check' });
  });
});
