import type { ScheduledEvent } from 'aws-lambda';
import { sweep } from '../handlers/sweep/sweep';
import { createWorkerDeps } from './wiring/worker';
import { lambdaHandler } from '../lib/lambda';
import { logger } from '../lib/log';

/**
 * Every minute: the duties nobody asks for (handlers/sweep/sweep.ts): expire requests, re-enable snoozed alarms, revert
 * expired WAF exemptions, refresh quiet deployment messages, and every 5 minutes watch CPU credits.
 */
export const handler = lambdaHandler(createWorkerDeps, async (event: ScheduledEvent, deps) => {
  const results = await sweep(deps, `sweep-${event.id}`);
  logger.info('sweep done', { results });
  return results;
});
