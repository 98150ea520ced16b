import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { parse } from 'yaml';
import { JOB_MAX_RECEIVE_COUNT } from '../../lib/config/limits';
import { parseConfig } from '../../lib/config/parse';
import { readSettings } from '../../lib/config/settings';
import { PACKAGE_FIXTURE, serverlessPackage } from '../serverless-package';

// `serverless package` (osls) as CI and operators run it (test/serverless-package.ts, shared with the IAM tests),
// then assertions on the CloudFormation it generates and on the zips it builds.

const REPO = resolve(__dirname, '..', '..');
const FIXTURE = PACKAGE_FIXTURE;
const HANDLERS = {
  slack: 'functions/slack.handler',
  worker: 'functions/worker.handler',
  deployEvents: 'functions/deploy-events.handler',
  alarmEvents: 'functions/alarm-events.handler',
  sweeper: 'functions/sweeper.handler',
  ci: 'functions/ci.handler',
} as const;
type FunctionName = keyof typeof HANDLERS;

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let packageDir: string;
let template: { Resources: Record<string, CfnResource> };
const fixture = parse(readFileSync(join(REPO, FIXTURE), 'utf8')) as {
  environments: Record<string, { role: string; account: string }>;
};
const fixtureRoles = Object.values(fixture.environments).map((env) => env.role);
const fixtureAccounts = Object.values(fixture.environments).map((env) => env.account);

beforeAll(async () => {
  ({ dir: packageDir, template } = await serverlessPackage());
}, 300_000);

function resourcesOfType(type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function lambda(name: FunctionName): [string, CfnResource] {
  const found = resourcesOfType('AWS::Lambda::Function').find(
    ([, fn]) => fn.Properties.FunctionName === `blueshift-test-${name}`,
  );
  if (!found) throw new Error(`no function blueshift-test-${name} in the template`);
  return found;
}

const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

function ruleTargeting(name: FunctionName): CfnResource {
  const [id] = lambda(name);
  const rule = resourcesOfType('AWS::Events::Rule')
    .map(([, resource]) => resource)
    .find((resource) => JSON.stringify(resource.Properties.Targets).includes(JSON.stringify(arnOf(id))));
  if (!rule) throw new Error(`no EventBridge rule targets ${name}`);
  return rule;
}

function roleStatements(): Statement[] {
  return resourcesOfType('AWS::IAM::Role').flatMap(([, role]) =>
    ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    ),
  );
}

/** The HTTP API route with this key, e.g. `POST /slack/events`. */
function routeOf(routeKey: string): Record<string, unknown> {
  const route = resourcesOfType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey);
  if (!route) throw new Error(`no route ${routeKey} in the template`);
  return route[1].Properties;
}

/** The integration a route targets (`integrations/<id>`). */
function integrationOf(route: Record<string, unknown>): Record<string, unknown> {
  const target = JSON.stringify(route.Target);
  const found = resourcesOfType('AWS::ApiGatewayV2::Integration').find(([id]) => target.includes(`"${id}"`));
  if (!found) throw new Error(`no integration for ${target}`);
  return found[1].Properties;
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const resourcesOf = (statement: Statement) => [statement.Resource].flat();

/** The entries of a zip file (stored or deflated, as serverless-esbuild writes them), by name. */
function readZip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe('serverless package', () => {
  it('declares the six functions on Node.js 22 and arm64, with their handlers', () => {
    // Prepare
    const names = Object.keys(HANDLERS) as FunctionName[];
    // Act
    const functions = names.map((name) => lambda(name)[1].Properties);
    // Assess
    functions.forEach((fn, index) => {
      expect(fn).toMatchObject({ Handler: HANDLERS[names[index]!], Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    });
    expect(lambda('slack')[1].Properties).toMatchObject({ MemorySize: 1024, Timeout: 10 });
    expect(lambda('worker')[1].Properties).toMatchObject({ Timeout: 120 });
    expect(lambda('ci')[1].Properties).toMatchObject({ Timeout: 10 });
    expect(resourcesOfType('AWS::Logs::LogGroup')).toHaveLength(6);
    resourcesOfType('AWS::Logs::LogGroup').forEach(([, group]) => {
      expect(group.Properties.RetentionInDays).toBe(30);
    });
  });

  it('routes POST /slack/events to the slack function, unauthorised (Slack signs its requests itself)', () => {
    // Prepare
    const [slackId] = lambda('slack');
    // Act
    const route = routeOf('POST /slack/events');
    // Assess
    expect(route.AuthorizationType).toBeUndefined();
    expect(integrationOf(route).IntegrationUri).toEqual(arnOf(slackId));
  });

  it('routes the CI deployments to the ci function, authorised by IAM (AWS_IAM: SigV4 and execute-api:Invoke)', () => {
    // Prepare
    const [ciId] = lambda('ci');
    // Act
    const routes = resourcesOfType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    const ci = ['POST /ci/deployments', 'GET /ci/deployments/{id}'].map(routeOf);
    // Assess
    expect(routes.map((route) => route.RouteKey).sort()).toEqual([
      'GET /ci/deployments/{id}',
      'POST /ci/deployments',
      'POST /slack/events',
    ]);
    for (const route of ci) {
      expect(route.AuthorizationType).toBe('AWS_IAM');
      expect(route.AuthorizerId).toBeUndefined();
      expect(integrationOf(route)).toMatchObject({ IntegrationUri: arnOf(ciId), PayloadFormatVersion: '2.0' });
    }
    expect(resourcesOfType('AWS::ApiGatewayV2::Authorizer')).toEqual([]);
    const outputs = (template as unknown as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(JSON.stringify(outputs.CiSubmitRouteArn?.Value)).toContain('/$default/POST/ci/deployments');
    expect(JSON.stringify(outputs.CiStatusRouteArn?.Value)).toContain('/$default/GET/ci/deployments/*');
  });

  it('feeds the worker from the jobs queue in batches of 10, reporting partial failures', () => {
    // Prepare
    const [workerId] = lambda('worker');
    // Act
    const mappings = resourcesOfType('AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping.Properties);
    // Assess
    expect(mappings).toEqual([
      expect.objectContaining({
        EventSourceArn: arnOf('JobsQueue'),
        FunctionName: arnOf(workerId),
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 0,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    ]);
  });

  it('moves a job to the dead-letter queue after JOB_MAX_RECEIVE_COUNT deliveries', () => {
    // Prepare
    const worker = lambda('worker')[1].Properties;
    // Act
    const queue = template.Resources.JobsQueue!.Properties;
    const deadLetters = template.Resources.JobsDeadLetterQueue!.Properties;
    // Assess
    expect(queue).toMatchObject({
      QueueName: 'blueshift-test-jobs',
      SqsManagedSseEnabled: true,
      RedrivePolicy: { maxReceiveCount: JOB_MAX_RECEIVE_COUNT, deadLetterTargetArn: arnOf('JobsDeadLetterQueue') },
    });
    expect(queue.VisibilityTimeout).toBe(6 * (worker.Timeout as number));
    expect(deadLetters).toMatchObject({
      QueueName: 'blueshift-test-jobs-dlq',
      MessageRetentionPeriod: 14 * 86_400,
      SqsManagedSseEnabled: true,
    });
  });

  it("sends CodeDeploy and alarm state changes from the bot's own bus to deployEvents and alarmEvents", () => {
    // Prepare
    const ownBus = { 'Fn::GetAtt': ['BotEventBus', 'Name'] };
    // Act
    const deployRule = ruleTargeting('deployEvents').Properties;
    const alarmRule = ruleTargeting('alarmEvents').Properties;
    // Assess
    expect(deployRule).toMatchObject({
      EventBusName: ownBus,
      EventPattern: {
        source: ['aws.codedeploy'],
        'detail-type': [
          'CodeDeploy Deployment State-change Notification',
          'CodeDeploy Instance State-change Notification',
        ],
      },
    });
    expect(alarmRule).toMatchObject({
      EventBusName: ownBus,
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] },
    });
    expect(template.Resources.BotEventBus!.Properties).toMatchObject({
      Name: 'blueshift-test',
      Policy: {
        Statement: [
          expect.objectContaining({ Effect: 'Allow', Action: 'events:PutEvents', Principal: { AWS: fixtureAccounts } }),
        ],
      },
    });
  });

  it('subscribes alarmEvents to the alarms topic, which CloudWatch and the target accounts may publish to', () => {
    // Prepare
    const [alarmEventsId] = lambda('alarmEvents');
    // Act
    const subscriptions = resourcesOfType('AWS::SNS::Subscription').map(([, subscription]) => subscription.Properties);
    const policy = JSON.stringify(template.Resources.AlarmsTopicPolicy!.Properties);
    // Assess
    expect(subscriptions).toEqual([
      { TopicArn: { Ref: 'AlarmsTopic' }, Protocol: 'lambda', Endpoint: arnOf(alarmEventsId) },
    ]);
    expect(template.Resources.AlarmsTopic!.Properties.TopicName).toBe('blueshift-test-alarms');
    expect(policy).toContain('"Service":"cloudwatch.amazonaws.com"');
    expect(policy).toContain(JSON.stringify({ AWS: fixtureAccounts }));
  });

  it('runs the sweeper every minute', () => {
    // Act
    const rule = ruleTargeting('sweeper').Properties;
    // Assess
    expect(rule).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
  });

  it('keeps events the event functions failed on in the dead-letter queue', () => {
    // Act
    const configs = resourcesOfType('AWS::Lambda::EventInvokeConfig').map(([, resource]) =>
      JSON.stringify(resource.Properties),
    );
    // Assess
    expect(configs).toHaveLength(2);
    for (const config of configs)
      expect(config).toContain(
        JSON.stringify({ OnFailure: { Destination: arnOf('JobsDeadLetterQueue') } }).slice(1, -1),
      );
  });

  it('raises an alarm, to the alarms topic, as soon as anything waits in the dead-letter queue', () => {
    // Act
    const alarm = template.Resources.DeadLettersAlarm!.Properties;
    // Assess
    expect(alarm).toMatchObject({
      AlarmName: 'blueshift-test-dead-letters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'AlarmsTopic' }],
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['JobsDeadLetterQueue', 'QueueName'] } }],
    });
  });

  it('keeps state in one pay-per-request table keyed by pk and sk, expiring items by expiresAt', () => {
    // Act
    const table = template.Resources.StateTable!.Properties;
    // Assess
    expect(table).toMatchObject({
      TableName: 'blueshift-test-state',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('stores the configuration file, unchanged and valid, in the SSM parameter the functions read', () => {
    // Prepare
    const text = readFileSync(join(REPO, FIXTURE), 'utf8');
    // Act
    const parameter = template.Resources.ConfigParameter!.Properties;
    // Assess
    expect(parameter).toMatchObject({ Name: '/blueshift/test/config', Type: 'String', Tier: 'Standard', Value: text });
    expect(() => parseConfig(parameter.Value as string, 'ConfigParameter')).not.toThrow();
  });

  it('gives every function the same environment, naming where secrets are but holding none', () => {
    // Prepare
    const expected = {
      BLUESHIFT_STAGE: 'test',
      BLUESHIFT_CONFIG_PARAMETER: '/blueshift/test/config',
      SLACK_SECRETS_PATH: '/blueshift/test/slack',
      STATE_TABLE: { Ref: 'StateTable' },
      JOBS_QUEUE_URL: { Ref: 'JobsQueue' },
      POWERTOOLS_SERVICE_NAME: 'blueshift',
      NODE_OPTIONS: '--enable-source-maps',
    };
    // Act
    const environments = (Object.keys(HANDLERS) as FunctionName[]).map(
      (name) => (lambda(name)[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables,
    );
    const settings = readSettings({ ...expected, STATE_TABLE: 'table', JOBS_QUEUE_URL: 'queue' });
    // Assess
    environments.forEach((variables) => {
      expect(variables).toEqual(expected);
    });
    expect(settings.config).toEqual({ kind: 'parameter', name: '/blueshift/test/config' });
    expect(settings.secrets).toEqual({ kind: 'parameters', path: '/blueshift/test/slack' });
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/xox[abeoprs]-/); // Slack tokens
    expect(text).not.toMatch(/\b[0-9a-f]{32}\b/); // Slack signing secrets are 32 hex digits
  });

  it('names the bot role stably and grants no wildcard action nor Resource "*"', () => {
    // Act
    const statements = roleStatements();
    // Assess
    expect(template.Resources.IamRoleLambdaExecution!.Properties.RoleName).toBe('blueshift-test-ap-northeast-2-bot');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/(^|:)\*$/);
      expect(resourcesOf(statement)).not.toContain('*');
    }
    expect(statements.flatMap(actionsOf)).toEqual(
      expect.arrayContaining([
        'sqs:SendMessage',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
      ]),
    );
  });

  it("lets the bot assume only the configuration's roles, and read only its own parameters", () => {
    // Act
    const statements = roleStatements();
    const stsStatements = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('sts:')),
    );
    const ssmStatements = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('ssm:')),
    );
    // Assess
    expect(stsStatements).toHaveLength(1);
    expect(actionsOf(stsStatements[0]!).sort()).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']);
    expect(resourcesOf(stsStatements[0]!)).toEqual(fixtureRoles);
    expect(ssmStatements).toHaveLength(1);
    expect(actionsOf(ssmStatements[0]!)).toEqual(['ssm:GetParameter']);
    expect(resourcesOf(ssmStatements[0]!).map((resource) => (resource as { 'Fn::Sub': string })['Fn::Sub'])).toEqual([
      'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/blueshift/test/config',
      'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/blueshift/test/slack/*',
      // The apps' GitHub tokens: the schema keeps tokenParameter under this path (docs/decisions/0024).
      'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/blueshift/test/github/*',
    ]);
  });

  it('builds one zip per function, with the AWS SDK bundled and no Socket Mode code in the slack bundle', () => {
    // Prepare
    const names = Object.keys(HANDLERS) as FunctionName[];
    const zips = names.map((name) => join(packageDir, `${name}.zip`));
    // Act
    const bundles = names.map((name, index) => {
      const entries = readZip(zips[index]!);
      const path = HANDLERS[name].replace(/\.handler$/, '.js');
      return {
        name,
        code: entries.get(path)?.toString('utf8') ?? '',
        map: entries.get(`${path}.map`)?.toString('utf8') ?? '{}',
      };
    });
    const slack = bundles.find((bundle) => bundle.name === 'slack')!;
    const slackSources = (JSON.parse(slack.map) as { sources?: string[] }).sources ?? [];
    // Assess
    for (const bundle of bundles) {
      expect(bundle.code.length).toBeGreaterThan(0);
      // The AWS SDK is bundled, not taken from the runtime. (The SDK's own error text quotes an optional
      // `require("@aws-sdk/signature-v4-crt")`, so only clients and Smithy packages are looked for.)
      expect(bundle.code.match(/require\(["'](@aws-sdk\/client-|@smithy\/)[^"']*["']\)/g)).toBeNull();
    }
    expect(slackSources.some((source) => source.includes('node_modules/@aws-sdk/client-sqs/'))).toBe(true);
    expect(slack.code).not.toContain('SocketModeClient');
    expect(
      slackSources.filter((source) => /@slack\/(socket-mode|oauth)\/|node_modules\/express\//.test(source)),
    ).toEqual([]);
    // Bolt's App is in the bundle, and build/esbuild-plugins.cjs put the stub where its other receivers were.
    expect(slackSources.some((source) => /@slack\/bolt\/(dist|src)\/App\.[jt]s$/.test(source))).toBe(true);
    expect(slackSources.some((source) => source.endsWith('build/bolt-receiver-stub.cjs'))).toBe(true);
  });
});
