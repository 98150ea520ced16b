import { roleOfSession } from '../../commands/ci/roles';
import { logger } from '../../lib/log';
import type { CiFunctionDeps } from './deps';
import { answer, type CiResponse } from './response';
import { ciDeploymentStatus } from './status';
import { submitCiDeployment } from './submit';

/**
 * The HTTP API (payload format 2.0) event of an AWS_IAM-authorised route, as far as the ci function reads it.
 * API Gateway names the signer in `requestContext.authorizer.iam` (test/fixtures/payloads, the IAM authorizer
 * event) and invokes the function only when the signature and `execute-api:Invoke` hold.
 */
export interface CiHttpEvent {
  routeKey: string;
  body?: string;
  isBase64Encoded?: boolean;
  pathParameters?: Record<string, string | undefined>;
  requestContext: { requestId: string; authorizer?: { iam?: { userArn?: string | null } | null } | null };
}

/** The routes serverless.yml gives the ci function. */
export const CI_ROUTES = { submit: 'POST /ci/deployments', status: 'GET /ci/deployments/{id}' } as const;

/**
 * The ci function: who signed (an IAM role session, by API Gateway's word), then the route. Any failure to read or
 * record is a 503 the CI job may retry: a POST is idempotent by its key.
 */
export async function handleCiRequest(event: CiHttpEvent, deps: CiFunctionDeps): Promise<CiResponse> {
  const userArn = event.requestContext.authorizer?.iam?.userArn ?? undefined;
  const session = userArn ? roleOfSession(userArn) : undefined;
  if (!userArn || !session) {
    logger.warn('CI request without an IAM role session', { userArn });
    return answer(403, {
      error: 'not-a-role',
      message: `blueshift takes CI deployments from IAM role sessions only (sign with SigV4, service execute-api); this request was signed by ${userArn ?? 'nobody'}.`,
    });
  }
  const caller = { role: session, session: userArn, httpRequestId: event.requestContext.requestId };
  logger.appendKeys({ caller: userArn, route: event.routeKey });
  const body =
    event.isBase64Encoded && event.body !== undefined ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    switch (event.routeKey) {
      case CI_ROUTES.submit:
        return await submitCiDeployment(caller, body, deps);
      case CI_ROUTES.status:
        return await ciDeploymentStatus(caller, event.pathParameters?.id, deps);
      default:
        return answer(404, { error: 'not-found', message: `no route ${event.routeKey}.` });
    }
  } catch (error) {
    logger.error('CI request failed', { error });
    return answer(
      503,
      { error: 'unavailable', message: 'blueshift could not answer just now; retry (a POST with the same key).' },
      { 'retry-after': '5' },
    );
  }
}
