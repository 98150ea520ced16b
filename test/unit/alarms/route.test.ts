import { parseAlarmEvent, type AlarmNotification } from '../../../commands/alarms/notification';
import { routeAlarm } from '../../../commands/alarms/route';
import { parseConfig } from '../../../lib/config/parse';
import { eventBridgeAlarm, payload, snsHttpAlarm, snsLambdaAlarm } from './payloads';

// Shaped like config/example.yml, with the two environments in different accounts and regions.
const CONFIG_YAML = `
slack: { teamId: T0BLUESHIFT, appId: A0BLUESHIFT }
auditChannel: C0AUDIT0001
environments:
  prod:
    account: "111111111111"
    region: ap-northeast-2
    role: arn:aws:iam::111111111111:role/blueshift-operator
    externalId: blueshift-prod
    channel: C0PRODOPS01
    protected: true
    access: { operators: [S0DEVELOPERS], approvers: [S0OPSLEADS] }
  staging:
    account: "222222222222"
    region: us-east-1
    role: arn:aws:iam::222222222222:role/blueshift-operator
    externalId: blueshift-staging
    channel: C0STAGING01
    access: { operators: [S0DEVELOPERS] }
apps:
  web:
    codedeploy: { application: edu-web, groups: { prod: edu-web-prod, staging: edu-web-staging } }
    artifacts: { bucket: edu-artifacts, key: "web/{revision}.zip" }
    autoScalingGroups: { prod: edu-web-prod-asg, staging: edu-web-staging-asg }
    alarmPrefix: edu-web-
  web-admin:
    codedeploy: { application: edu-web-admin, groups: { prod: edu-web-admin-prod } }
    artifacts: { bucket: edu-artifacts, key: "admin/{revision}.zip" }
    alarmPrefix: edu-web-admin-
  api:
    codedeploy: { application: edu-api, groups: { staging: edu-api-staging } }
    artifacts: { bucket: edu-artifacts, key: "api/{revision}.zip" }
    alarmPrefix: edu-api-
`;
const config = parseConfig(CONFIG_YAML, 'route.test.ts');

const PROD = { account: '111111111111', region: 'ap-northeast-2' };
const STAGING = { account: '222222222222', region: 'us-east-1' };
const one = (event: unknown): AlarmNotification => parseAlarmEvent(event)[0]!;

describe('routeAlarm', () => {
  it.each([
    [
      'EventBridge single metric',
      eventBridgeAlarm('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', {
        name: 'edu-web-prod-cpu-high',
        ...PROD,
      }),
      { channel: 'C0PRODOPS01', env: 'prod', app: 'web' },
    ],
    [
      'EventBridge metric math',
      eventBridgeAlarm('eventbridge__cw-alarm-state-change__metric-math__aws-docs.json', {
        name: 'edu-api-network-total',
        ...STAGING,
      }),
      { channel: 'C0STAGING01', env: 'staging', app: 'api' },
    ],
    [
      'EventBridge composite, longest prefix wins',
      eventBridgeAlarm('eventbridge__cw-alarm-state-change__composite-with-suppressor__aws-docs.json', {
        name: 'edu-web-admin-health',
        ...PROD,
      }),
      { channel: 'C0PRODOPS01', env: 'prod', app: 'web-admin' },
    ],
    [
      'SNS HTTP, ASG dimension',
      snsHttpAlarm('sns-http__cw-alarm__ec2-cpu-asg-dimension-ok__cloudforet.json', {
        name: 'edu-web-staging-cpu',
        ...STAGING,
      }),
      { channel: 'C0STAGING01', env: 'staging', app: 'web' },
    ],
    [
      'SNS HTTP, InstanceId',
      snsHttpAlarm('sns-http__cw-alarm__ec2-cpu-instanceid-alarm__cloudforet.json', {
        name: 'edu-web-prod-i-cpu',
        ...PROD,
      }),
      { channel: 'C0PRODOPS01', env: 'prod', app: 'web' },
    ],
    [
      'SNS Lambda, metric math',
      snsLambdaAlarm('sns-lambda__cw-alarm__metric-math-metrics-array__aws-lambda-go.json', {
        name: 'edu-api-errors',
        ...STAGING,
      }),
      { channel: 'C0STAGING01', env: 'staging', app: 'api' },
    ],
    [
      'SNS Lambda composite',
      snsLambdaAlarm('sns-lambda__cw-alarm__composite-alarm__rheoceros.json', {
        name: 'edu-web-service-down',
        ...STAGING,
      }),
      { channel: 'C0STAGING01', env: 'staging', app: 'web' },
    ],
    [
      'an app prefix whose app is not in that env: env channel, no app',
      snsLambdaAlarm('sns-lambda__cw-alarm__single-metric-networkout__aws-lambda-go.json', {
        name: 'edu-api-network',
        ...PROD,
      }),
      { channel: 'C0PRODOPS01', env: 'prod' },
    ],
    [
      'no prefix matches: env channel, no app',
      eventBridgeAlarm('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', {
        name: 'billing-estimate',
        ...PROD,
      }),
      { channel: 'C0PRODOPS01', env: 'prod' },
    ],
  ])('%s', (_name, event, route) => {
    expect(routeAlarm(config, one(event))).toEqual(route);
  });

  it('finds the app by its Auto Scaling group when the name has no prefix', () => {
    const event = snsHttpAlarm('sns-http__cw-alarm__ec2-cpu-asg-dimension-ok__cloudforet.json', {
      name: 'fleet-cpu',
      ...PROD,
    });
    const notification = one(event);
    notification.metric!.dimensions = { AutoScalingGroupName: 'edu-web-prod-asg' };
    expect(routeAlarm(config, notification)).toEqual({ channel: 'C0PRODOPS01', env: 'prod', app: 'web' });
  });

  it.each([
    [
      'the group CodeDeploy made for it',
      'CodeDeploy_edu-web-prod_d-7K2M9QX4B',
      { channel: 'C0PRODOPS01', env: 'prod', app: 'web' },
    ],
    [
      'a copy made for another app’s deployment group in that environment',
      'CodeDeploy_edu-web-admin-prod_d-7K2M9QX4B',
      { channel: 'C0PRODOPS01', env: 'prod', app: 'web-admin' },
    ],
  ])('finds the app by %s after a blue/green deployment replaced the configured group', (_name, group, route) => {
    // Prepare
    const notification = one(
      snsHttpAlarm('sns-http__cw-alarm__ec2-cpu-asg-dimension-ok__cloudforet.json', { name: 'fleet-cpu', ...PROD }),
    );
    notification.metric!.dimensions = { AutoScalingGroupName: group };
    // Act & Assess
    expect(routeAlarm(config, notification)).toEqual(route);
  });

  it.each([
    [
      'an account no environment has',
      'eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json',
      /account 123456789012 in us-east-1/,
    ],
    [
      'the placeholder account and region of a test message',
      'sns-lambda__cw-alarm__metric-math-metrics-array__aws-lambda-go.json',
      /account EXAMPLE in REGION/,
    ],
    [
      'another account in prod’s region',
      'sns-http__cw-alarm__ec2-cpu-instanceid-alarm__cloudforet.json',
      /account 257706363616 in ap-northeast-2/,
    ],
  ])('sends %s to the audit channel with the reason', (_name, file, reason) => {
    const route = routeAlarm(config, one(payload(file)));
    expect(route).toEqual({ channel: 'C0AUDIT0001', unroutable: expect.stringMatching(reason) as unknown });
  });

  it('sends blueshift’s own alarms (the dead-letter alarm in the bot’s account) to the audit channel as its own', () => {
    // Prepare
    const event = snsLambdaAlarm('sns-lambda__cw-alarm__single-metric-networkout__aws-lambda-go.json', {
      name: 'blueshift-prod-dead-letters',
      account: '999999999999',
      region: 'ap-northeast-2',
    });
    // Act
    const route = routeAlarm(config, one(event));
    // Assess
    expect(route).toEqual({
      channel: 'C0AUDIT0001',
      unroutable: expect.stringMatching(/^it is one of blueshift's own alarms/) as unknown,
    });
  });

  it('matches the account and the region, not just the account', () => {
    const event = eventBridgeAlarm('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', {
      name: 'edu-web-prod-cpu',
      account: PROD.account,
      region: 'us-east-1',
    });
    expect(routeAlarm(config, one(event))).toMatchObject({ channel: 'C0AUDIT0001' });
  });
});

describe('routeAlarm with two environments in one account and region', () => {
  const shared = parseConfig(
    CONFIG_YAML.replace('"222222222222"', '"111111111111"').replace('region: us-east-1', 'region: ap-northeast-2'),
    'shared.yml',
  );
  const alarm = (name: string, group?: string): AlarmNotification => {
    const notification = one(
      eventBridgeAlarm('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', { name, ...PROD }),
    );
    if (group) notification.metric!.dimensions = { AutoScalingGroupName: group };
    return notification;
  };

  it.each([
    [
      'the Auto Scaling group settles it',
      alarm('edu-web-cpu', 'edu-web-staging-asg'),
      { channel: 'C0STAGING01', env: 'staging', app: 'web' },
    ],
    [
      'the group CodeDeploy made settles it',
      alarm('edu-web-cpu', 'CodeDeploy_edu-web-staging_d-7K2M9QX4B'),
      { channel: 'C0STAGING01', env: 'staging', app: 'web' },
    ],
    [
      'the environment named in the alarm settles it',
      alarm('edu-web-prod-cpu-high'),
      { channel: 'C0PRODOPS01', env: 'prod', app: 'web' },
    ],
  ])('%s', (_name, notification, route) => {
    expect(routeAlarm(shared, notification)).toEqual(route);
  });

  it('is unroutable when nothing settles it, naming both environments', () => {
    expect(routeAlarm(shared, alarm('edu-web-cpu-high'))).toEqual({
      channel: 'C0AUDIT0001',
      unroutable: expect.stringMatching(/shared by environments prod, staging/) as unknown,
    });
  });
});

describe('routeAlarm with environments whose names share a word, in one account and region', () => {
  const env = (name: string, channel: string) => `
  ${name}:
    account: "111111111111"
    region: ap-northeast-2
    role: arn:aws:iam::111111111111:role/blueshift-operator
    externalId: blueshift-${name}
    channel: ${channel}
    access: { operators: [S0DEVELOPERS] }`;
  const yaml = `
slack: { teamId: T0BLUESHIFT, appId: A0BLUESHIFT }
auditChannel: C0AUDIT0001
environments:${env('staging', 'C0STAGING01')}${env('staging-2', 'C0STAGING02')}${env('prod', 'C0PRODOPS01')}
apps:
  web:
    codedeploy: { application: edu-web, groups: { staging: edu-web-staging, staging-2: edu-web-staging-2, prod: edu-web-prod } }
    artifacts: { bucket: edu-artifacts, key: "web/{revision}.zip" }
    alarmPrefix: edu-web-
`;
  const named = parseConfig(yaml, 'named.yml');
  const alarm = (name: string) =>
    one(
      eventBridgeAlarm('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', { name, ...PROD }),
    );

  it.each([
    [
      'the longer name it spells out',
      'edu-web-staging-2-5xx',
      { channel: 'C0STAGING02', env: 'staging-2', app: 'web' },
    ],
    ['the shorter name alone', 'edu-web-staging-5xx', { channel: 'C0STAGING01', env: 'staging', app: 'web' }],
    [
      'a name that only starts like another',
      'edu-web-staging-20-percent',
      { channel: 'C0STAGING01', env: 'staging', app: 'web' },
    ],
  ])('goes to %s', (_name, alarmName, route) => {
    expect(routeAlarm(named, alarm(alarmName))).toEqual(route);
  });

  it('is unroutable when it names two environments', () => {
    expect(routeAlarm(named, alarm('edu-web-staging-2-vs-prod-latency'))).toMatchObject({ channel: 'C0AUDIT0001' });
  });
});
