import type { DeploymentLink } from '../../commands/deploy/ports';
import type { WorkerDeps } from '../jobs/deps';
import { auditAdoption } from './adoption-audit';
import { announceDeployment } from './announce';
import { refreshProgress } from './progress';

/**
 * A deployment recorded without its message (whoever claimed it died, or every retry of its event failed to post)
 * gets it now, once its claim has run out; true when this call posted it.
 */
export async function postUnposted(link: DeploymentLink, deps: WorkerDeps): Promise<boolean> {
  const { deploymentId, kind, app, env, revision, requestedBy, requesterName, approvedBy, rollbackOf } = link;
  const { origin, startedAt } = link;
  const announced = await announceDeployment(
    { deploymentId, kind, app, env, revision, requestedBy, requesterName, approvedBy, rollbackOf, origin, startedAt },
    deps,
  );
  if (!announced?.posted) return false;
  if (origin) await auditAdoption(announced.link, deps);
  await refreshProgress(deploymentId, deps, { force: true });
  return true;
}
