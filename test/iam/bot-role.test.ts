import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ciActor } from '../../commands/ci/principal';
import { SYSTEM_ACTOR } from '../../handlers/jobs/deps';
import { parseConfig } from '../../lib/config/parse';
import type { SessionUser } from '../../lib/aws/role-sessions';
import { serverlessPackage } from '../serverless-package';
import { actionExists, arnOf } from './arns';
import { botWorld } from './bot-world';
import type { Template } from './cloudformation';
import { BOT_USES, GRANTED_BY_OSLS_UNUSED, type BotWorld } from './permissions';
import {
  actionsOf,
  identityStatements,
  renderBotRole,
  renderTargetAccount,
  resourcesOf,
  type PolicyDocument,
  type RolePolicies,
  type TargetStack,
} from './policies';
import { recordSession, type RecordedSession } from './sessions';
import { requestOf, simulate, type Caller, type Request } from './simulate';
import { accountWorlds, BOT, BOT_PLACE, BOT_ROLE_NAME, PACKAGE_CONFIG, REPO, simulationConfig } from './world';

// The bot's own Lambda role, from the template `serverless package` generates, and the trust between it and the
// operator roles: every call the functions make with their own credentials (and Lambda makes for them) simulated
// against it, and AssumeRole, exactly as lib/aws/role-sessions.ts sends it, against both sides.

/** A Slack user, an Enterprise Grid user (W…), the bot itself for work nobody clicked, and a CI role (ADR 0022). */
const USERS: SessionUser[] = [
  { id: 'U0ALICE', name: 'alice' },
  { id: 'W0BOB12345', name: 'bob' },
  SYSTEM_ACTOR,
  ciActor({ partition: 'aws', account: '999999999999', name: 'github-deploy-web' }),
];

let template: Template;
let bot: RolePolicies;
let world: BotWorld;
let stacks: TargetStack[];

beforeAll(async () => {
  template = (await serverlessPackage()).template as unknown as Template;
  bot = await renderBotRole(template);
  const configText = readFileSync(join(REPO, PACKAGE_CONFIG), 'utf8');
  world = await botWorld(template, parseConfig(configText, PACKAGE_CONFIG), configText, USERS);
  stacks = await Promise.all((await accountWorlds(simulationConfig())).map(renderTargetAccount));
}, 300_000);

/** The worker's session under the bot role. */
function botCaller(role: RolePolicies = bot): Caller {
  return {
    arn: `arn:aws:sts::${BOT.account}:assumed-role/${role.name}/blueshift-${BOT.stage}-worker`,
    account: BOT.account,
    role,
    context: {},
    label: role.name,
  };
}

/** The trust policy of the operator role an ARN names. */
function trustOf(roleArn: string): PolicyDocument {
  const stack = stacks.find((candidate) => candidate.operator.arn === roleArn);
  if (!stack) throw new Error(`no target-account stack creates ${roleArn}`);
  return stack.operator.trust;
}

describe("the bot's Lambda role (serverless package)", () => {
  it('is the role infra/target-account.yml trusts (BotRoleName)', () => {
    // Assess
    expect(bot.name).toBe(BOT_ROLE_NAME);
    expect(bot.arn).toBe(`arn:aws:iam::${BOT.account}:role/${BOT_ROLE_NAME}`);
    expect(stacks.every((stack) => stack.world.parameters.BotRoleName === bot.name)).toBe(true);
  });

  it('allows every call the functions make with their own credentials, and Lambda makes for them', async () => {
    // Prepare
    const denials: string[] = [];
    let simulated = 0;
    // Act
    for (const use of BOT_USES) {
      for (const target of use.targets(world)) {
        const request = await requestOf(use.action, target, BOT_PLACE);
        const resourcePolicy = request.resource.includes(':role/') ? trustOf(request.resource) : undefined;
        const outcome = await simulate(botCaller(), { ...request, ...(resourcePolicy ? { resourcePolicy } : {}) });
        simulated += 1;
        if (!outcome.allowed)
          denials.push(
            `${use.action} on ${request.resource} (${JSON.stringify(request.context)}): ${outcome.result}\n    ${outcome.explanation}`,
          );
      }
    }
    // Assess
    expect(denials).toEqual([]);
    expect(simulated).toBeGreaterThan(20);
    expect(world.parameters).toEqual([
      { name: '/blueshift/test/slack/signing-secret', decrypt: true },
      { name: '/blueshift/test/slack/bot-token', decrypt: true },
      { name: '/blueshift/test/config', decrypt: false },
      { name: '/blueshift/test/github/web', decrypt: true },
    ]);
  });

  it('grants no action blueshift does not use, besides the log permissions osls puts in every role', () => {
    // Prepare
    const used = new Set(BOT_USES.map((use) => use.action));
    // Act
    const granted = [...new Set(identityStatements(bot).flatMap(actionsOf))];
    // Assess
    expect(granted.filter((action) => !used.has(action) && !(action in GRANTED_BY_OSLS_UNUSED))).toEqual([]);
    expect(Object.keys(GRANTED_BY_OSLS_UNUSED).filter((action) => !granted.includes(action))).toEqual([]);
  });

  it("grants no `*` or `service:*` action, no action AWS does not know, and never Resource '*'", async () => {
    // Act
    const statements = identityStatements(bot);
    const actions = [...new Set(statements.flatMap(actionsOf))];
    const unknown = (
      await Promise.all(
        actions.map(async (action) => (action.includes('*') || !(await actionExists(action)) ? [action] : [])),
      )
    ).flat();
    // Assess
    expect(unknown).toEqual([]);
    expect(
      statements.filter(
        (statement) =>
          resourcesOf(statement).includes('*') ||
          statement.NotAction !== undefined ||
          statement.NotResource !== undefined,
      ),
    ).toEqual([]);
  });

  it('may assume no role but the operator roles of the configuration', async () => {
    // Prepare
    const elsewhere = await arnOf(
      'iam',
      'role',
      { ...BOT_PLACE, account: '333333333333' },
      { RoleNameWithPath: 'blueshift-operator' },
    );
    // Act
    const outcome = await simulate(botCaller(), {
      action: 'sts:AssumeRole',
      resource: elsewhere,
      resourceAccount: '333333333333',
      context: {},
    });
    // Assess
    expect(outcome.allowed).toBe(false);
  });
});

describe('the operator role trusts the bot', () => {
  let sessions: RecordedSession[];

  beforeAll(async () => {
    sessions = await Promise.all(
      stacks.flatMap((stack) =>
        stack.world.environments.flatMap((env) => USERS.map((user) => recordSession(env.name, env.config, user))),
      ),
    );
  });

  /**
   * AssumeRole as AWS evaluates it: as sts:AssumeRole, and also sts:SetSourceIdentity and sts:TagSession when the call
   * sets them.
   */
  async function assume(
    session: RecordedSession,
    context: Record<string, string | string[]>,
    caller = botCaller(),
  ): Promise<Record<string, string>> {
    const roleArn = session.input.RoleArn!;
    const account = /:iam::(\d{12}):/.exec(roleArn)![1]!;
    const request = (action: string): Request => ({
      action,
      resource: roleArn,
      resourceAccount: account,
      context,
      resourcePolicy: trustOf(roleArn),
    });
    const actions = [
      'sts:AssumeRole',
      ...('sts:SourceIdentity' in context ? ['sts:SetSourceIdentity'] : []),
      ...('aws:TagKeys' in context ? ['sts:TagSession'] : []),
    ];
    const results: Record<string, string> = {};
    for (const action of actions) {
      const outcome = await simulate(caller, request(action));
      results[action] = outcome.allowed ? 'Allowed' : `${outcome.result}: ${outcome.explanation}`;
    }
    return results;
  }

  const allAllowed = (results: Record<string, string>) =>
    Object.values(results).every((result) => result === 'Allowed');

  it('lets the bot assume it as lib/aws/role-sessions.ts does: external ID, a Slack user, blueshift-system or a CI role, the slack-user tag', async () => {
    // Act
    const refused = [];
    for (const session of sessions) {
      const results = await assume(session, session.requestContext);
      if (!allAllowed(results))
        refused.push({ role: session.input.RoleArn, as: session.input.SourceIdentity, results });
    }
    // Assess
    expect(refused).toEqual([]);
    expect(sessions.map((session) => session.input.SourceIdentity)).toEqual(
      expect.arrayContaining(['U0ALICE', 'W0BOB12345', 'blueshift-system', 'blueshift-ci-github-deploy-web']),
    );
    expect(
      sessions.every(
        (session) =>
          'sts:ExternalId' in session.requestContext && 'aws:RequestTag/slack-user' in session.requestContext,
      ),
    ).toBe(true);
  });

  const without = (context: Record<string, string | string[]>, ...keys: string[]) =>
    Object.fromEntries(Object.entries(context).filter(([key]) => !keys.includes(key)));
  const withIdentity = (context: Record<string, string | string[]>, identity: string) => ({
    ...context,
    'sts:SourceIdentity': identity,
    'aws:RequestTag/slack-user': identity,
  });

  it.each([
    ['without the external ID', (context: Record<string, string | string[]>) => without(context, 'sts:ExternalId')],
    [
      'with another external ID',
      (context: Record<string, string | string[]>) => ({ ...context, 'sts:ExternalId': 'blueshift-other' }),
    ],
    [
      'without a source identity (nor the tag)',
      (context: Record<string, string | string[]>) =>
        without(context, 'sts:SourceIdentity', 'aws:RequestTag/slack-user', 'aws:TagKeys'),
    ],
    [
      'naming someone who is no Slack user: mallory',
      (context: Record<string, string | string[]>) => withIdentity(context, 'mallory'),
    ],
    [
      'naming a Slack user group, not a user: S0OPSLEADS',
      (context: Record<string, string | string[]>) => withIdentity(context, 'S0OPSLEADS'),
    ],
    [
      'naming another blueshift-… identity: blueshift-admin',
      (context: Record<string, string | string[]>) => withIdentity(context, 'blueshift-admin'),
    ],
    [
      'naming a look-alike of a CI role: blueshift-cinema',
      (context: Record<string, string | string[]>) => withIdentity(context, 'blueshift-cinema'),
    ],
  ])('refuses AssumeRole %s', async (_, change) => {
    // Prepare
    const session = sessions.find((candidate) => candidate.input.SourceIdentity === 'U0ALICE')!;
    // Act
    const results = await assume(session, change(session.requestContext));
    // Assess
    expect(results['sts:AssumeRole']).toMatch(/Denied/);
  });

  it('refuses session tags other than the slack-user tag naming the same kind of identity', async () => {
    // Prepare
    const session = sessions.find((candidate) => candidate.input.SourceIdentity === 'U0ALICE')!;
    // Act
    const extraTag = await assume(session, {
      ...session.requestContext,
      'aws:TagKeys': ['slack-user', 'team'],
      'aws:RequestTag/team': 'admins',
    });
    const badValue = await assume(session, { ...session.requestContext, 'aws:RequestTag/slack-user': 'mallory' });
    // Assess
    expect(extraTag['sts:TagSession']).toMatch(/Denied/);
    expect(badValue['sts:TagSession']).toMatch(/Denied/);
  });

  it('refuses any other principal, even one its own account allows to assume every role', async () => {
    // Prepare
    const session = sessions.find((candidate) => candidate.input.SourceIdentity === 'U0ALICE')!;
    const anyRole = (name: string, account: string): RolePolicies => ({
      name,
      arn: `arn:aws:iam::${account}:role/${name}`,
      trust: { Version: '2012-10-17', Statement: [] },
      identity: [
        {
          name: 'assume-anything',
          policy: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'], Resource: '*' },
            ],
          },
        },
      ],
    });
    const targetAccount = /:iam::(\d{12}):/.exec(session.input.RoleArn!)![1]!;
    // Act
    const sameAccountAsBot = await assume(
      session,
      session.requestContext,
      botCaller(anyRole('blueshift-test-ap-northeast-2-other', BOT.account)),
    );
    const targetItself = await assume(session, session.requestContext, {
      ...botCaller(anyRole('deployer', targetAccount)),
      arn: `arn:aws:sts::${targetAccount}:assumed-role/deployer/x`,
      account: targetAccount,
    });
    // Assess
    expect(sameAccountAsBot['sts:AssumeRole']).toMatch(/Denied/);
    expect(targetItself['sts:AssumeRole']).toMatch(/Denied/);
  });
});
