import { runSimulation, type RunSimulationResults } from '@cloud-copilot/iam-simulate';
import { arnOf, factsOf, splitAction, type ArnPlace } from './arns';
import type { ArnSpec, Target } from './permissions';
import type { PolicyDocument, RolePolicies } from './policies';

// One request, evaluated by @cloud-copilot/iam-simulate against the policies as AWS would: identity policies
// of the caller, and the resource's own policy where it has one (a role's trust policy).

export interface Caller {
  /** The session's ARN: arn:aws:sts::<account>:assumed-role/<role>/<session>. */
  arn: string;
  account: string;
  role: RolePolicies;
  /** Global condition keys of the session: aws:SourceIdentity, aws:PrincipalTag/…. */
  context: Record<string, string | string[]>;
  /** Who this is, in failure messages: `U0ALICE in prod`. */
  label: string;
}

export interface Request {
  action: string;
  /** A concrete ARN (no wildcard, or the simulator would answer for any matching pattern), or `*`. */
  resource: string;
  resourceAccount: string;
  context: Record<string, string | string[]>;
  resourcePolicy?: PolicyDocument;
}

export interface Outcome {
  allowed: boolean;
  result: string;
  /** Why, when not allowed: the statements that could have applied and what did not match. */
  explanation: string;
  ignoredContextKeys: string[];
}

/** A target's ARN, from iam-data's format for the resource type. */
export async function arnOfTarget(action: string, spec: ArnSpec, place: ArnPlace): Promise<string> {
  return arnOf(spec.service ?? splitAction(action).service, spec.type, spec.place ?? place, spec.values);
}

function explain(response: RunSimulationResults): string {
  if (response.resultType === 'error') return JSON.stringify(response.errors);
  const results = response.resultType === 'single' ? [response.result] : response.results;
  return results
    .map((result) => {
      const analysis = result.analysis;
      const lines: string[] = [];
      const identity = analysis.identityAnalysis;
      if (identity && identity.result !== 'Allowed') {
        const near = identity.unmatchedStatements.filter((statement) => statement.actionMatch);
        lines.push(
          near.length === 0
            ? 'identity policies: no statement grants the action'
            : `identity policies: ${near
                .map((statement) => {
                  const json = statement.statement.toJSON() as { Resource?: unknown; Condition?: unknown };
                  const why = [
                    statement.resourceMatch
                      ? ''
                      : `resource ${JSON.stringify(json.Resource)} does not match${mismatch(statement.explain)}`,
                    statement.conditionMatch === 'Match'
                      ? ''
                      : `condition ${JSON.stringify(json.Condition)} is not met`,
                  ]
                    .filter(Boolean)
                    .join('; ');
                  return `${statement.policyId} ${statement.statement.sid() ?? '(no Sid)'}: ${why}`;
                })
                .join(' | ')}`,
        );
      }
      const resource = analysis.resourceAnalysis;
      if (resource && !['Allowed', 'NotApplicable', 'AllowedForAccount'].includes(resource.result)) {
        const near = resource.unmatchedStatements.filter((statement) => statement.actionMatch);
        lines.push(
          `resource policy (${resource.result}): ${
            near.length === 0
              ? 'no statement grants the action'
              : near
                  .map(
                    (statement) =>
                      `${statement.statement.sid() ?? '(no Sid)'}: ${
                        [
                          statement.principalMatch === 'NoMatch' ? 'principal does not match' : '',
                          statement.conditionMatch === 'Match'
                            ? ''
                            : `condition ${JSON.stringify(statement.statement.conditionMap())} is not met`,
                        ]
                          .filter(Boolean)
                          .join('; ') || 'does not apply'
                      }`,
                  )
                  .join(' | ')
          }`,
        );
      }
      return lines.join('\n') || analysis.result;
    })
    .join('\n');
}

function mismatch(explain: unknown): string {
  const resources = [(explain as { resources?: unknown }).resources ?? []].flat() as { mismatchReason?: string }[];
  const reasons = [...new Set(resources.flatMap((resource) => resource.mismatchReason ?? []))];
  return reasons.length > 0 ? ` (${reasons.join(', ')})` : '';
}

/** Evaluates one request by the caller. Invalid input (an unknown action, a resource of the wrong type…) throws. */
export async function simulate(caller: Caller, request: Request): Promise<Outcome> {
  if (request.resource !== '*' && request.resource.includes('*'))
    throw new Error(`${request.action}: simulate a concrete resource, not ${request.resource}`);
  const response = await runSimulation(
    {
      request: {
        principal: caller.arn,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: {
          'aws:PrincipalArn': caller.role.arn,
          'aws:PrincipalAccount': caller.account,
          'aws:PrincipalType': 'AssumedRole',
          ...caller.context,
          ...request.context,
        },
      },
      identityPolicies: caller.role.identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    },
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(
      `${request.action} on ${request.resource} as ${caller.label}: the simulator refused the request: ${explain(response)}`,
    );
  }
  const ignored =
    response.resultType === 'single'
      ? (response.result.ignoredContextKeys ?? [])
      : response.results.flatMap((result) => result.ignoredContextKeys ?? []);
  const allowed = response.overallResult === 'Allowed';
  return {
    allowed,
    result: response.overallResult,
    explanation: allowed ? '' : explain(response),
    ignoredContextKeys: ignored,
  };
}

/** The requests a target stands for: its ARN (or `*`) and condition keys. */
export async function requestOf(action: string, target: Target, place: ArnPlace): Promise<Request> {
  if (target.resource === '*')
    return { action, resource: '*', resourceAccount: place.account, context: target.context ?? {} };
  const resource = await arnOfTarget(action, target.resource, place);
  return { action, resource, resourceAccount: (target.resource.place ?? place).account, context: target.context ?? {} };
}

/** Whether iam-data lets the action be authorised against `*` only, or against no resource of a required type. */
/**
 * Actions a service documents as needing `*` although iam-data lists a resource type for them, each with where AWS
 * says so. iam-data describes what the action *can* be scoped to; these notes describe what a call needs.
 */
export const WILDCARD_NEEDED: Record<string, string> = {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
  'cloudwatch:DescribeAlarms':
    'DescribeAlarms returns composite alarms only to a caller whose cloudwatch:DescribeAlarms permission is scoped to * (CloudWatch API reference)',
};

export async function mayUseWildcard(action: string): Promise<boolean> {
  if (Object.hasOwn(WILDCARD_NEEDED, action)) return true;
  const facts = await factsOf(action);
  return facts.wildcardOnly || facts.resourceTypes.every((type) => !type.required);
}
