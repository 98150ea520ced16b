import { STSClient } from '@aws-sdk/client-sts';
import { RoleAssumptionError, RoleSessions } from '../../../lib/aws/role-sessions';
import { REGION, watchedAccount, type Watched } from './account-helpers';

let sim: Watched;
const prod = {
  name: 'prod',
  role: 'arn:aws:iam::111111111111:role/blueshift-operator',
  externalId: 'blueshift-prod',
  region: REGION,
};
const alice = { id: 'U0ALICE', name: 'alice' };

beforeEach(() => {
  sim = watchedAccount();
});
afterEach(() => sim.account.stop());

describe('the simulated STS', () => {
  it('lets the bot assume the operator role for a Slack user, for an hour', async () => {
    // Prepare
    const sessions = new RoleSessions({ sts: new STSClient({ region: REGION }) });
    // Act
    const credentials = await sessions.credentialsFor(prod, alice).provider();
    // Assess
    expect(credentials.accessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect((credentials.expiration?.getTime() ?? 0) - Date.now()).toBeGreaterThan(59 * 60_000);
  });

  it.each([
    ['a wrong ExternalId', { ...prod, externalId: 'guessed' }, alice],
    ['another role', { ...prod, role: 'arn:aws:iam::111111111111:role/admin' }, alice],
    ['a SourceIdentity that is not a Slack user', prod, { id: 'bot', name: 'a bot' }],
  ])('denies access for %s, as the trust policy would', async (_case, env, user) => {
    // Prepare
    const sessions = new RoleSessions({ sts: new STSClient({ region: REGION }) });
    // Act
    const refused = await sessions
      .credentialsFor(env, user)
      .provider()
      .catch((err: unknown) => err);
    // Assess
    expect(refused).toBeInstanceOf(RoleAssumptionError);
    expect((refused as Error).message).toContain('access was denied');
  });
});
