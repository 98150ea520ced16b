import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { arnOf, type ArnPlace } from './arns';
import {
  renderResources,
  renderStack,
  type Json,
  type RenderedResource,
  type RenderedStack,
  type Template,
} from './cloudformation';
import { BOT, BOT_PLACE, PARTITION, REPO, type AccountWorld } from './world';

// The policies blueshift ships, rendered as AWS would hold them once deployed: the operator role of
// infra/target-account.yml in each target account, and the bot's Lambda role from `serverless package`.

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Json;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

export interface RolePolicies {
  name: string;
  arn: string;
  trust: PolicyDocument;
  identity: { name: string; policy: PolicyDocument }[];
}

export const TARGET_TEMPLATE = join(REPO, 'infra', 'target-account.yml');

export function targetTemplate(): Template {
  return parse(readFileSync(TARGET_TEMPLATE, 'utf8')) as Template;
}

const document = (value: Json | undefined, where: string): PolicyDocument => {
  const policy = value as unknown as PolicyDocument | undefined;
  if (!policy || typeof policy !== 'object' || !('Statement' in policy))
    throw new Error(`${where} has no policy document`);
  return { ...policy, Statement: [policy.Statement].flat() };
};

/** A role's trust policy and every identity policy attached to it in the stack. */
export async function rolePolicies(
  resources: Record<string, RenderedResource>,
  roleId: string,
  place: ArnPlace,
): Promise<RolePolicies> {
  const role = resources[roleId];
  if (role?.type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not an AWS::IAM::Role`);
  const name = role.properties.RoleName;
  if (typeof name !== 'string') throw new Error(`${roleId} has no RoleName`);
  if (Array.isArray(role.properties.ManagedPolicyArns) && role.properties.ManagedPolicyArns.length > 0) {
    throw new Error(`${roleId} has managed policies, whose statements the simulation cannot see`);
  }
  const inline = ((role.properties.Policies ?? []) as { PolicyName: string; PolicyDocument: Json }[]).map((policy) => ({
    name: policy.PolicyName,
    policy: document(policy.PolicyDocument, `${roleId} ${policy.PolicyName}`),
  }));
  const attached = Object.values(resources).flatMap((resource) => {
    const { properties } = resource;
    const forRole =
      (resource.type === 'AWS::IAM::RolePolicy' && properties.RoleName === name) ||
      (['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(resource.type) &&
        Array.isArray(properties.Roles) &&
        properties.Roles.includes(name));
    if (!forRole) return [];
    const named = properties.PolicyName ?? properties.ManagedPolicyName;
    const policyName = typeof named === 'string' ? named : resource.logicalId;
    return [{ name: policyName, policy: document(properties.PolicyDocument, resource.logicalId) }];
  });
  const path = typeof role.properties.Path === 'string' ? role.properties.Path.replace(/^\//, '') : '';
  return {
    name,
    arn: await arnOf('iam', 'role', place, { RoleNameWithPath: `${path}${name}` }),
    trust: document(role.properties.AssumeRolePolicyDocument, `${roleId} AssumeRolePolicyDocument`),
    identity: [...inline, ...attached],
  };
}

export interface TargetStack {
  world: AccountWorld;
  stack: RenderedStack;
  operator: RolePolicies;
}

/**
 * infra/target-account.yml as CloudFormation would create it in the account, with the parameters its config implies.
 */
export async function renderTargetAccount(world: AccountWorld): Promise<TargetStack> {
  const place = { partition: PARTITION, region: world.region, account: world.account };
  const stack = await renderStack(targetTemplate(), world.parameters, { ...place, stackName: 'blueshift-target' });
  return { world, stack, operator: await rolePolicies(stack.resources, 'OperatorRole', place) };
}

/** The bot's Lambda role in the template `serverless package` generated. */
export async function renderBotRole(template: Template): Promise<RolePolicies> {
  const roleId = 'IamRoleLambdaExecution';
  const resources = await renderResources(template, [roleId], { ...BOT_PLACE, stackName: `blueshift-${BOT.stage}` });
  return rolePolicies(resources, roleId, BOT_PLACE);
}

/** Every statement of the identity policies. */
export function identityStatements(role: RolePolicies): (Statement & { policy: string })[] {
  return role.identity.flatMap(({ name, policy }) =>
    policy.Statement.map((statement) => ({ ...statement, policy: name })),
  );
}

export const actionsOf = (statement: Statement): string[] => [statement.Action ?? []].flat();
export const resourcesOf = (statement: Statement): string[] => [statement.Resource ?? []].flat();
