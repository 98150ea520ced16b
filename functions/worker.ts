import type { SQSEvent } from 'aws-lambda';
import { handleJobs } from '../handlers/jobs/handle-jobs';
import { createWorkerDeps } from './wiring/worker';
import { lambdaHandler } from '../lib/lambda';

/** SQS: the jobs the slack function accepted; failures are reported per record so only those are retried. */
export const handler = lambdaHandler(createWorkerDeps, (event: SQSEvent, deps, context) =>
  handleJobs(event, deps, context),
);
