import { ciActor } from '../../commands/ci/principal';
import { SYSTEM_ACTOR } from '../../handlers/jobs/deps';
import type { SessionUser } from '../../lib/aws/role-sessions';
import { actionExists, arnOf } from './arns';
import { OPERATOR_USES } from './permissions';
import { actionsOf, identityStatements, renderTargetAccount, resourcesOf, type TargetStack } from './policies';
import { recordSession } from './sessions';
import { mayUseWildcard, requestOf, simulate, type Caller } from './simulate';
import { accountWorlds, simulationConfig, type EnvironmentWorld } from './world';

// Every call blueshift makes in a target account, simulated with AWS's authorisation data against the operator
// role infra/target-account.yml creates there: for each environment of a realistic configuration, as a Slack
// user and as blueshift-system, on the resources and with the condition keys AWS authorises the call with.

/**
 * A Slack user of the configuration (an operator of prod), the bot itself for work nobody clicked, and a CI role
 * (docs/decisions/0022).
 */
const USERS: SessionUser[] = [
  { id: 'U0ALICE', name: 'alice' },
  SYSTEM_ACTOR,
  ciActor({ partition: 'aws', account: '999999999999', name: 'github-deploy-web' }),
];

let stacks: TargetStack[];

beforeAll(async () => {
  stacks = await Promise.all((await accountWorlds(simulationConfig())).map(renderTargetAccount));
});

async function callerIn(stack: TargetStack, env: EnvironmentWorld, user: SessionUser): Promise<Caller> {
  const session = await recordSession(env.name, env.config, user);
  return {
    arn: session.sessionArn,
    account: env.place.account,
    role: stack.operator,
    context: session.sessionContext,
    label: `${user.id} in ${env.name}`,
  };
}

describe('the operator role of infra/target-account.yml', () => {
  it('is the role each environment of the configuration names', () => {
    // Act
    const named = stacks.flatMap((stack) =>
      stack.world.environments.map((env) => [env.config.role, stack.stack.outputs.OperatorRoleArn]),
    );
    // Assess
    for (const [configured, created] of named) expect(created).toBe(configured);
    expect(stacks.map((stack) => stack.world.parameters.CodeDeployApplications)).toContainEqual(['edu-web', 'edu-api']);
    expect(stacks.map((stack) => stack.world.parameters.WebAclArns)).toContainEqual([
      expect.stringContaining(':regional/webacl/'),
      expect.stringContaining(':global/webacl/'),
    ]);
  });

  it('allows every call blueshift makes in a target account, as a Slack user, as blueshift-system and as a CI role', async () => {
    // Prepare
    const denials = new Map<string, string[]>(); // one line per denied request, with who was denied
    let simulated = 0;
    // Act
    for (const stack of stacks) {
      for (const env of stack.world.environments) {
        for (const user of USERS) {
          const caller = await callerIn(stack, env, user);
          for (const use of OPERATOR_USES) {
            for (const target of use.targets(env)) {
              const request = await requestOf(use.action, target, env.place);
              const outcome = await simulate(caller, request);
              simulated += 1;
              if (!outcome.allowed) {
                const denial = `${use.action} on ${request.resource}: ${outcome.result}\n    ${outcome.explanation}`;
                denials.set(denial, [...(denials.get(denial) ?? []), caller.label]);
              }
            }
          }
        }
      }
    }
    // Assess
    expect([...denials].map(([denial, who]) => `${denial}\n    (as ${who.join(', ')})`)).toEqual([]);
    expect(simulated).toBeGreaterThan(200);
  });

  it('grants no action blueshift does not use', () => {
    // Prepare
    const used = new Set(OPERATOR_USES.map((use) => use.action));
    // Act
    const unused = stacks
      .flatMap((stack) => identityStatements(stack.operator).flatMap(actionsOf))
      .filter((action) => !used.has(action));
    // Assess
    expect([...new Set(unused)]).toEqual([]);
  });

  it('grants no `*` or `service:*` action, and only actions AWS knows', async () => {
    // Act
    const actions = [...new Set(stacks.flatMap((stack) => identityStatements(stack.operator).flatMap(actionsOf)))];
    const unknown = (
      await Promise.all(
        actions.map(async (action) => (action.includes('*') || !(await actionExists(action)) ? [action] : [])),
      )
    ).flat();
    // Assess
    expect(actions.length).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
    for (const stack of stacks)
      for (const statement of identityStatements(stack.operator)) expect(statement.NotAction).toBeUndefined();
  });

  it("grants Resource '*' only to actions AWS authorises against nothing narrower", async () => {
    // Act
    const wildcards = stacks.flatMap((stack) =>
      identityStatements(stack.operator).filter((statement) => resourcesOf(statement).includes('*')),
    );
    const scopable = (
      await Promise.all(
        wildcards.flatMap(actionsOf).map(async (action) => ((await mayUseWildcard(action)) ? [] : [action])),
      )
    ).flat();
    // Assess
    expect(wildcards.length).toBeGreaterThan(0);
    expect([...new Set(scopable)]).toEqual([]);
  });

  it('has no WAF permission at all in an account whose environments have no web ACL', () => {
    // Act
    const withoutAcls = stacks.filter((stack) => stack.world.environments.every((env) => !env.webAcl));
    // Assess
    expect(withoutAcls.length).toBeGreaterThan(0);
    for (const stack of withoutAcls) {
      expect(
        identityStatements(stack.operator)
          .flatMap(actionsOf)
          .filter((action) => action.startsWith('wafv2:')),
      ).toEqual([]);
    }
  });

  it('refuses what blueshift never asks for: other applications, other web ACLs, IP sets it did not make', async () => {
    // Prepare
    const stack = stacks.find((candidate) =>
      candidate.world.environments.some((env) => env.webAcl?.scope === 'REGIONAL'),
    )!;
    const env = stack.world.environments.find((candidate) => candidate.webAcl?.scope === 'REGIONAL')!;
    const caller = await callerIn(stack, env, USERS[0]!);
    const waf = (type: string, name: string) =>
      arnOf('wafv2', type, env.place, { Scope: 'regional', Name: name, Id: '12345678-1234-4234-8234-123456789012' });
    const requests = [
      {
        action: 'codedeploy:CreateDeployment',
        resource: await arnOf('codedeploy', 'deploymentgroup', env.place, {
          ApplicationName: 'payments',
          DeploymentGroupName: 'payments-prod',
        }),
      },
      {
        action: 'codedeploy:RegisterApplicationRevision',
        resource: await arnOf('codedeploy', 'application', env.place, { ApplicationName: 'payments' }),
      },
      { action: 'wafv2:UpdateWebACL', resource: await waf('webacl', 'payments-acl') },
      { action: 'wafv2:GetWebACL', resource: await waf('webacl', 'payments-acl') },
      { action: 'wafv2:DeleteIPSet', resource: await waf('ipset', 'office-ips') },
      { action: 'wafv2:UpdateIPSet', resource: await waf('ipset', 'office-ips') },
      {
        action: 'cloudwatch:DisableAlarmActions',
        resource: await arnOf(
          'cloudwatch',
          'alarm',
          { ...env.place, region: 'eu-west-1' },
          { AlarmName: 'edu-web-cpu-high' },
        ),
      },
    ];
    // Act
    const allowed = [];
    for (const request of requests) {
      const outcome = await simulate(caller, { ...request, resourceAccount: env.place.account, context: {} });
      if (outcome.allowed) allowed.push(`${request.action} on ${request.resource}`);
    }
    // Assess
    expect(allowed).toEqual([]);
  });
});
