import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { exemptionIpSetName } from '../../commands/waf/exemption';
import { parseConfig } from '../../lib/config/parse';
import type { BlueshiftConfig, EnvironmentConfig } from '../../lib/config/schema';
import { arnOf, type ArnPlace } from './arns';
import { eduWebAcl } from '../fakes/web-acls';

// The accounts the IAM simulation plays in: the bot's own (where `serverless package` deploys) and the target
// accounts of a realistic configuration, with the names blueshift would use there.

export const REPO = join(__dirname, '..', '..');
/** The configuration `serverless package` is run with in the tests (stage `test`). */
export const PACKAGE_CONFIG = 'test/fixtures/config/test.yml';
export const PARTITION = 'aws';

export const BOT = {
  account: '999999999999',
  region: 'ap-northeast-2',
  stage: 'test',
} as const;
/** serverless.yml provider.iam.role.name, which infra/target-account.yml's BotRoleName must name. */
export const BOT_ROLE_NAME = `blueshift-${BOT.stage}-${BOT.region}-bot`;
export const BOT_PLACE: ArnPlace = { partition: PARTITION, region: BOT.region, account: BOT.account };

/**
 * The packaging fixture's configuration plus what it lacks to exercise every shape of the target-account stack:
 * `api` also deployed to prod (so prod's account lists two CodeDeploy applications) and an `edge` environment in
 * prod's account behind a CloudFront web ACL (so that stack gets a REGIONAL and a CLOUDFRONT web ACL).
 */
export function simulationConfig(): BlueshiftConfig {
  const input = parse(readFileSync(join(REPO, PACKAGE_CONFIG), 'utf8')) as {
    environments: Record<string, Record<string, unknown>>;
    apps: Record<
      string,
      {
        codedeploy: { groups: Record<string, string> };
        autoScalingGroups?: Record<string, string>;
        runbooks?: Record<string, unknown[]>;
      }
    >;
  };
  const prod = input.environments.prod!;
  input.environments.edge = {
    ...prod,
    channel: 'C0EDGEOPS01',
    waf: {
      webAcl: { name: 'edu-edge-acl', id: '66666666-7777-4888-9999-aaaaaaaaaaaa', scope: 'CLOUDFRONT' },
      maxExemption: '2h',
    },
  };
  input.apps.api!.codedeploy.groups.prod = 'edu-api-prod';
  input.apps.api!.autoScalingGroups = { ...input.apps.api!.autoScalingGroups, prod: 'edu-api-prod-asg' };
  // A runbook of each kind: an AWS-owned Automation runbook and a Run Command document of the account's own.
  input.apps.web!.runbooks = {
    prod: [
      {
        name: 'restart',
        label: 'Restart the instance',
        alarms: ['edu-web-prod-*'],
        kind: 'automation',
        document: 'AWS-RestartEC2Instance',
        parameters: { InstanceId: '{instanceId}' },
      },
      {
        name: 'agents',
        label: 'Restart the agents',
        alarms: ['edu-web-prod-*'],
        kind: 'command',
        document: 'edu-restart-agents',
        parameters: {},
      },
    ],
  };
  return parseConfig(stringify(input), 'the IAM simulation configuration');
}

/** What a web ACL's rules refer to, besides managed rule groups: each is authorised for UpdateWebACL too. */
export interface WebAclWorld {
  name: string;
  id: string;
  scope: 'REGIONAL' | 'CLOUDFRONT';
  /** `regional` or `global`, the scope segment of WAF ARNs. */
  scopeSegment: 'regional' | 'global';
  /** Where WAF keeps it: the environment's region, or us-east-1 for CLOUDFRONT. */
  region: string;
  arn: string;
  /**
   * ARNs UpdateWebACL is also authorised against: the managed rule groups, IP sets, regex sets and rule groups its
   * rules use.
   */
  referenced: { type: 'managedruleset' | 'ipset' | 'regexpatternset' | 'rulegroup'; arn: string }[];
  /** The IP set `/waf-exempt … from <cidr>` creates, with the id WAF would give it. */
  exemptionIpSet: { name: string; id: string; arn: string };
}

export interface EnvironmentWorld {
  name: string;
  config: EnvironmentConfig;
  place: ArnPlace;
  /** CodeDeploy application and deployment group of each app deployed here. */
  deployments: { application: string; group: string }[];
  /** Alarms of the apps deployed here (alarmPrefix + a name), and one of another team's. */
  alarmNames: string[];
  /** The apps' alarm prefixes here: the alarms blueshift may move to a live group. */
  alarmPrefixes: string[];
  autoScalingGroups: string[];
  /**
   * The Auto Scaling groups whose instances blueshift acts on (the process listing, credit modes): the configured
   * ones, and a blue/green copy of each deployment group as CodeDeploy names it.
   */
  instanceGroups: string[];
  /** The same as the stack's InstanceGroups parameter spells them: the copies as `CodeDeploy_<group>_*`. */
  instanceGroupPatterns: string[];
  /** The documents of the apps' runbooks here, by kind. */
  runbookDocuments: { kind: 'automation' | 'command'; document: string }[];
  webAcl?: WebAclWorld;
  /** A revision bundle of each app deployed here that reads its commit ("what changed"): bucket and key. */
  artifacts: { bucket: string; key: string }[];
}

const EXEMPTION_ID = 'prod-3fa9c1';

async function webAclWorld(env: EnvironmentConfig): Promise<WebAclWorld | undefined> {
  if (!env.waf) return undefined;
  const { name, id, scope } = env.waf.webAcl;
  const scopeSegment = scope === 'CLOUDFRONT' ? 'global' : 'regional';
  // CloudFront web ACLs and what they use live in us-east-1 whatever the environment's region.
  const place: ArnPlace = {
    partition: PARTITION,
    region: scope === 'CLOUDFRONT' ? 'us-east-1' : env.region,
    account: env.account,
  };
  const waf = (type: string, resourceName: string, resourceId: string) =>
    arnOf('wafv2', type, place, { Scope: scopeSegment, Name: resourceName, Id: resourceId });
  // The rule groups of the prod web ACL the tests use (test/fakes/web-acls.ts), plus one of each other reference.
  const managed = eduWebAcl().Rules.flatMap((rule) => rule.Statement.ManagedRuleGroupStatement?.Name ?? []);
  const exemptionIpSet = { name: exemptionIpSetName(EXEMPTION_ID), id: 'eeeeeeee-1111-4222-8333-444444444444' };
  const referenced: WebAclWorld['referenced'] = [
    // Vendors' rule sets: the Service Authorization Reference gives their format but not the account AWS checks
    // them in; the caller's is used here, and the policy allows any account for this type.
    ...(await Promise.all(
      managed.map(async (group) => ({
        type: 'managedruleset' as const,
        arn: await waf('managedruleset', group, '00000000-0000-4000-8000-000000000000'),
      })),
    )),
    { type: 'ipset', arn: await waf('ipset', 'office-ips', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee') },
    { type: 'ipset', arn: await waf('ipset', exemptionIpSet.name, exemptionIpSet.id) },
    { type: 'regexpatternset', arn: await waf('regexpatternset', 'bad-paths', 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff') },
    { type: 'rulegroup', arn: await waf('rulegroup', 'edu-custom-rules', 'cccccccc-dddd-4eee-8fff-000000000000') },
  ];
  return {
    name,
    id,
    scope,
    scopeSegment,
    region: place.region,
    arn: await waf('webacl', name, id),
    referenced,
    exemptionIpSet: { ...exemptionIpSet, arn: await waf('ipset', exemptionIpSet.name, exemptionIpSet.id) },
  };
}

export async function environmentWorlds(config: BlueshiftConfig): Promise<EnvironmentWorld[]> {
  return Promise.all(
    Object.entries(config.environments).map(async ([name, env]) => {
      const apps = Object.values(config.apps).filter((app) => app.codedeploy.groups[name] !== undefined);
      return {
        name,
        config: env,
        place: { partition: PARTITION, region: env.region, account: env.account },
        deployments: apps.map((app) => ({
          application: app.codedeploy.application,
          group: app.codedeploy.groups[name]!,
        })),
        alarmPrefixes: apps.flatMap((app) => app.alarmPrefix ?? []),
        alarmNames: [
          ...apps.flatMap((app) => (app.alarmPrefix ? [`${app.alarmPrefix}cpu-high`] : [])),
          'payments-db-connections',
        ],
        autoScalingGroups: Object.values(config.apps).flatMap((app) => app.autoScalingGroups[name] ?? []),
        instanceGroups: [
          ...Object.values(config.apps).flatMap((app) => app.autoScalingGroups[name] ?? []),
          ...apps.map((app) => `CodeDeploy_${app.codedeploy.groups[name]!}_d-7EXAMPLE1`),
        ],
        runbookDocuments: Object.values(config.apps).flatMap((app) =>
          (app.runbooks[name] ?? []).map(({ kind, document }) => ({ kind, document })),
        ),
        instanceGroupPatterns: [
          ...Object.values(config.apps).flatMap((app) => app.autoScalingGroups[name] ?? []),
          ...apps.map((app) => `CodeDeploy_${app.codedeploy.groups[name]!}_*`),
        ],
        webAcl: await webAclWorld(env),
        artifacts: apps.flatMap((app) =>
          app.github ? [{ bucket: app.artifacts.bucket, key: app.artifacts.key.replaceAll('{revision}', 'v42') }] : [],
        ),
      };
    }),
  );
}

/** One target account: what its infra/target-account.yml stack is deployed with, from the configuration. */
export interface AccountWorld {
  account: string;
  region: string;
  environments: EnvironmentWorld[];
  parameters: Record<string, string | string[]>;
}

export async function accountWorlds(config: BlueshiftConfig): Promise<AccountWorld[]> {
  const environments = await environmentWorlds(config);
  const accounts = [...new Set(environments.map((env) => env.config.account))];
  return Promise.all(
    accounts.map(async (account) => {
      const here = environments.filter((env) => env.config.account === account);
      const externalIds = [...new Set(here.map((env) => env.config.externalId))];
      if (externalIds.length !== 1)
        throw new Error(`account ${account}: its environments disagree on externalId (${externalIds.join(', ')})`);
      const regions = [...new Set(here.map((env) => env.config.region))];
      if (regions.length !== 1)
        throw new Error(`account ${account}: environments in several regions (${regions.join(', ')})`);
      const applications = [
        ...new Set(here.flatMap((env) => env.deployments.map((deployment) => deployment.application))),
      ];
      const webAcls = here.flatMap((env) => env.webAcl?.arn ?? []);
      const alarmPrefixes = [...new Set(here.flatMap((env) => env.alarmPrefixes))];
      const instanceGroups = [...new Set(here.flatMap((env) => env.instanceGroupPatterns))];
      const runbookDocuments = [...new Set(here.flatMap((env) => env.runbookDocuments.map((r) => r.document)))];
      const artifactBuckets = [...new Set(here.flatMap((env) => env.artifacts.map((artifact) => artifact.bucket)))];
      return {
        account,
        region: regions[0]!,
        environments: here,
        parameters: {
          BotAccountId: BOT.account,
          BotRoleName: BOT_ROLE_NAME,
          ExternalId: externalIds[0]!,
          BotEventBusArn: await arnOf('events', 'event-bus', BOT_PLACE, { EventBusName: `blueshift-${BOT.stage}` }),
          CodeDeployApplications: applications,
          AlarmPrefixes: alarmPrefixes.length > 0 ? alarmPrefixes : '',
          WebAclArns: webAcls.length > 0 ? webAcls : '',
          InstanceGroups: instanceGroups.length > 0 ? instanceGroups : '',
          RunbookDocuments: runbookDocuments.length > 0 ? runbookDocuments : '',
          ArtifactBuckets: artifactBuckets.length > 0 ? artifactBuckets : '',
        },
      };
    }),
  );
}
