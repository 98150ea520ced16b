import { run, selectTargets } from '../../../commands/status';
import type { StatusArgs } from '../../../commands/specs/status';
import { buildConfig } from '../../fakes/blueshift-config';
import { fakeStatusPorts } from '../../fakes/status-ports';
import { deployLock, exemption, failed, ok } from '../../fakes/status-views';

const config = buildConfig();

describe('selectTargets', () => {
  it.each<[StatusArgs, string[]]>([
    [{ app: undefined, env: undefined }, ['web prod', 'web staging', 'api prod']],
    [{ app: 'web', env: undefined }, ['web prod', 'web staging']],
    [{ app: undefined, env: 'prod' }, ['web prod', 'api prod']],
    [{ app: undefined, env: 'staging' }, ['web staging']],
    [{ app: 'web', env: 'staging' }, ['web staging']],
    [{ app: 'api', env: 'staging' }, []],
  ])('for %p picks %p, in configuration order', (args, expected) => {
    // Act
    const targets = selectTargets(config, args);
    // Assess
    expect(targets.map(({ app, env }) => `${app} ${env}`)).toEqual(expected);
  });
});

describe('run: what the report covers', () => {
  it.each<[StatusArgs, string]>([
    [{ app: undefined, env: undefined }, 'all apps'],
    [{ app: 'web', env: undefined }, 'web'],
    [{ app: undefined, env: 'prod' }, 'prod'],
    [{ app: 'web', env: 'prod' }, 'web prod'],
  ])('names its scope for %p as %p', async (args, scope) => {
    // Act
    const report = await run(args, config, fakeStatusPorts());
    // Assess
    expect(report.scope).toBe(scope);
  });

  it('reads each entry in its own environment’s account', async () => {
    // Prepare
    const ports = fakeStatusPorts();
    // Act
    const report = await run({ app: undefined, env: undefined }, config, ports);
    // Assess
    expect(report.entries.map((entry) => `${entry.app} ${entry.env}`)).toEqual(['web prod', 'web staging', 'api prod']);
    const groupsRead = ports.calls.filter((call) => call.method === 'active').map((call) => [call.env, ...call.args]);
    expect(groupsRead).toEqual([
      ['prod', 'edu-web', 'edu-web-prod'],
      ['staging', 'edu-web', 'edu-web-staging'],
      ['prod', 'edu-api', 'edu-api-prod'],
    ]);
  });

  it('gives each entry the lock of its own app and environment', async () => {
    // Prepare
    const webStaging = deployLock({ env: 'staging', owner: 'U0BOB', reason: 'load test' });
    const apiProd = deployLock({ app: 'api', owner: 'U0CAROL', reason: 'migration' });
    const ports = fakeStatusPorts({ locks: [webStaging, apiProd] });
    // Act
    const report = await run({ app: undefined, env: undefined }, config, ports);
    // Assess
    expect(report.entries.map((entry) => [entry.app, entry.env, entry.lock])).toEqual([
      ['web', 'prod', { ok: true, value: undefined }],
      ['web', 'staging', { ok: true, value: webStaging }],
      ['api', 'prod', { ok: true, value: apiProd }],
    ]);
  });

  it.each<[StatusArgs, string | undefined]>([
    [{ app: undefined, env: 'staging' }, 'staging'],
    [{ app: 'web', env: 'prod' }, 'prod'],
    [{ app: 'web', env: undefined }, undefined],
    [{ app: undefined, env: undefined }, undefined],
  ])('for %p lists the active exemptions of environment %p', async (args, env) => {
    // Prepare
    const exemptions = [exemption()];
    const ports = fakeStatusPorts({ exemptions });
    // Act
    const report = await run(args, config, ports);
    // Assess
    expect(ports.exemptionQueries).toEqual([env]);
    expect(report.exemptions).toEqual(ok(exemptions));
  });

  it('says why the exemptions could not be read, and still shows the rest', async () => {
    // Prepare
    const ports = fakeStatusPorts({ exemptions: new Error('ProvisionedThroughputExceededException') });
    // Act
    const report = await run({ app: 'web', env: 'prod' }, config, ports);
    // Assess
    expect(report.exemptions).toEqual(failed('described: ProvisionedThroughputExceededException'));
    expect(report.entries).toHaveLength(1);
    expect(report.entries[0]?.deployment?.ok).toBe(true);
  });

  it('stamps the report with the time from its clock', async () => {
    // Prepare
    const ports = fakeStatusPorts();
    // Act
    const report = await run({ app: 'web', env: 'prod' }, config, ports);
    // Assess
    expect(report.generatedAt).toEqual(ports.now());
  });
});
