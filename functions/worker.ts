import type { Context } from 'aws-lambda';
import { logger } from '../lib/log';

// Minimal until its issue lands: logs what arrived and ignores it.
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  logger.info('event ignored: not handled yet', { event });
  await Promise.resolve();
};
