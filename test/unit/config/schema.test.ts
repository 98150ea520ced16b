import { parseConfig } from '../../../lib/config/parse';
import { configErrorOf, configYaml } from '../../fakes/blueshift-config';

const HEADING = 'blueshift.yaml is not a valid blueshift configuration:\n- ';

describe('configuration schema: each bad value is named by its key', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'no Slack workspace and app (requests from any workspace would be answered)',
      { slack: undefined },
      'slack: Invalid input: expected object, received undefined',
    ],
    [
      'a workspace given by name',
      { 'slack.teamId': 'blueshift' },
      'slack.teamId: must be the Slack workspace (team) ID, such as T0BLUESHIFT',
    ],
    [
      'an app ID that is not one',
      { 'slack.appId': 'T0BLUESHIFT' },
      'slack.appId: must be the Slack app ID, such as A0BLUESHIFT',
    ],
    [
      'a credit watch that would not look on the same minutes every hour',
      { 'creditWatch.everyMinutes': 7 },
      'creditWatch.everyMinutes: must divide an hour: one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60',
    ],
    [
      'an account ID written as a YAML number',
      { 'environments.prod.account': 111111111111 },
      'environments.prod.account: must be a 12-digit AWS account ID (quote it in YAML)',
    ],
    [
      'an account ID of the wrong length',
      { 'environments.prod.account': '1111' },
      'environments.prod.account: must be a 12-digit AWS account ID (quote it in YAML)',
    ],
    [
      'a region that is not one',
      { 'environments.prod.region': 'seoul' },
      'environments.prod.region: must be an AWS region such as ap-northeast-2',
    ],
    [
      'a role that is not an IAM role ARN',
      { 'environments.prod.role': 'blueshift-operator' },
      'environments.prod.role: must be an IAM role ARN',
    ],
    [
      'an external ID with a space',
      { 'environments.prod.externalId': 'blue shift' },
      'environments.prod.externalId: must be 2-1224 characters of [A-Za-z0-9_+=,.@:/-]',
    ],
    [
      'a channel name instead of its ID',
      { 'environments.prod.channel': '#prod-ops' },
      'environments.prod.channel: must be a Slack channel ID such as C0PRODOPS01',
    ],
    [
      'an operator given by name',
      { 'environments.prod.access.operators': ['S0DEVELOPERS', '@alice'] },
      'environments.prod.access.operators.1: must be a Slack user (U…) or user-group (S…) ID',
    ],
    [
      'a missing access block',
      { 'environments.staging.access': undefined },
      'environments.staging.access: Invalid input: expected object, received undefined',
    ],
    [
      'a web ACL id that is not a UUID',
      { 'environments.prod.waf.webAcl.id': 'edu-web-acl' },
      'environments.prod.waf.webAcl.id: must be the web ACL UUID',
    ],
    [
      'a maxExemption that is not a duration',
      { 'environments.prod.waf.maxExemption': '8 hours' },
      'environments.prod.waf.maxExemption: must be a duration such as 30m, 2h or 1d',
    ],
    [
      'an environment name with capitals',
      { 'environments.Prod': { x: 1 } },
      'environments.Prod: must be lowercase letters, digits, - or _',
    ],
    [
      'an artifact key without {revision}',
      { 'apps.web.artifacts.key': 'web/latest.zip' },
      'apps.web.artifacts.key: must contain {revision}',
    ],
    [
      'a bucket name with capitals',
      { 'apps.web.artifacts.bucket': 'Edu-Artifacts' },
      'apps.web.artifacts.bucket: must be an S3 bucket name',
    ],
    [
      'an announce setting that is not one',
      { 'environments.staging.announce': 'mine' },
      'environments.staging.announce: Invalid option: expected one of "all"|"own"',
    ],
    [
      'a CI link prefix that would match any path on the host (github.com/acme-evil/ too)',
      { ciLinks: ['https://github.com/acme'] },
      'ciLinks.0: must be an https:// URL prefix ending in /, such as https://github.com/acme/',
    ],
    [
      'a CI link prefix over plain http',
      { ciLinks: ['http://ci.example.edu/'] },
      'ciLinks.0: must be an https:// URL prefix ending in /, such as https://github.com/acme/',
    ],
    [
      'a group copied by one blue/green deployment, which the next one deletes',
      { 'apps.web.autoScalingGroups.prod': 'CodeDeploy_edu-web-prod_d-7K2M9QX4B' },
      'apps.web.autoScalingGroups.prod: is a group CodeDeploy made for one blue/green deployment and deletes at the next; leave it out: blueshift reads the live group from the deployment group',
    ],
  ])('%s', (_case, changes, expected) => {
    // Prepare
    const text = configYaml(changes);
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message).toBe(`${HEADING}${expected}`);
  });
});

describe('configuration schema: apps name only configured environments', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'a deployment group',
      { 'apps.web.codedeploy.groups.qa': 'edu-web-qa' },
      ['apps.web.codedeploy.groups.qa: names environment "qa", which is not under environments'],
    ],
    [
      'an Auto Scaling group',
      { 'apps.api.autoScalingGroups': { qa: 'edu-api-qa-asg' } },
      ['apps.api.autoScalingGroups.qa: names environment "qa", which is not under environments'],
    ],
    [
      'both, each named once',
      { 'apps.web.codedeploy.groups.qa': 'edu-web-qa', 'apps.web.autoScalingGroups.qa': 'edu-web-qa-asg' },
      [
        'apps.web.codedeploy.groups.qa: names environment "qa", which is not under environments',
        'apps.web.autoScalingGroups.qa: names environment "qa", which is not under environments',
      ],
    ],
    [
      'a name that only JavaScript objects have',
      { 'apps.api.autoScalingGroups': { constructor: 'edu-api-asg' } },
      ['apps.api.autoScalingGroups.constructor: names environment "constructor", which is not under environments'],
    ],
  ])('refuses %s for an environment that does not exist', (_case, changes, expected) => {
    // Prepare
    const text = configYaml(changes);
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message).toBe(`${HEADING}${expected.join('\n- ')}`);
  });

  it('accepts an app watched (Auto Scaling group) but deployed elsewhere', () => {
    // Prepare
    const text = configYaml({ 'apps.api.autoScalingGroups': { staging: 'edu-api-staging-asg' } });
    // Act
    const config = parseConfig(text, 'blueshift.yaml');
    // Assess
    expect(config.apps.api?.autoScalingGroups).toEqual({ staging: 'edu-api-staging-asg' });
  });
});

describe('configuration schema: deployments started outside Slack', () => {
  it('announces them everywhere unless an environment says own, and links to no CI host unless listed', () => {
    // Prepare
    const text = configYaml({ 'environments.staging.announce': 'own' });
    // Act
    const config = parseConfig(text, 'blueshift.yaml');
    // Assess
    expect(config.environments.prod?.announce).toBe('all');
    expect(config.environments.staging?.announce).toBe('own');
    expect(config.ciLinks).toEqual([]);
  });

  it('accepts CI link prefixes ending in a slash, a host or a path', () => {
    // Prepare
    const prefixes = ['https://github.com/edu-org/', 'https://ci.example.edu/', 'https://ci.example.edu:8443/job/'];
    // Act
    const config = parseConfig(configYaml({ ciLinks: prefixes }), 'blueshift.yaml');
    // Assess
    expect(config.ciLinks).toEqual(prefixes);
  });
});
