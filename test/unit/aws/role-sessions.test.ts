import {
  AssumeRoleCommand,
  RegionDisabledException,
  STSClient,
  STSServiceException,
  type AssumeRoleCommandOutput,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { RoleAssumptionError, RoleSessions } from '../../../lib/aws/role-sessions';

const sts = mockClient(STSClient);
const prod = {
  name: 'prod',
  role: 'arn:aws:iam::111111111111:role/blueshift-operator',
  externalId: 'blueshift-prod',
  region: 'ap-northeast-2',
};
const alice = { id: 'U0ALICE', name: 'alice' };
const bob = { id: 'U0BOB', name: 'bob.kim' };
const start = new Date('2026-03-02T09:00:00.000Z');
const minutes = (n: number): number => n * 60_000;

function assumed(keyId: string, expiration: Date, session = 'blueshift-alice'): AssumeRoleCommandOutput {
  return {
    $metadata: { httpStatusCode: 200, requestId: 'c6104cbe-af31-11e0-8154-cbc7ccf896c7' },
    Credentials: {
      AccessKeyId: keyId,
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
      Expiration: expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `AROA3XFRBF535PLBIFPI4:${session}`,
      Arn: `arn:aws:sts::111111111111:assumed-role/blueshift-operator/${session}`,
    },
    SourceIdentity: 'U0ALICE',
  };
}

function stsError(name: string, message: string): STSServiceException {
  return new STSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message });
}

describe('RoleSessions', () => {
  let now: Date;
  let sessions: RoleSessions;

  beforeEach(() => {
    sts.reset();
    now = start;
    sessions = new RoleSessions({ sts: new STSClient({ region: 'ap-northeast-2' }), now: () => now });
  });

  it('assumes the role with the external ID, the Slack user as source identity and a session tag', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves(assumed('ASIAY34FZKBOKMUTVV7A', new Date(start.getTime() + minutes(60))));
    // Act
    const { provider, sessionName: name } = sessions.credentialsFor(prod, alice);
    const credentials = await provider();
    // Assess
    expect(name).toBe('blueshift-alice');
    expect(credentials).toEqual({
      accessKeyId: 'ASIAY34FZKBOKMUTVV7A',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
      expiration: new Date('2026-03-02T10:00:00.000Z'),
    });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::111111111111:role/blueshift-operator',
      ExternalId: 'blueshift-prod',
      SourceIdentity: 'U0ALICE',
      RoleSessionName: 'blueshift-alice',
      DurationSeconds: 3600,
      Tags: [{ Key: 'slack-user', Value: 'U0ALICE' }],
    });
  });

  it('reuses the session until five minutes before it expires, then assumes the role again', async () => {
    // Prepare
    const expiry = new Date(start.getTime() + minutes(60));
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce(assumed('ASIAFIRSTSESSION0001', expiry))
      .resolvesOnce(assumed('ASIASECONDSESSION002', new Date(expiry.getTime() + minutes(55))));
    const { provider } = sessions.credentialsFor(prod, alice);
    await provider();
    // Act
    now = new Date(expiry.getTime() - minutes(5) - 1000);
    const beforeMargin = await provider();
    now = new Date(expiry.getTime() - minutes(5) + 1000);
    const afterMargin = await provider();
    // Assess
    expect(beforeMargin.accessKeyId).toBe('ASIAFIRSTSESSION0001');
    expect(afterMargin.accessKeyId).toBe('ASIASECONDSESSION002');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('lets concurrent callers share one AssumeRole', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves(assumed('ASIAY34FZKBOKMUTVV7A', new Date(start.getTime() + minutes(60))));
    // Act
    const results = await Promise.all([
      sessions.credentialsFor(prod, alice).provider(),
      sessions.credentialsFor(prod, alice).provider(),
      sessions.credentialsFor(prod, alice).provider(),
    ]);
    // Assess
    expect(new Set(results.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['ASIAY34FZKBOKMUTVV7A']));
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  });

  it('keeps one session per environment and user', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves(assumed('ASIAY34FZKBOKMUTVV7A', new Date(start.getTime() + minutes(60))));
    const staging = { ...prod, name: 'staging', externalId: 'blueshift-staging' };
    // Act
    await sessions.credentialsFor(prod, alice).provider();
    await sessions.credentialsFor(prod, bob).provider();
    await sessions.credentialsFor(staging, alice).provider();
    await sessions.credentialsFor(prod, alice).provider();
    // Assess
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 3);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleSessionName: 'blueshift-bob.kim',
      SourceIdentity: 'U0BOB',
    });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      ExternalId: 'blueshift-staging',
      SourceIdentity: 'U0ALICE',
    });
  });

  it.each(['AccessDenied', 'AccessDeniedException'])(
    'explains a %s in plain words, naming role, account and what to check',
    async (code) => {
      // Prepare
      const denied = stsError(
        code,
        'User: arn:aws:sts::999999999999:assumed-role/blueshift-prod-worker/blueshift-prod-worker is not authorized to perform: sts:SetSourceIdentity on resource: arn:aws:iam::111111111111:role/blueshift-operator',
      );
      sts.on(AssumeRoleCommand).rejects(denied);
      // Act
      const failure = sessions.credentialsFor(prod, alice).provider();
      // Assess
      await expect(failure).rejects.toBeInstanceOf(RoleAssumptionError);
      const error = (await failure.catch((err: unknown) => err)) as RoleAssumptionError;
      expect(error.name).toBe('RoleAssumptionError');
      expect(error.cause).toBe(denied);
      expect(error.account).toBe('111111111111');
      expect(error.message).toContain('arn:aws:iam::111111111111:role/blueshift-operator');
      expect(error.message).toContain('account 111111111111');
      expect(error.message).toContain('access was denied');
      expect(error.next).toContain('sts:ExternalId condition matches "blueshift-prod"');
      expect(error.next).toMatch(/sts:SetSourceIdentity and sts:TagSession are allowed on both sides/);
    },
  );

  it('maps a disabled STS region to RoleAssumptionError and retries on the next call', async () => {
    // Prepare
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(
        new RegionDisabledException({
          message: 'STS is not activated in this region for account:111111111111.',
          $metadata: {},
        }),
      )
      .resolvesOnce(assumed('ASIAY34FZKBOKMUTVV7A', new Date(start.getTime() + minutes(60))));
    const { provider } = sessions.credentialsFor(prod, alice);
    // Act
    const first = provider();
    // Assess
    await expect(first).rejects.toBeInstanceOf(RoleAssumptionError);
    await expect(first).rejects.toThrow(/STS is not activated in this region/);
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIAY34FZKBOKMUTVV7A' });
  });

  it('passes unknown STS failures through unchanged', async () => {
    // Prepare
    const tooLarge = stsError('PackedPolicyTooLargeException', 'Packed size of session tags exceeds limit');
    sts.on(AssumeRoleCommand).rejects(tooLarge);
    // Act
    const failure = sessions.credentialsFor(prod, alice).provider();
    // Assess
    await expect(failure).rejects.toBe(tooLarge);
  });
});
