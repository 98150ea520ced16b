import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { handler as ciHandler } from '../../functions/ci';
import { DeployFlow } from './deploy-flow';
import { lambdaContext } from './harness';

// API Gateway's payload format 2.0 for an AWS_IAM-authorised route, from the captured event (test/fixtures/payloads,
// README), with only what the CI routes change: the route, the body and the signer.
const template = JSON.parse(
  readFileSync(
    join(__dirname, '..', 'fixtures', 'payloads', 'apigw-http-v2__iam-authorizer__aws-lambda-go.json'),
    'utf8',
  ),
) as APIGatewayProxyEventV2WithIAMAuthorizer;

export const BOT_ACCOUNT = '999999999999';
/** The role the CI tests sign as: ci.principals in test/fixtures/config/integration.yml, staging and prod. */
export const CI_ROLE = 'github-deploy-web';
/** A role there with a path (ci/staging-deployer), allowed staging only. */
export const STAGING_ROLE = 'staging-deployer';

/** The session ARN API Gateway names a caller by: the role assumed through GitHub's OIDC, session GitHubActions. */
export const sessionOf = (role: string, account = BOT_ACCOUNT) =>
  `arn:aws:sts::${account}:assumed-role/${role}/GitHubActions`;

let requests = 0;

/** The event API Gateway sends the ci function for a request signed by `userArn` (undefined: no IAM context). */
export function ciEvent(
  route: 'POST /ci/deployments' | 'GET /ci/deployments/{id}',
  input: { userArn: string | undefined; body?: unknown; id?: string },
): APIGatewayProxyEventV2WithIAMAuthorizer {
  const [method = '', pattern = ''] = route.split(' ');
  const path = pattern.replace('{id}', input.id ?? '');
  requests += 1;
  const iam = {
    ...template.requestContext.authorizer.iam,
    accessKey: 'ASIAEXAMPLEEXAMPLE01',
    accountId: BOT_ACCOUNT,
    callerId: 'AROAEXAMPLEEXAMPLE01:GitHubActions',
    cognitoIdentity: null,
    userArn: input.userArn ?? '',
    userId: 'AROAEXAMPLEEXAMPLE01:GitHubActions',
  };
  return {
    ...template,
    cookies: undefined,
    stageVariables: undefined,
    routeKey: route,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc123.execute-api.ap-northeast-2.amazonaws.com' },
    queryStringParameters: undefined,
    pathParameters: input.id === undefined ? undefined : { id: input.id },
    requestContext: {
      ...template.requestContext,
      routeKey: route,
      accountId: BOT_ACCOUNT,
      apiId: 'abc123',
      requestId: `ci-test-${requests}`,
      http: { ...template.requestContext.http, method, path },
      authorizer: input.userArn === undefined ? (undefined as never) : { iam },
    },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
    isBase64Encoded: false,
  };
}

export interface CiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A deployment story from CI: signed requests to the ci function, then the worker, Slack clicks and CodeDeploy. */
export class CiFlow extends DeployFlow {
  /** POST /ci/deployments as the role, then every queued job run by the worker. */
  async post(body: unknown, role = CI_ROLE): Promise<CiAnswer> {
    const response = await ciHandler(
      ciEvent('POST /ci/deployments', { userArn: sessionOf(role), body }),
      lambdaContext,
    );
    const answer = { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
    await this.drain();
    return answer;
  }

  /** GET /ci/deployments/{id} as the role. */
  async get(id: string, role = CI_ROLE): Promise<CiAnswer> {
    const response = await ciHandler(
      ciEvent('GET /ci/deployments/{id}', { userArn: sessionOf(role), id }),
      lambdaContext,
    );
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  }

  /** Just the state the CI job would print. */
  async state(id: string, role = CI_ROLE): Promise<unknown> {
    return (await this.get(id, role)).body.state;
  }
}
