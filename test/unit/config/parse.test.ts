import { parseConfig } from '../../../lib/config/parse';
import { configErrorOf, configYaml } from '../../fakes/blueshift-config';

describe('parseConfig', () => {
  it('reads a valid configuration and fills in the defaults', () => {
    // Prepare
    const text = configYaml();
    // Act
    const config = parseConfig(text, 'blueshift.yaml');
    // Assess
    expect(config.environments.prod?.waf?.maxExemption).toBe(8 * 3_600_000);
    expect(config.environments.staging?.protected).toBe(false);
    expect(config.environments.staging?.access).toEqual({ operators: ['S0DEVELOPERS'], approvers: [] });
    expect(config.apps.api?.autoScalingGroups).toEqual({});
    expect(config.apps.api?.artifacts.bundleType).toBe('tgz');
    expect(config.apps.web?.codedeploy.groups).toEqual({ prod: 'edu-web-prod', staging: 'edu-web-staging' });
  });

  it('turns a WAF maxExemption into milliseconds', () => {
    // Prepare
    const text = configYaml({ 'environments.prod.waf.maxExemption': '30m' });
    // Act
    const config = parseConfig(text, 'blueshift.yaml');
    // Assess
    expect(config.environments.prod?.waf?.maxExemption).toBe(30 * 60_000);
  });

  it('says where the text came from and what YAML disliked, keeping the parser error as cause', () => {
    // Prepare
    const text = 'auditChannel: C0AUDIT0001\nenvironments: [prod,\n';
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(/^blueshift\.yaml is not valid YAML: .*line 3, column 1/s);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('refuses an empty text as a whole', () => {
    // Act
    const error = configErrorOf('');
    // Assess
    expect(error.message).toBe(
      'blueshift.yaml is not a valid blueshift configuration:\n- (top level): Invalid input: expected object, received null',
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['at the top level', { owner: 'platform' }, '(top level): unknown key owner'],
    ['in an environment', { 'environments.prod.team': 'ops' }, 'environments.prod: unknown key team'],
    ['in access', { 'environments.prod.access.admins': ['U0ALICE'] }, 'environments.prod.access: unknown key admins'],
    ['in artifacts', { 'apps.web.artifacts.path': 'x' }, 'apps.web.artifacts: unknown key path'],
    [
      'in the web ACL, two at once',
      { 'environments.prod.waf.webAcl.arn': 'x', 'environments.prod.waf.webAcl.region': 'y' },
      'environments.prod.waf.webAcl: unknown keys arn, region',
    ],
  ])('names unknown keys %s', (_where, changes, expected) => {
    // Prepare
    const text = configYaml(changes);
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message).toBe(`blueshift.yaml is not a valid blueshift configuration:\n- ${expected}`);
  });

  it('lists every bad key at once, one per line', () => {
    // Prepare
    const text = configYaml({
      auditChannel: 'audit',
      'environments.staging.region': 'Seoul',
      'apps.api.artifacts.key': 'api.zip',
    });
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message.split('\n')).toEqual([
      'blueshift.yaml is not a valid blueshift configuration:',
      '- auditChannel: must be a Slack channel ID such as C0PRODOPS01',
      '- environments.staging.region: must be an AWS region such as ap-northeast-2',
      '- apps.api.artifacts.key: must contain {revision}',
    ]);
  });
});
