import { parseConfig } from '../../../lib/config/parse';
import { configErrorOf, configYaml } from '../../fakes/blueshift-config';

const HEADING = 'blueshift.yaml is not a valid blueshift configuration:\n- ';
const ROLE = 'arn:aws:iam::999999999999:role/github-deploy-web';

describe('configuration: ci (docs/decisions/0022)', () => {
  it('is optional, and reads principals', () => {
    // Act
    const none = parseConfig(configYaml(), 'none.yml');
    const some = parseConfig(
      configYaml({
        ci: {
          principals: [{ role: ROLE, environments: ['staging', 'prod'] }],
        },
      }),
      'some.yml',
    );
    // Assess
    expect(none.ci).toBeUndefined();
    expect(some.ci).toEqual({
      principals: [{ role: ROLE, environments: ['staging', 'prod'] }],
    });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'an environment that does not exist',
      { ci: { principals: [{ role: ROLE, environments: ['prod', 'qa'] }] } },
      ['ci.principals.0.environments.1: names environment "qa", which is not under environments'],
    ],
    [
      'a principal with no environment',
      { ci: { principals: [{ role: ROLE, environments: [] }] } },
      ['ci.principals.0.environments: must name at least one environment'],
    ],
    [
      'a role that is no IAM role ARN (a session ARN)',
      { ci: { principals: [{ role: 'arn:aws:sts::999999999999:assumed-role/x/y', environments: ['prod'] }] } },
      ['ci.principals.0.role: must be an IAM role ARN such as arn:aws:iam::123456789012:role/deploy'],
    ],
    [
      'the same role twice, once with a path',
      {
        ci: {
          principals: [
            { role: ROLE, environments: ['prod'] },
            { role: 'arn:aws:iam::999999999999:role/ci/github-deploy-web', environments: ['staging'] },
          ],
        },
      },
      [
        'ci.principals.1.role: is the role of ci.principals.0 again (roles are told apart by partition, account and name): merge the two',
      ],
    ],
    [
      'the retired run hosts, saying what replaced them',
      { ci: { principals: [], runHosts: ['github.example.com'] } },
      [
        'ci.runHosts: was replaced by the top-level ciLinks: list the URL prefixes instead, such as https://github.example.com/acme/',
      ],
    ],
    ['an unknown key', { ci: { principal: [] } }, ['ci: unknown key principal']],
  ])('refuses %s, naming the key', (_case, changes, expected) => {
    // Act
    const error = configErrorOf(configYaml(changes));
    // Assess
    expect(error.message).toBe(`${HEADING}${expected.join('\n- ')}`);
  });
});
