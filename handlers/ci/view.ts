import { ciActor } from '../../commands/ci/principal';
import type { CiRequest } from '../../commands/ci/request';
import { roleOfArn } from '../../commands/ci/roles';
import { ciStateOf, type CiStateView } from '../../commands/ci/state';
import type { CiFunctionDeps } from './deps';

/** The path a CI request's state is read at (GET /ci/deployments/{id}). */
export const statePath = (id: string) => `/ci/deployments/${id}`;

export type CiAnswer = CiStateView & { self: string };

/**
 * A CI request as the CI job sees it: its record, the approval it waits for, and once started CodeDeploy's own
 * status, read in the environment's account as the CI role.
 */
export async function viewOf(request: CiRequest, deps: CiFunctionDeps): Promise<CiAnswer> {
  const now = deps.now();
  const [approval, deployment] = await Promise.all([
    request.approval ? deps.approvals.get(request.approval) : Promise.resolve(undefined),
    request.status === 'started' && request.deploymentId ? readDeployment(request, deps) : Promise.resolve(undefined),
  ]);
  return { ...ciStateOf(request, approval, deployment, now), self: statePath(request.id) };
}

async function readDeployment(request: CiRequest, deps: CiFunctionDeps) {
  const env = (await deps.config()).environments[request.env];
  const role = roleOfArn(request.principal);
  if (!env || !role || !request.deploymentId) return undefined;
  return deps.deployments.facts(request.env, env, ciActor(role), request.deploymentId);
}
