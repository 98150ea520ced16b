import { inspect } from 'node:util';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { logger } from '../../lib/log';

/** A structured log line as Powertools prints it (one JSON object per line). */
export type LogLine = Record<string, unknown> & { level?: string; message?: string };

export interface LogCapture {
  /** Every byte written to stdout or stderr and every console call, in order. */
  text(): string;
  /** The lines that are Powertools JSON, parsed. */
  lines(): LogLine[];
  restore(): void;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Captures what the bot logs while a test runs: the one logger at `level` (tests are otherwise SILENT), and
 * anything else written to stdout, stderr or the console, so a test can read every byte.
 */
export function captureLogs(level: LogLevel = 'DEBUG'): LogCapture {
  const chunks: string[] = [];
  const previous = logger.getLevelName();
  logger.setLogLevel(level);
  const write = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(write),
    jest.spyOn(process.stderr, 'write').mockImplementation(write),
    ...CONSOLE_METHODS.map((method) =>
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        chunks.push(`${args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: null }))).join(' ')}\n`);
      }),
    ),
  ];
  return {
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
      logger.setLogLevel(previous);
    },
  };
}
