import type { CiRequestStore } from '../../commands/ci/request';
import type { CiDeploymentReader } from '../../commands/ci/state';
import type { JobQueue } from '../../commands/job';
import type { RequestStore } from '../../commands/requests';
import type { BlueshiftConfig } from '../../lib/config/schema';

/** What the ci function needs, built once per container by functions/wiring/ci.ts (or a test). */
export interface CiFunctionDeps {
  config(): Promise<BlueshiftConfig>;
  requests: CiRequestStore;
  /** The approval requests a CI request may wait for (REQUEST/<id>), read only. */
  approvals: Pick<RequestStore, 'get'>;
  /** The jobs queue: the worker runs the deployment through /deploy's executor. */
  queue: JobQueue;
  deployments: CiDeploymentReader;
  now(): Date;
}
