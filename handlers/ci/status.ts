import { roleArn } from '../../commands/ci/roles';
import { CI_REQUEST_ID } from '../../commands/ci/request';
import type { CiFunctionDeps } from './deps';
import { answer, type CiResponse } from './response';
import type { CiCaller } from './submit';
import { viewOf } from './view';

/**
 * GET /ci/deployments/{id}: the request's state, to the role that asked for it only (any other caller, like an
 * unknown id, gets 404: ids are not secrets, but another role's deployments are none of its business).
 */
export async function ciDeploymentStatus(
  caller: CiCaller,
  id: string | undefined,
  deps: CiFunctionDeps,
): Promise<CiResponse> {
  const request = id && CI_REQUEST_ID.test(id) ? await deps.requests.get(id) : undefined;
  if (request?.principal !== roleArn(caller.role)) {
    return answer(404, { error: 'not-found', message: `no CI deployment request ${id ?? ''} of this role.` });
  }
  return answer(200, await viewOf(request, deps));
}
