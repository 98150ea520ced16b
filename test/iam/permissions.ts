import type { ArnPlace } from './arns';
import type { EnvironmentWorld } from './world';

// THE table: every AWS permission blueshift uses, who uses it, why, and what AWS authorises each use against.
// The IAM tests check it against the code (every call the functions can make must be here, with the principal
// the code sends it as), against AWS's authorisation data (actions, resource types, dependent actions), and
// simulate each use against the shipped policies. The README's permission tables are generated from it
// (`npm run docs:iam`).

/** The operator role in a target account (assumed per Slack user or as blueshift-system), or the bot's Lambda role. */
export type Principal = 'operator' | 'bot';

/** Where a use comes from. */
export type Origin =
  /** blueshift's code sends it (found by test/iam/scan.ts). */
  | { kind: 'code' }
  /**
   * the service authorises it too when another call is made (iam-data's dependent actions, or the service's own guide).
   */
  | { kind: 'companion'; of: string; reference: string }
  /** Lambda itself, with the function's role, for what serverless.yml configures. */
  | { kind: 'platform'; reference: string };

/** A resource of one of the action's resource types, to be built from iam-data's ARN format for that type. */
export interface ArnSpec {
  /** The resource type's key in iam-data (`deploymentgroup`, `ipset`…). */
  type: string;
  /** Another service's resource type, when not the action's own (none yet). */
  service?: string;
  /** Region and account, when not the environment's (CloudFront WAF: us-east-1). */
  place?: ArnPlace;
  /** The format's own placeholders: `{ ApplicationName: 'edu-web', DeploymentGroupName: 'edu-web-prod' }`. */
  values: Record<string, string>;
}

/** One authorisation AWS makes for a use: against a resource (or `*`), with the request's condition keys. */
export interface Target {
  resource: '*' | ArnSpec;
  context?: Record<string, string | string[]>;
}

/** The bot's own resources, as the packaged template names them (test/iam/bot-world.ts). */
export interface BotWorld {
  place: ArnPlace;
  jobsQueue: string;
  deadLetterQueue: string;
  stateTable: string;
  logGroups: string[];
  /** The SSM parameters the functions read, as they read them. */
  parameters: { name: string; decrypt: boolean }[];
  /** The AssumeRole calls the bot makes, as lib/aws/role-sessions.ts sends them, with their condition keys. */
  assumeRoles: { roleArn: string; context: Record<string, string | string[]> }[];
}

interface Use {
  action: string;
  origin: Origin;
  /** Why blueshift needs it, for the README. */
  why: string;
  /** The commands, buttons or functions that use it, for the README. */
  usedBy: string;
  /** What the permission is on, in words, for the bot's README table. */
  on?: string;
}

export interface OperatorUse extends Use {
  principal: 'operator';
  targets(env: EnvironmentWorld): Target[];
}

export interface BotUse extends Use {
  principal: 'bot';
  targets(bot: BotWorld): Target[];
}

export type PermissionUse = OperatorUse | BotUse;

const code = { kind: 'code' } as const;
const ANYWHERE: Target[] = [{ resource: '*' }];

const deploymentGroups = (env: EnvironmentWorld): Target[] =>
  env.deployments.map(({ application, group }) => ({
    resource: { type: 'deploymentgroup', values: { ApplicationName: application, DeploymentGroupName: group } },
  }));
const applications = (env: EnvironmentWorld): Target[] =>
  env.deployments.map(({ application }) => ({
    resource: { type: 'application', values: { ApplicationName: application } },
  }));
const alarms = (env: EnvironmentWorld): Target[] =>
  env.alarmNames.map((name) => ({ resource: { type: 'alarm', values: { AlarmName: name } } }));
/**
 * An alarm under each app's prefix: the ones a move rewrites (its stop-on-alarm list may name others, which are
 * refused).
 */
const prefixedAlarms = (env: EnvironmentWorld): Target[] =>
  env.alarmPrefixes.map((prefix) => ({ resource: { type: 'alarm', values: { AlarmName: `${prefix}cpu-high` } } }));
const ec2Region = (env: EnvironmentWorld): Target[] => [{ resource: '*', context: { 'ec2:Region': env.place.region } }];
/** The instances of the groups blueshift acts on, as EC2 tags them (Auto Scaling's `aws:autoscaling:groupName`). */
const groupInstances = (env: EnvironmentWorld): Target[] =>
  env.instanceGroups.map((group, i) => ({
    resource: { type: 'instance', values: { InstanceId: `i-0${String(i).padStart(16, 'a')}` } },
    context: { 'aws:ResourceTag/aws:autoscaling:groupName': group },
  }));
/** The documents of the environment's runbooks of one kind (their names are the stack's RunbookDocuments). */
const runbookDocuments =
  (kind: 'automation' | 'command') =>
  (env: EnvironmentWorld): Target[] =>
    env.runbookDocuments
      .filter((runbook) => runbook.kind === kind)
      .map(({ document }) => ({ resource: { type: 'document', values: { DocumentName: document } } }));
/** An Automation execution, where the environment has Automation runbooks: its id is made by SSM when it starts. */
const automationExecutions = (env: EnvironmentWorld): Target[] =>
  env.runbookDocuments.some((runbook) => runbook.kind === 'automation')
    ? [
        {
          resource: {
            type: 'automation-execution',
            values: { AutomationExecutionId: '73c8eef8-f4ee-4a05-820c-e354f0e9a1b2' },
          },
        },
      ]
    : [];
/** The launch template a group launches from: found at click time, so any of the account's in the region. */
const launchTemplates = (): Target[] => [
  { resource: { type: 'launch-template', values: { LaunchTemplateId: 'lt-0e1d2c3b4a5968778' } } },
];
/** The groups themselves (the group ID in their ARN is a UUID blueshift never reads). */
const instanceGroupArns = (env: EnvironmentWorld): Target[] =>
  env.instanceGroups.map((group) => ({
    resource: {
      type: 'autoScalingGroup',
      values: { GroupId: '4f6ed6a5-2f6b-4e4f-9b4e-0a1b2c3d4e5f', GroupFriendlyName: group },
    },
  }));

/**
 * An AWS-owned document. Its real ARN has an empty account (`arn:aws:ssm:us-east-2::document/AWS-RunShellScript`),
 * which the simulator cannot parse, so it is simulated in the environment's account; the policy names the account
 * as `*`, which matches both, and no account can own a document of that name (AWS reserves the `AWS-` prefix).
 */
const awsDocument = (name: string) => (): Target[] => [
  { resource: { type: 'document', values: { DocumentName: name } } },
];

/** A WAF resource of the environment's web ACL's scope and place, from its ARN (built from iam-data's format). */
function wafArn(env: EnvironmentWorld, type: string, arn: string): ArnSpec {
  const match = /^arn:[\w-]+:wafv2:([\w-]+):(\d{12}):(regional|global)\/[\w-]+\/([^/]+)\/([^/]+)$/.exec(arn);
  if (!match) throw new Error(`not a WAF ARN: ${arn}`);
  const [, region, account, scope, name, id] = match as unknown as [string, string, string, string, string, string];
  return {
    type,
    place: { partition: env.place.partition, region, account },
    values: { Scope: scope, Name: name, Id: id },
  };
}
const webAcl = (env: EnvironmentWorld): Target[] =>
  env.webAcl ? [{ resource: wafArn(env, 'webacl', env.webAcl.arn) }] : [];
const exemptionIpSet = (env: EnvironmentWorld): Target[] =>
  env.webAcl ? [{ resource: wafArn(env, 'ipset', env.webAcl.exemptionIpSet.arn) }] : [];
const wafAnywhere = (env: EnvironmentWorld): Target[] => (env.webAcl ? ANYWHERE : []);

const CODEDEPLOY_GUIDE =
  'CodeDeploy User Guide, identity-based policy examples: a deploy also needs these on the application and deployment configuration';

export const OPERATOR_USES: OperatorUse[] = [
  // ── CodeDeploy ──
  {
    action: 'codedeploy:ListApplicationRevisions',
    principal: 'operator',
    origin: code,
    targets: applications,
    why: 'Finds the newest revision registered with the application, when no revision (or `latest`) is given',
    usedBy: '`/deploy <app> <env>`',
  },
  {
    action: 'codedeploy:ListDeployments',
    principal: 'operator',
    origin: code,
    targets: deploymentGroups,
    why: "Finds the deployment running in a group, and a group's recent successful ones",
    usedBy: '`/deploy` (one deployment per group), `/rollback`, `/status`',
  },
  {
    action: 'codedeploy:BatchGetDeployments',
    principal: 'operator',
    origin: code,
    targets: deploymentGroups,
    why: "Reads those deployments' status, revision and creator in one call",
    usedBy: '`/deploy`, `/rollback` (the last good revision), `/status`',
  },
  {
    action: 'codedeploy:GetDeployment',
    principal: 'operator',
    origin: code,
    targets: deploymentGroups,
    why: "Reads one deployment's state before acting on it and when CodeDeploy reports a change",
    usedBy:
      "the deployment message (deployEvents; who started a deployment outside Slack), Reroute traffic, Stop & roll back, Terminate blue now, a CI deployment's state (ci, as the CI role)",
  },
  {
    action: 'codedeploy:GetDeploymentGroup',
    principal: 'operator',
    origin: code,
    targets: deploymentGroups,
    why: 'The live fleet (the Auto Scaling groups a blue/green deployment replaces), the stop-on-alarm list and the last successful deployment',
    usedBy:
      '`/status`, the CPU-credit watch, alarm diagnosis, the deployment message, the silent-alarm check, failed scale-outs',
  },
  {
    action: 'codedeploy:CreateDeployment',
    principal: 'operator',
    origin: code,
    targets: deploymentGroups,
    why: 'Starts the blue/green deployment of an S3 revision',
    usedBy: '`/deploy`, `/rollback` (redeploying the last good revision)',
  },
  {
    action: 'codedeploy:GetDeploymentConfig',
    principal: 'operator',
    origin: { kind: 'companion', of: 'codedeploy:CreateDeployment', reference: CODEDEPLOY_GUIDE },
    // The group's own configuration; blueshift names none, so any of the account's may be the one.
    targets: () => [
      {
        resource: { type: 'deploymentconfig', values: { DeploymentConfigurationName: 'CodeDeployDefault.AllAtOnce' } },
      },
    ],
    why: 'CodeDeploy checks it on the deployment configuration of the group a deployment is created in',
    usedBy: '`/deploy`, `/rollback`',
  },
  {
    action: 'codedeploy:GetApplicationRevision',
    principal: 'operator',
    // Also a companion of CreateDeployment (CODEDEPLOY_GUIDE): CodeDeploy reads the revision a deployment names.
    origin: code,
    targets: applications,
    why: 'Reads the commit CI wrote into a registered revision’s description, for what a deployment changes; CodeDeploy also checks it on the revision a deployment names',
    usedBy: '`/deploy`, `/rollback` (apps with `github`)',
  },
  {
    action: 's3:GetObject',
    principal: 'operator',
    origin: code,
    targets: (env) =>
      env.artifacts.map(({ bucket, key }) => ({
        resource: { type: 'object', values: { BucketName: bucket, ObjectName: key } },
      })),
    why: 'HeadObject (authorised as s3:GetObject) on a revision bundle: the commit CI wrote into its user metadata (`artifacts.commitMetadataKey`); no object is downloaded',
    usedBy: '`/deploy`, `/rollback` (apps with `github`; the stack’s ArtifactBuckets)',
  },
  {
    action: 'codedeploy:RegisterApplicationRevision',
    principal: 'operator',
    origin: { kind: 'companion', of: 'codedeploy:CreateDeployment', reference: CODEDEPLOY_GUIDE },
    targets: applications,
    why: 'CodeDeploy registers the S3 revision a deployment names with the application',
    usedBy: '`/deploy`, `/rollback`',
  },
  {
    action: 'codedeploy:ContinueDeployment',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: "Reroutes traffic to the green fleet, or ends the blue fleet's wait so it is terminated now",
    usedBy: 'Reroute traffic, Terminate blue now',
  },
  {
    action: 'codedeploy:StopDeployment',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: 'Stops a deployment and rolls it back',
    usedBy: 'Stop & roll back, `/rollback` of a running deployment',
  },
  {
    action: 'codedeploy:ListDeploymentTargets',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: "Lists a deployment's instances",
    usedBy: 'the deployment message (instance counts, the failed lifecycle event), failed scale-outs',
  },
  {
    action: 'codedeploy:BatchGetDeploymentTargets',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: 'Reads their state and lifecycle events',
    usedBy: 'the deployment message (instance counts, the failed lifecycle event), failed scale-outs',
  },
  // ── CloudWatch ──
  {
    action: 'cloudwatch:DescribeAlarms',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: "Lists the alarms in ALARM whose names start with the app's `alarmPrefix`, composite alarms included, which CloudWatch returns only to a permission on `*`",
    usedBy:
      '`/deploy` (asks before deploying over firing alarms), `/status`, the deployment message (which alarm stopped it, when CodeDeploy does not say)',
  },
  {
    action: 'cloudwatch:PutMetricAlarm',
    principal: 'operator',
    origin: code,
    targets: prefixedAlarms,
    why: "Moves an alarm left watching an Auto Scaling group a blue/green deployment replaced to the live group: every setting kept, only that dimension changed; only alarms under the apps' `alarmPrefix` (the stack's AlarmPrefixes)",
    usedBy: 'Move them to the live group (or `silentAlarms: move` after a deployment)',
  },
  {
    action: 'cloudwatch:GetMetricData',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: "Reads burstable instances' CPU credit balance and CPU; blueshift reads no dataset, the only resource this action can be scoped to",
    usedBy:
      "`/status`, the sweeper's CPU-credit watch, alarm diagnosis (alarmEvents), failed scale-outs (deployEvents)",
  },
  {
    action: 'cloudwatch:GetMetricWidgetImage',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: "Draws the alarm's last 3 hours",
    usedBy: "the graph in an alarm message's thread (alarmEvents)",
  },
  {
    action: 'cloudwatch:DisableAlarmActions',
    principal: 'operator',
    origin: code,
    targets: alarms,
    why: 'Snoozes an alarm: turns its actions off',
    usedBy: 'Snooze 1h / 4h',
  },
  {
    action: 'cloudwatch:EnableAlarmActions',
    principal: 'operator',
    origin: code,
    targets: alarms,
    why: "Turns a snoozed alarm's actions on again when the snooze ends",
    usedBy: 'the sweeper (as blueshift-system)',
  },
  // ── Fleet ──
  {
    action: 'autoscaling:DescribeAutoScalingGroups',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: 'Fleet size, instances and their health',
    usedBy:
      "`/status`, the sweeper's CPU-credit watch, alarm diagnosis, failed scale-outs, the credit and type buttons",
  },
  {
    action: 'autoscaling:DescribeScalingActivities',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: "Instances the group replaced recently, and its recent activities when new instances' deployments fail",
    usedBy: 'alarm diagnosis, failed scale-outs (deployEvents)',
  },
  {
    action: 'ec2:DescribeInstances',
    principal: 'operator',
    origin: code,
    targets: ec2Region,
    why: "The Auto Scaling group and type of an alarm's instance, and the group a failed scale-out's instance was in",
    usedBy: 'alarm diagnosis, failed scale-outs',
  },
  {
    action: 'ec2:DescribeInstanceCreditSpecifications',
    principal: 'operator',
    origin: code,
    targets: ec2Region,
    why: 'Whether burstable instances run in standard or unlimited credit mode',
    usedBy: "alarm diagnosis, the sweeper's CPU-credit watch, failed scale-outs",
  },
  {
    action: 'ssm:DescribeInstanceInformation',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: "Whether the fleet's SSM agents are online",
    usedBy: '`/status`',
  },
  {
    action: 'ssm:SendCommand',
    principal: 'operator',
    origin: code,
    targets: (env) => [
      ...awsDocument('AWS-RunShellScript')(),
      ...runbookDocuments('command')(env),
      ...groupInstances(env),
    ],
    why: "Runs blueshift's one fixed, read-only `ps` listing (document AWS-RunShellScript), and the Run Command runbooks of the stack's RunbookDocuments, on instances of its InstanceGroups (by their `aws:autoscaling:groupName` tag)",
    usedBy: 'What is using the CPU, a runbook button (Run Command)',
  },
  {
    action: 'ec2:ModifyInstanceCreditSpecification',
    principal: 'operator',
    origin: code,
    targets: groupInstances,
    why: "Switches the running instances of the stack's InstanceGroups between standard and unlimited CPU credits, by their `aws:autoscaling:groupName` tag",
    usedBy: 'Switch to unlimited credits, Switch back to standard credits',
  },
  {
    action: 'ec2:DescribeLaunchTemplateVersions',
    principal: 'operator',
    origin: code,
    targets: ec2Region,
    why: 'Reads the launch template version a group launches (its credit setting and type); it has no resource-level permissions',
    usedBy: 'Switch to unlimited credits, Switch back to standard credits, Move to a bigger type',
  },
  {
    action: 'ec2:CreateLaunchTemplateVersion',
    principal: 'operator',
    origin: code,
    targets: launchTemplates,
    why: "A new version of the group's launch template with only the credit setting (or, moving to a bigger type, the instance type) changed, so new instances keep it",
    usedBy: 'Switch to unlimited credits, Switch back to standard credits, Move to a bigger type',
  },
  {
    action: 'ec2:ModifyLaunchTemplate',
    principal: 'operator',
    origin: code,
    targets: launchTemplates,
    why: 'Makes that version the default, for a group that launches `$Default`',
    usedBy: 'Switch to unlimited credits, Switch back to standard credits, Move to a bigger type',
  },
  {
    action: 'autoscaling:UpdateAutoScalingGroup',
    principal: 'operator',
    origin: code,
    targets: instanceGroupArns,
    why: "Points a group that names a launch template version by number at the new one (only the stack's InstanceGroups)",
    usedBy: 'Switch to unlimited credits, Switch back to standard credits, Move to a bigger type',
  },
  {
    action: 'autoscaling:StartInstanceRefresh',
    principal: 'operator',
    origin: code,
    targets: instanceGroupArns,
    why: "Replaces a group's running instances with the new type now (only the stack's InstanceGroups)",
    usedBy: 'Move to a bigger type (now, through an instance refresh)',
  },
  {
    action: 'autoscaling:DescribeInstanceRefreshes',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: 'Follows that refresh (status, percentage, why it failed) in the thread; it has no resource-level permissions',
    usedBy: 'Move to a bigger type (now, through an instance refresh)',
  },
  {
    action: 'ssm:StartAutomationExecution',
    principal: 'operator',
    origin: code,
    targets: (env) => [...runbookDocuments('automation')(env), ...automationExecutions(env)],
    why: "Starts an Automation runbook of the stack's RunbookDocuments, with the parameters its configuration binds from the alarm",
    usedBy: 'a runbook button (Automation)',
  },
  {
    action: 'ssm:GetAutomationExecution',
    principal: 'operator',
    origin: code,
    targets: automationExecutions,
    why: 'Follows that run step by step in the alarm thread',
    usedBy: 'a runbook button (Automation)',
  },
  {
    action: 'ssm:GetCommandInvocation',
    principal: 'operator',
    origin: code,
    targets: () => ANYWHERE,
    why: "Reads each instance's answer to that listing; it has no resource-level permissions",
    usedBy: 'What is using the CPU',
  },
  // ── WAF ──
  {
    action: 'wafv2:GetWebACL',
    principal: 'operator',
    origin: code,
    targets: webAcl,
    why: "Reads the web ACL and its lock token before changing it, and its rules' metric names for their sampled requests",
    usedBy:
      "`/waf-exempt` (preview and apply), `/waf-exempt revoke`, the sweeper's revert, HTTP checks (a failed check)",
  },
  {
    action: 'wafv2:GetSampledRequests',
    principal: 'operator',
    origin: code,
    targets: webAcl,
    why: "Names the WAF rule that blocked a failed HTTP check's path, from the web ACL's sampled requests of the last 3 hours",
    usedBy: 'HTTP checks (a failed check)',
  },
  {
    action: 'wafv2:UpdateWebACL',
    principal: 'operator',
    origin: code,
    targets: (env) => [
      ...webAcl(env),
      ...(env.webAcl?.referenced ?? []).map(({ type, arn }) => ({ resource: wafArn(env, type, arn) })),
    ],
    why: "Adds and removes exemptions; WAF also authorises it against every managed rule group, rule group, IP set and regex pattern set the web ACL's rules use",
    usedBy: "`/waf-exempt` (apply), `/waf-exempt revoke`, the sweeper's revert",
  },
  {
    action: 'wafv2:DescribeManagedRuleGroup',
    principal: 'operator',
    origin: code,
    targets: wafAnywhere,
    why: 'Checks the rule named in `/waf-exempt` against the managed rule group',
    usedBy: '`/waf-exempt`',
  },
  {
    action: 'wafv2:CheckCapacity',
    principal: 'operator',
    origin: code,
    targets: wafAnywhere,
    why: 'The capacity (WCU) the web ACL would use with the exemption, shown before it is applied',
    usedBy: '`/waf-exempt`',
  },
  {
    action: 'wafv2:CreateIPSet',
    principal: 'operator',
    origin: code,
    targets: exemptionIpSet,
    why: 'WAF has no inline address match: an exemption `from <cidr>` gets its own IP set, `blueshift-exempt-<id>`',
    usedBy: '`/waf-exempt … from <cidr>`',
  },
  {
    action: 'wafv2:ListIPSets',
    principal: 'operator',
    origin: code,
    targets: wafAnywhere,
    why: "Finds that IP set's id by its name",
    usedBy: '`/waf-exempt … from <cidr>` retried, its revert',
  },
  {
    action: 'wafv2:GetIPSet',
    principal: 'operator',
    origin: code,
    targets: exemptionIpSet,
    why: 'Reads the IP set (and its lock token) when a retried exemption finds it already made',
    usedBy: '`/waf-exempt … from <cidr>` retried',
  },
  {
    action: 'wafv2:UpdateIPSet',
    principal: 'operator',
    origin: code,
    targets: exemptionIpSet,
    why: 'Sets its addresses in that case',
    usedBy: '`/waf-exempt … from <cidr>` retried',
  },
  {
    action: 'wafv2:DeleteIPSet',
    principal: 'operator',
    origin: code,
    targets: exemptionIpSet,
    why: 'Deletes it once the web ACL no longer uses it',
    usedBy: "`/waf-exempt revoke`, the sweeper's revert",
  },
];

const queue = (name: string): Target => ({ resource: { type: 'queue', values: { QueueName: name } } });
const table = (bot: BotWorld): Target[] => [{ resource: { type: 'table', values: { TableName: bot.stateTable } } }];
const logStreams = (bot: BotWorld): Target[] =>
  bot.logGroups.map((group) => ({
    resource: {
      type: 'log-stream',
      values: { LogGroupName: group, LogStreamName: '2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef' },
    },
  }));
const LAMBDA_SQS = 'Lambda Developer Guide, SQS event source: the execution role needs these on the queue';
const LAMBDA_DESTINATION =
  'Lambda Developer Guide, destinations: the execution role needs sqs:SendMessage on an SQS destination';
const LAMBDA_LOGS = "Lambda Developer Guide, execution role: the function's logs are written with these";
const STS_GUIDE =
  'IAM User Guide: AssumeRole with SourceIdentity is also authorised as sts:SetSourceIdentity, with Tags as sts:TagSession';

/** An operator role the bot assumes, with the condition keys of the call. */
const operatorRoles = (bot: BotWorld): Target[] =>
  bot.assumeRoles.map(({ roleArn, context }) => {
    const match = /^arn:([\w-]+):iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    if (!match) throw new Error(`not a role ARN: ${roleArn}`);
    const [, partition, account, name] = match as unknown as [string, string, string, string];
    return {
      resource: { type: 'role', place: { partition, region: '', account }, values: { RoleNameWithPath: name } },
      context,
    };
  });

export const BOT_USES: BotUse[] = [
  {
    action: 'sqs:SendMessage',
    principal: 'bot',
    origin: code,
    targets: (bot) => [queue(bot.jobsQueue)],
    on: 'the jobs queue',
    why: 'Hands a verified, authorised command (or CI deployment) to the worker, so Slack (or CI) gets its answer at once',
    usedBy: 'slack, ci',
  },
  {
    action: 'sqs:SendMessage',
    principal: 'bot',
    origin: { kind: 'platform', reference: LAMBDA_DESTINATION },
    targets: (bot) => [queue(bot.deadLetterQueue)],
    on: 'the dead-letter queue',
    why: 'Keeps an event the event functions failed on (their on-failure destination)',
    usedBy: 'Lambda, for deployEvents and alarmEvents',
  },
  ...(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'] as const).map((action): BotUse => ({
    action,
    principal: 'bot',
    origin: { kind: 'platform', reference: LAMBDA_SQS },
    targets: (bot) => [queue(bot.jobsQueue)],
    on: 'the jobs queue',
    why: 'Lambda polls the jobs queue for the worker (osls adds these for the sqs event)',
    usedBy: 'Lambda, for worker',
  })),
  ...(
    ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'] as const
  ).map((action): BotUse => ({
    action,
    principal: 'bot',
    origin: code,
    targets: table,
    on: 'the state table',
    why: 'Locks, requests and approvals, deployments, exemptions, alarm episodes, CI requests and the audit trail (docs/decisions/0005)',
    // The ci function records a CI request (a conditional put) and reads it and its approval; the worker moves it on.
    usedBy: ['dynamodb:GetItem', 'dynamodb:PutItem'].includes(action)
      ? 'worker, deployEvents, alarmEvents, sweeper, ci'
      : 'worker, deployEvents, alarmEvents, sweeper',
  })),
  {
    action: 'ssm:GetParameter',
    principal: 'bot',
    origin: code,
    on: '`/blueshift/<stage>/config`, `/blueshift/<stage>/slack/*` and `/blueshift/<stage>/github/*`',
    targets: (bot) =>
      bot.parameters.map(({ name }) => ({
        resource: { type: 'parameter', values: { ParameterNameWithoutLeadingSlash: name.replace(/^\//, '') } },
      })),
    why: 'Reads the configuration, the Slack signing secret and bot token, and the apps’ GitHub tokens (SecureStrings under the default aws/ssm key, which needs no kms:Decrypt here)',
    usedBy: 'all six functions',
  },
  {
    action: 'sts:AssumeRole',
    principal: 'bot',
    origin: code,
    targets: operatorRoles,
    on: "the configuration's `environments.*.role` ARNs",
    why: "Acts in a target account through its operator role, per Slack user (or CI role), with the environment's external ID",
    usedBy: 'worker, deployEvents, alarmEvents, sweeper, ci',
  },
  {
    action: 'sts:SetSourceIdentity',
    principal: 'bot',
    origin: { kind: 'companion', of: 'sts:AssumeRole', reference: STS_GUIDE },
    targets: operatorRoles,
    on: 'the same roles',
    why: "Names the Slack user (or blueshift-system, or blueshift-ci-<role>) as the session's source identity, which CloudTrail records",
    usedBy: 'worker, deployEvents, alarmEvents, sweeper, ci',
  },
  {
    action: 'sts:TagSession',
    principal: 'bot',
    origin: { kind: 'companion', of: 'sts:AssumeRole', reference: STS_GUIDE },
    targets: operatorRoles,
    on: 'the same roles',
    why: 'Tags the session with the Slack user (`slack-user`; the same identity for blueshift-system and a CI role)',
    usedBy: 'worker, deployEvents, alarmEvents, sweeper, ci',
  },
  ...(['logs:CreateLogStream', 'logs:PutLogEvents'] as const).map((action): BotUse => ({
    action,
    principal: 'bot',
    origin: { kind: 'platform', reference: LAMBDA_LOGS },
    targets: logStreams,
    on: "the functions' log groups `/aws/lambda/blueshift-<stage>-*`",
    why: "Lambda writes each function's logs (osls adds these)",
    usedBy: 'Lambda, for all six functions',
  })),
];

/**
 * Actions osls grants the bot role on its own that blueshift never uses: osls puts them in every generated role.
 * Anything else granted and unused fails the test.
 */
export const GRANTED_BY_OSLS_UNUSED: Record<string, string> = {
  'logs:CreateLogGroup': "the stack creates every function's log group (with its retention), so Lambda never has to",
  'logs:TagResource': 'osls grants it with CreateLogGroup; the log groups are created, and tagged, by the stack',
};

export const ALL_USES: PermissionUse[] = [...OPERATOR_USES, ...BOT_USES];
