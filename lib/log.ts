import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger. Entry points append the request's user, channel, command and deployment id
 * with `logger.appendKeys` so every line of a request can be found together.
 */
export const logger = new Logger({ serviceName: 'blueshift' });
