import { handleDeploymentEvent } from '../handlers/events/deployment-events';
import { createWorkerDeps } from './wiring/worker';
import { lambdaHandler } from '../lib/lambda';

/** EventBridge: CodeDeploy state changes forwarded from the target accounts; a failure is retried by Lambda. */
export const handler = lambdaHandler(createWorkerDeps, (event: unknown, deps) => handleDeploymentEvent(event, deps));
