import type { Context, ScheduledEvent } from 'aws-lambda';
import type { WorkerDeps } from '../handlers/jobs/deps';
import { sweep } from '../handlers/sweep/sweep';
import { createWorkerDeps } from '../lib/aws/worker-deps';
import { logger } from '../lib/log';

let ready: Promise<WorkerDeps> | undefined;

/** Every minute: expire unanswered requests (and, as features land, revert exemptions and re-enable alarms). */
export const handler = async (event: ScheduledEvent, context: Context): Promise<Record<string, number | string>> => {
  logger.addContext(context);
  ready ??= createWorkerDeps();
  try {
    const results = await sweep(await ready, `sweep-${event.id}`);
    logger.info('sweep done', { results });
    return results;
  } catch (error) {
    ready = undefined;
    throw error;
  }
};
