import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { WorkerDeps } from '../handlers/jobs/deps';
import { handleJobs } from '../handlers/jobs/handle-jobs';
import { createWorkerDeps } from '../lib/aws/worker-deps';
import { logger } from '../lib/log';

// Built once per container on the first batch; a failed build is retried on the next one.
let ready: Promise<WorkerDeps> | undefined;

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  ready ??= createWorkerDeps();
  try {
    return await handleJobs(event, await ready);
  } catch (error) {
    ready = undefined;
    throw error;
  }
};
