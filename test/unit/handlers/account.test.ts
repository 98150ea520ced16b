import { accountsIn, SYSTEM_ACTOR, type EnvironmentAccount } from '../../../handlers/jobs/deps';
import { buildConfig } from '../../fakes/blueshift-config';

const config = buildConfig();

function fakeTargets() {
  const asked: string[] = [];
  return {
    asked,
    for: (envName: string, _env: unknown, actor: { id: string }) => {
      asked.push(`${envName}/${actor.id}`);
      return { roleSession: `blueshift-${actor.id}` } as EnvironmentAccount; // only the session name is read here
    },
  };
}

describe('deps.account', () => {
  it("gives the environment's configuration and its account as the actor", async () => {
    // Prepare
    const targets = fakeTargets();
    const account = accountsIn(() => Promise.resolve(config), targets);
    // Act
    const { env, target } = await account('prod', { id: 'U0ALICE', name: 'alice' });
    // Assess
    expect(env).toBe(config.environments.prod);
    expect(target.roleSession).toBe('blueshift-U0ALICE');
    expect(targets.asked).toEqual(['prod/U0ALICE']);
  });

  it('fails plainly, reaching no account, when the environment is no longer configured', async () => {
    // Prepare
    const targets = fakeTargets();
    const account = accountsIn(() => Promise.resolve(config), targets);
    // Act
    const reaching = account('qa', SYSTEM_ACTOR);
    // Assess
    await expect(reaching).rejects.toThrow('environment qa is no longer configured');
    expect(targets.asked).toEqual([]);
  });
});
