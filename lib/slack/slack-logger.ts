import { LogLevel, type Logger as BoltLogger } from '@slack/logger';
import { logger } from '../log';

/**
 * Bolt's, the receiver's and the Web API client's log lines go through the one structured logger, with the request's
 * keys.
 */
export function slackLogger(): BoltLogger {
  let level = LogLevel.INFO;
  const text = (messages: unknown[]) => messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...messages: unknown[]) => logger.debug(text(messages)),
    info: (...messages: unknown[]) => logger.info(text(messages)),
    warn: (...messages: unknown[]) => logger.warn(text(messages)),
    error: (...messages: unknown[]) => logger.error(text(messages)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
