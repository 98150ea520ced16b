import { handleCiRequest, type CiHttpEvent } from '../handlers/ci/http';
import { lambdaHandler } from '../lib/lambda';
import { createCiFunctionDeps } from './wiring/ci';

/** HTTP API, AWS_IAM-authorised: CI deployments (POST /ci/deployments) and their state (GET /ci/deployments/{id}). */
export const handler = lambdaHandler(
  () => Promise.resolve(createCiFunctionDeps()),
  (event: CiHttpEvent, deps) => handleCiRequest(event, deps),
);
