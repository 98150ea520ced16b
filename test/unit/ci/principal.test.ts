import { authoriseCi, ciActor, ciRoleName, isCiActor } from '../../../commands/ci/principal';
import { roleArn, roleOfArn, roleOfSession } from '../../../commands/ci/roles';
import { parseConfig } from '../../../lib/config/parse';
import { configYaml } from '../../fakes/blueshift-config';

const config = parseConfig(
  configYaml({
    ci: {
      principals: [
        { role: 'arn:aws:iam::999999999999:role/github-deploy-web', environments: ['staging', 'prod'] },
        { role: 'arn:aws:iam::999999999999:role/ci/staging-deployer', environments: ['staging'] },
      ],
    },
  }),
  'ci.yml',
);
const session = (arn: string) => roleOfSession(arn)!;

describe('the caller of an AWS_IAM route', () => {
  it('is the role of an assumed-role session, without the path the session ARN never has', () => {
    // Act
    const role = roleOfSession('arn:aws:sts::999999999999:assumed-role/github-deploy-web/GitHubActions');
    // Assess
    expect(role).toEqual({
      partition: 'aws',
      account: '999999999999',
      name: 'github-deploy-web',
      session: 'GitHubActions',
    });
    expect(roleArn(role!)).toBe('arn:aws:iam::999999999999:role/github-deploy-web');
    expect(roleOfArn('arn:aws:iam::999999999999:role/ci/staging-deployer')).toEqual({
      partition: 'aws',
      account: '999999999999',
      name: 'staging-deployer',
    });
  });

  it.each([
    'arn:aws:iam::999999999999:user/Admin',
    'arn:aws:sts::999999999999:federated-user/bob',
    'arn:aws:sts::999999999999:assumed-role/no-session',
    'arn:aws:sts::999999999999:assumed-role/a/b/c',
    '',
  ])('is nobody for %p', (arn) => {
    // Act, Assess
    expect(roleOfSession(arn)).toBeUndefined();
  });
});

describe('authoriseCi', () => {
  it('allows a configured role in its environments, matching a configured path by name', () => {
    // Act, Assess
    expect(
      authoriseCi(config, session('arn:aws:sts::999999999999:assumed-role/github-deploy-web/GitHubActions'), 'prod'),
    ).toMatchObject({
      allowed: true,
    });
    expect(
      authoriseCi(config, session('arn:aws:sts::999999999999:assumed-role/staging-deployer/GitHubActions'), 'staging'),
    ).toMatchObject({
      allowed: true,
    });
  });

  it('refuses another environment, saying where to add it', () => {
    // Act
    const access = authoriseCi(
      config,
      session('arn:aws:sts::999999999999:assumed-role/staging-deployer/GitHubActions'),
      'prod',
    );
    // Assess
    expect(access).toEqual({
      allowed: false,
      code: 'environment-not-allowed',
      reason:
        "the role arn:aws:iam::999999999999:role/staging-deployer may deploy to staging only, not to prod. Add prod to its environments under ci.principals in blueshift's configuration.",
    });
  });

  it('refuses a role of the same name in another account, and any role when ci is not configured', () => {
    // Act
    const other = authoriseCi(
      config,
      session('arn:aws:sts::888888888888:assumed-role/github-deploy-web/GitHubActions'),
      'prod',
    );
    const unconfigured = authoriseCi(
      parseConfig(configYaml(), 'plain.yml'),
      session('arn:aws:sts::999999999999:assumed-role/github-deploy-web/GitHubActions'),
      'prod',
    );
    // Assess
    expect(other).toMatchObject({ allowed: false, code: 'not-configured' });
    expect(unconfigured).toEqual({
      allowed: false,
      code: 'not-configured',
      reason:
        "the role arn:aws:iam::999999999999:role/github-deploy-web is not a CI principal of blueshift. To let it deploy, add { role: arn:aws:iam::999999999999:role/github-deploy-web, environments: [prod] } under ci.principals in blueshift's configuration.",
    });
  });
});

describe('ciActor', () => {
  it('names the role as the source identity, within STS limits, and is told apart from Slack users', () => {
    // Act
    const actor = ciActor({ partition: 'aws', account: '999999999999', name: 'github-deploy-web' });
    const long = ciActor({ partition: 'aws', account: '999999999999', name: 'r'.repeat(64) });
    // Assess
    expect(actor).toEqual({ id: 'blueshift-ci-github-deploy-web', name: 'ci-github-deploy-web' });
    expect(long.id).toHaveLength(64);
    expect(long.id).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(isCiActor(actor.id)).toBe(true);
    expect(isCiActor('U0ALICE')).toBe(false);
    expect(isCiActor('blueshift-system')).toBe(false);
    expect(ciRoleName(actor.id)).toBe('github-deploy-web');
  });
});
