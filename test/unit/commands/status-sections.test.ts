import type { AgentPing } from '../../../commands/ports';
import { run } from '../../../commands/status';
import type { AppEnvStatus } from '../../../commands/status-report';
import { buildConfig } from '../../fakes/blueshift-config';
import { failing, fakeStatusPorts, type TargetAnswers } from '../../fakes/status-ports';
import { deploymentSummary, failed, fleet, instance, ok } from '../../fakes/status-views';

const config = buildConfig();
const BOTH = ['i-0aaa1111', 'i-0bbb2222'];
const online = (ids: string[]) => new Map(ids.map((id): [string, AgentPing] => [id, 'Online']));
const credits = (ids: string[]) => new Map(ids.map((id): [string, number | undefined] => [id, 100]));

/** `/status web prod` against a prod account answering with `answers`. */
async function statusOfWebProd(answers: Partial<TargetAnswers> = {}) {
  const ports = fakeStatusPorts({ targets: { prod: answers } });
  const report = await run({ app: 'web', env: 'prod' }, config, ports);
  return { entry: report.entries[0], methods: ports.calls.map((call) => call.method) };
}

const healthyFleet = ok({ fleet: fleet(), credits: ok(credits(BOTH)), agents: ok(online(BOTH)) });
const lastGoodView = { ...deploymentSummary(), revisionLabel: 'v41', requestedBy: 'U0BOB' };
const lastGood = ok({ active: undefined, last: lastGoodView });

describe('run: the sections of one entry', () => {
  it('reads every section, with the deployment labelled by revision and requester', async () => {
    // Prepare
    const active = deploymentSummary({
      id: 'd-ACTIVE001',
      status: 'InProgress',
      revision: { bucket: 'edu-artifacts', key: 'web/v42.zip' },
      description: 'console',
      creator: 'user',
    });
    // Act
    const { entry, methods } = await statusOfWebProd({ active: () => Promise.resolve(active) });
    // Assess
    expect(entry).toEqual<AppEnvStatus>({
      app: 'web',
      env: 'prod',
      protected: true,
      lock: ok(undefined),
      fleetName: 'edu-web-prod-asg',
      deployment: ok({ active: { ...active, revisionLabel: 'v42', requestedBy: undefined }, last: lastGoodView }),
      alarms: ok([]),
      fleet: healthyFleet,
    });
    expect(methods.sort()).toEqual([
      'active',
      'assumeRole',
      'creditBalances',
      'deploymentGroup',
      'describe',
      'firing',
      'lastSuccessful',
      'pingStatus',
    ]);
  });

  it.each<[string, Partial<TargetAnswers>, Partial<AppEnvStatus>]>([
    [
      'the active deployment',
      { active: failing('AccessDenied') },
      { deployment: failed('described: AccessDenied'), alarms: ok([]), fleet: healthyFleet },
    ],
    [
      'the last good deployment',
      { lastSuccessful: failing('DeploymentGroupDoesNotExist') },
      { deployment: failed('described: DeploymentGroupDoesNotExist'), alarms: ok([]), fleet: healthyFleet },
    ],
    [
      'the alarms',
      { firing: failing('Throttling') },
      { deployment: lastGood, alarms: failed('described: Throttling'), fleet: healthyFleet },
    ],
    [
      'the fleet',
      { describe: failing('ValidationError') },
      { deployment: lastGood, alarms: ok([]), fleet: failed('described: ValidationError') },
    ],
    [
      'the CPU credits',
      { creditBalances: failing('GetMetricData denied') },
      {
        deployment: lastGood,
        alarms: ok([]),
        fleet: ok({ fleet: fleet(), credits: failed('described: GetMetricData denied'), agents: ok(online(BOTH)) }),
      },
    ],
    [
      'the agents',
      { pingStatus: failing('ssm:DescribeInstanceInformation denied') },
      {
        deployment: lastGood,
        alarms: ok([]),
        fleet: ok({
          fleet: fleet(),
          credits: ok(credits(BOTH)),
          agents: failed('described: ssm:DescribeInstanceInformation denied'),
        }),
      },
    ],
  ])('when %s cannot be read, says why there and shows the rest', async (_section, answers, expected) => {
    // Act
    const { entry } = await statusOfWebProd(answers);
    // Assess
    expect(entry).toMatchObject(expected);
  });

  it('when the role cannot be assumed, every section says so and nothing else is asked', async () => {
    // Act
    const { entry, methods } = await statusOfWebProd({ assumeRole: failing('AccessDenied: sts:AssumeRole') });
    // Assess
    const why = failed('described: AccessDenied: sts:AssumeRole');
    expect(entry).toMatchObject({ deployment: why, alarms: why, fleet: why });
    expect(methods).toEqual(['assumeRole']);
  });

  it('asks for CPU credits of burstable instances only, and for every instance’s agent', async () => {
    // Prepare
    const mixed = fleet({
      instances: [
        instance('i-0t3'),
        instance('i-0m5', { type: 'm5.large' }),
        instance('i-0t4g', { type: 't4g.small' }),
        instance('i-0untyped', { type: undefined }),
      ],
    });
    const ports = fakeStatusPorts({ targets: { prod: { describe: () => Promise.resolve(mixed) } } });
    // Act
    await run({ app: 'web', env: 'prod' }, config, ports);
    // Assess
    const asked = Object.fromEntries(
      ports.calls.filter((call) => call.args.length === 1).map((call) => [call.method, call.args[0]]),
    );
    expect(asked).toEqual({
      firing: 'edu-web-',
      describe: 'edu-web-prod-asg',
      creditBalances: ['i-0t3', 'i-0t4g'],
      pingStatus: ['i-0t3', 'i-0m5', 'i-0t4g', 'i-0untyped'],
    });
  });

  it('has no credits section for a fleet without burstable instances', async () => {
    // Prepare
    const fleetOfM5 = fleet({ instances: [instance('i-0m5', { type: 'm5.large' })] });
    // Act
    const { entry, methods } = await statusOfWebProd({ describe: () => Promise.resolve(fleetOfM5) });
    // Assess
    expect(entry?.fleet).toEqual(ok({ fleet: fleetOfM5, credits: undefined, agents: ok(online(['i-0m5'])) }));
    expect(methods).not.toContain('creditBalances');
  });

  it('reports a configured Auto Scaling group that does not exist, asking nothing more about it', async () => {
    // Act
    const { entry, methods } = await statusOfWebProd({ describe: () => Promise.resolve(undefined) });
    // Assess
    expect(entry?.fleet).toEqual(ok(undefined));
    expect(entry?.fleetName).toBe('edu-web-prod-asg');
    expect(methods).not.toContain('creditBalances');
    expect(methods).not.toContain('pingStatus');
  });

  it('leaves out what is not configured: no fleet, credits or agents, and no alarms without a prefix', async () => {
    // Prepare: a deployment group that targets instances by tag lists no Auto Scaling group, and none is configured.
    const ports = fakeStatusPorts({
      targets: {
        prod: { deploymentGroup: () => Promise.resolve({ serving: [], replacedOnDeploy: false, stopOnAlarms: [] }) },
      },
    });
    // Act
    const report = await run({ app: 'api', env: 'prod' }, config, ports);
    // Assess
    expect(report.entries[0]).toMatchObject({
      app: 'api',
      env: 'prod',
      alarms: undefined,
      fleet: undefined,
      fleetName: undefined,
    });
    expect(ports.calls.map((call) => call.method).sort()).toEqual([
      'active',
      'assumeRole',
      'deploymentGroup',
      'lastSuccessful',
    ]);
  });
});

describe('run: the live fleet of a blue/green deployment group', () => {
  const LIVE = 'CodeDeploy_edu-web-prod_d-7K2M9QX4B';

  it('reads the group the deployment group points at now, never the configured one a deployment replaced', async () => {
    // Prepare
    const ports = fakeStatusPorts({
      targets: {
        prod: { deploymentGroup: () => Promise.resolve({ serving: [LIVE], replacedOnDeploy: true, stopOnAlarms: [] }) },
      },
    });
    // Act
    const [entry] = (await run({ app: 'web', env: 'prod' }, config, ports)).entries;
    // Assess
    expect(entry?.fleetName).toBe(LIVE);
    expect(entry?.fleet).toEqual(healthyFleet);
    expect(ports.calls.filter((call) => call.method === 'describe').map((call) => call.args[0])).toEqual([LIVE]);
  });

  it('shows the blue and the green group while a blue/green deployment runs', async () => {
    // Prepare
    const green = { name: 'CodeDeploy_edu-web-prod_d-NEXT00001', deploymentId: 'd-NEXT00001' };
    const greenFleet = fleet({ name: green.name, instances: [instance('i-0green1')] });
    // Act
    const { entry } = await statusOfWebProd({
      deploymentGroup: () => Promise.resolve({ serving: [LIVE], green, replacedOnDeploy: true, stopOnAlarms: [] }),
      describe: (name) => Promise.resolve(name === green.name ? greenFleet : fleet()),
    });
    // Assess
    expect(entry?.fleetName).toBe(LIVE);
    expect(entry?.green).toEqual({
      ...green,
      fleet: ok({ fleet: greenFleet, credits: ok(credits(['i-0green1'])), agents: ok(online(['i-0green1'])) }),
    });
  });

  it('says the fleet is unreadable when the deployment group cannot be read, instead of leaving it out', async () => {
    // Act
    const { entry, methods } = await statusOfWebProd({
      deploymentGroup: failing('AccessDeniedException: not authorized to perform codedeploy:GetDeploymentGroup'),
    });
    // Assess
    expect(entry?.fleet).toEqual(
      failed('described: AccessDeniedException: not authorized to perform codedeploy:GetDeploymentGroup'),
    );
    expect(methods).not.toContain('describe');
  });
});
