import {
  authorise,
  describePrincipals,
  servedChannels,
  type AccessDecision,
  type Actor,
} from '../../../commands/access';
import { statusSpec } from '../../../commands/specs/status';
import { buildConfig } from '../../fakes/blueshift-config';
import { deploySpec } from '../../../commands/specs/deploy';
import { fakeDirectory } from '../../fakes/user-directory';

const config = buildConfig();
const inProdChannel = (id: string): Actor => ({ id, channel: 'C0PRODOPS01' });
const deployWebTo = (env: string) => ({ app: 'web', env, revision: 'latest' });

describe('servedChannels', () => {
  it('lists the environments’ channels, then the audit channel', () => {
    // Act
    const channels = servedChannels(config);
    // Assess
    expect(channels).toEqual(['C0PRODOPS01', 'C0STAGING01', 'C0AUDIT0001']);
  });

  it('lists a channel shared by two environments once', () => {
    // Prepare
    const shared = buildConfig({ 'environments.staging.channel': 'C0PRODOPS01', auditChannel: 'C0PRODOPS01' });
    // Act
    const channels = servedChannels(shared);
    // Assess
    expect(channels).toEqual(['C0PRODOPS01']);
  });
});

describe('authorise', () => {
  it('refuses a channel blueshift does not serve, listing the ones it does', async () => {
    // Act
    const decision = await authorise(
      statusSpec,
      {},
      { id: 'U0ALICE', channel: 'C0RANDOM001' },
      config,
      fakeDirectory(),
    );
    // Assess
    expect(decision).toEqual<AccessDecision>({
      allowed: false,
      reason:
        'blueshift answers only in its channels: <#C0PRODOPS01>, <#C0STAGING01>, <#C0AUDIT0001>. Run the command there.',
    });
  });

  it.each(['C0PRODOPS01', 'C0STAGING01', 'C0AUDIT0001'])(
    'lets anyone read in %s without asking Slack',
    async (channel) => {
      // Prepare
      const directory = fakeDirectory();
      // Act
      const decision = await authorise(statusSpec, { env: 'prod' }, { id: 'U0STRANGER', channel }, config, directory);
      // Assess
      expect(decision).toEqual<AccessDecision>({ allowed: true, as: 'reader' });
      expect(directory.lookups).toEqual([]);
    },
  );

  it('lets an operator named by user ID act without looking up groups', async () => {
    // Prepare
    const directory = fakeDirectory();
    // Act
    const decision = await authorise(deploySpec, deployWebTo('prod'), inProdChannel('U0ALICE'), config, directory);
    // Assess
    expect(decision).toEqual<AccessDecision>({ allowed: true, as: 'operator' });
    expect(directory.lookups).toEqual([]);
  });

  it('lets a member of an operator user group act', async () => {
    // Prepare
    const directory = fakeDirectory({ S0DEVELOPERS: ['U0CAROL', 'U0DAVE'] });
    // Act
    const decision = await authorise(deploySpec, deployWebTo('prod'), inProdChannel('U0DAVE'), config, directory);
    // Assess
    expect(decision).toEqual<AccessDecision>({ allowed: true, as: 'operator' });
    expect(directory.lookups).toEqual(['S0DEVELOPERS']);
  });

  it('refuses a non-operator, naming the environment, who to ask and the config key', async () => {
    // Prepare
    const directory = fakeDirectory({ S0DEVELOPERS: ['U0CAROL'], S0OPSLEADS: ['U0EVE'] });
    // Act
    const decision = await authorise(deploySpec, deployWebTo('prod'), inProdChannel('U0EVE'), config, directory);
    // Assess
    expect(decision).toEqual<AccessDecision>({
      allowed: false,
      reason:
        'only operators of `prod` may run this. Ask someone in <!subteam^S0DEVELOPERS>, <@U0ALICE>, or ask an admin to add you to `environments.prod.access.operators`.',
    });
  });

  it('checks the operators of the environment in the command, not of the channel', async () => {
    // Prepare
    const directory = fakeDirectory({ S0DEVELOPERS: ['U0CAROL'] });
    // Act
    const decision = await authorise(deploySpec, deployWebTo('staging'), inProdChannel('U0ALICE'), config, directory);
    // Assess
    expect(decision).toEqual<AccessDecision>({
      allowed: false,
      reason:
        'only operators of `staging` may run this. Ask someone in <!subteam^S0DEVELOPERS>, or ask an admin to add you to `environments.staging.access.operators`.',
    });
  });

  it.each<[string, Record<string, string | undefined>]>([
    ['no environment', { app: 'web' }],
    ['an environment that is not configured', { app: 'web', env: 'qa' }],
  ])('refuses an operator command with %s', async (_case, args) => {
    // Act
    const decision = await authorise(deploySpec, args, inProdChannel('U0ALICE'), config, fakeDirectory());
    // Assess
    expect(decision).toEqual<AccessDecision>({
      allowed: false,
      reason: 'this command needs an environment to check who may run it.',
    });
  });

  it('fails when Slack cannot say who is in a group', async () => {
    // Prepare
    const directory = { membersOf: () => Promise.reject(new Error('usergroups.users.list: ratelimited')) };
    // Act
    const deciding = authorise(deploySpec, deployWebTo('prod'), inProdChannel('U0DAVE'), config, directory);
    // Assess
    await expect(deciding).rejects.toThrow('usergroups.users.list: ratelimited');
  });
});

describe('describePrincipals', () => {
  it.each<[string[], string]>([
    [['S0DEVELOPERS', 'U0ALICE', 'W0ENTERPRISE'], '<!subteam^S0DEVELOPERS>, <@U0ALICE>, <@W0ENTERPRISE>'],
    [[], 'nobody yet (the list is empty)'],
  ])('writes %p as Slack mentions', (principals, expected) => {
    // Act
    const text = describePrincipals(principals);
    // Assess
    expect(text).toBe(expected);
  });
});
