import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// infra/target-account.yml uses long-form intrinsic functions only, so a plain YAML parser reads it.

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
interface PolicyDocument {
  Statement: Statement[];
}
interface Resource {
  Type: string;
  Condition?: string;
  Properties: Record<string, unknown>;
}

const TEMPLATE = join(__dirname, '..', '..', '..', 'infra', 'target-account.yml');
const BOT_ROLE = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${BotAccountId}:role/${BotRoleName}' };

function loadTemplate(): {
  Parameters: Record<string, Record<string, unknown>>;
  Resources: Record<string, unknown>;
  Outputs: Record<string, unknown>;
} {
  return parse(readFileSync(TEMPLATE, 'utf8')) as ReturnType<typeof loadTemplate>;
}

/** Resources, with each Fn::ForEach fragment's template resource included under its key. */
function resources(): Record<string, Resource> {
  return Object.fromEntries(
    Object.entries(loadTemplate().Resources).flatMap(([id, value]) =>
      id.startsWith('Fn::ForEach::')
        ? Object.entries((value as [string, unknown, Record<string, Resource>])[2])
        : [[id, value as Resource]],
    ),
  );
}

/** Every identity-policy statement: inline role policies and AWS::IAM::RolePolicy resources. */
function policyStatements(): Statement[] {
  return Object.values(resources()).flatMap((resource) => {
    if (resource.Type === 'AWS::IAM::RolePolicy')
      return (resource.Properties.PolicyDocument as PolicyDocument).Statement;
    if (resource.Type !== 'AWS::IAM::Role') return [];
    return ((resource.Properties.Policies ?? []) as { PolicyDocument: PolicyDocument }[]).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    );
  });
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('infra/target-account.yml', () => {
  it('lets only the bot role assume blueshift-operator, with the external ID, naming a Slack user, the bot itself or a CI role', () => {
    // Prepare
    const operator = resources().OperatorRole!;
    // Act
    const trust = (operator.Properties.AssumeRolePolicyDocument as PolicyDocument).Statement;
    // Assess
    expect(operator.Properties).toMatchObject({ RoleName: 'blueshift-operator', MaxSessionDuration: 3600 });
    // (test/iam/bot-role.test.ts simulates these against the calls the bot makes, and the calls it must not.)
    const who = ['U*', 'W*', 'blueshift-system', 'blueshift-ci-*'];
    expect(trust).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: BOT_ROLE },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
          StringLike: { 'sts:SourceIdentity': who },
        },
      }),
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: BOT_ROLE },
        Action: 'sts:SetSourceIdentity',
        Condition: { StringLike: { 'sts:SourceIdentity': who } },
      }),
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: BOT_ROLE },
        Action: 'sts:TagSession',
        Condition: {
          StringLike: { 'aws:RequestTag/slack-user': who },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['slack-user'] },
        },
      }),
    ]);
    expect(loadTemplate().Parameters.ExternalId).toMatchObject({ Type: 'String', NoEcho: true });
    expect(loadTemplate().Parameters.BotRoleName).toMatchObject({ Default: 'blueshift-prod-ap-northeast-2-bot' });
  });

  it("grants no wildcard action, and Resource '*' only to actions that have no resource-level permissions", () => {
    // Prepare (test/iam/operator-role.test.ts checks each against AWS's authorisation data)
    const unscopable = [
      'cloudwatch:GetMetricData',
      'cloudwatch:GetMetricWidgetImage',
      // Scopable to alarms, but CloudWatch returns composite alarms only to a permission on '*'.
      'cloudwatch:DescribeAlarms',
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:DescribeScalingActivities',
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceCreditSpecifications',
      'ssm:DescribeInstanceInformation',
      'ssm:GetCommandInvocation',
      'ec2:DescribeLaunchTemplateVersions',
      'autoscaling:DescribeInstanceRefreshes',
      'codedeploy:ContinueDeployment',
      'codedeploy:StopDeployment',
      'codedeploy:ListDeploymentTargets',
      'codedeploy:BatchGetDeploymentTargets',
      'wafv2:CheckCapacity',
      'wafv2:DescribeManagedRuleGroup',
      'wafv2:ListIPSets',
    ];
    // Act
    const statements = policyStatements();
    // Assess
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/(^|:)\*$/);
      if ([statement.Resource].flat().includes('*')) {
        expect(unscopable).toEqual(expect.arrayContaining(actionsOf(statement)));
      }
    }
  });

  it('scopes CodeDeploy to each listed application and its deployment groups', () => {
    // Act
    const statements = policyStatements().filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('codedeploy:')),
    );
    const scoped = statements.filter((statement) => statement.Resource !== '*');
    const scopes = scoped.map((statement) =>
      [statement.Resource].flat().map((resource) => (resource as { 'Fn::Sub': string })['Fn::Sub']),
    );
    const unscoped = statements.filter((statement) => statement.Resource === '*').flatMap(actionsOf);
    // Assess
    expect(statements.flatMap(actionsOf)).toEqual(
      expect.arrayContaining([
        'codedeploy:CreateDeployment',
        'codedeploy:ContinueDeployment',
        'codedeploy:StopDeployment',
        'codedeploy:GetDeploymentConfig',
      ]),
    );
    expect(scopes.flat()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:application:\$\{Application\}$/),
        expect.stringMatching(/:deploymentgroup:\$\{Application\}\/\*$/),
        expect.stringMatching(/:deploymentconfig:\*$/),
      ]),
    );
    for (const arn of scopes.flat())
      expect(arn).toMatch(/^arn:\$\{AWS::Partition\}:codedeploy:\$\{AWS::Region\}:\$\{AWS::AccountId\}:/);
    // CodeDeploy authorises these against no resource at all.
    expect(unscoped.sort()).toEqual([
      'codedeploy:BatchGetDeploymentTargets',
      'codedeploy:ContinueDeployment',
      'codedeploy:ListDeploymentTargets',
      'codedeploy:StopDeployment',
    ]);
  });

  it('edits web ACLs only when some are given, and only those', () => {
    // Prepare
    const template = loadTemplate() as unknown as { Conditions: Record<string, unknown> };
    // Act
    const waf = resources().OperatorWafPolicy!;
    const statements = (waf.Properties.PolicyDocument as PolicyDocument).Statement;
    // Assess
    expect(waf.Condition).toBe('HasWebAcls');
    expect(JSON.stringify(template.Conditions.HasWebAcls)).toContain('"Ref":"WebAclArns"');
    expect(statements.find((statement) => actionsOf(statement).includes('wafv2:GetWebACL'))?.Resource).toEqual({
      Ref: 'WebAclArns',
    });
  });

  it("forwards CodeDeploy and alarm state changes from the default bus to the bot's bus", () => {
    // Prepare
    const all = resources();
    // Act
    const rules = Object.values(all)
      .filter((resource) => resource.Type === 'AWS::Events::Rule')
      .map((rule) => rule.Properties);
    // Assess
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.EventBusName).toBeUndefined(); // the default bus, where AWS services emit
      expect(rule.Targets).toEqual([
        expect.objectContaining({
          Arn: { Ref: 'BotEventBusArn' },
          RoleArn: { 'Fn::GetAtt': ['EventForwardingRole', 'Arn'] },
        }),
      ]);
    }
    expect(rules.map((rule) => rule.EventPattern)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: ['aws.codedeploy'],
          'detail-type': [
            'CodeDeploy Deployment State-change Notification',
            'CodeDeploy Instance State-change Notification',
          ],
        }),
        { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] },
      ]),
    );
    const forwarding = (all.EventForwardingRole!.Properties.Policies as { PolicyDocument: PolicyDocument }[])[0]!
      .PolicyDocument.Statement;
    expect(forwarding).toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'BotEventBusArn' } }]);
    expect(loadTemplate().Outputs.OperatorRoleArn).toMatchObject({ Value: { 'Fn::GetAtt': ['OperatorRole', 'Arn'] } });
  });
});
