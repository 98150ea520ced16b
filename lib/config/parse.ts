import { parse as parseYaml } from 'yaml';
import type * as z from 'zod';
import { configSchema, type BlueshiftConfig } from './schema';

/** The configuration is unusable; the message names every bad key so the operator can fix them in one go. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map(String).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `${key}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  }
  // A bad record key (an app or environment name): zod says only "Invalid key in record"; say why.
  if (issue.code === 'invalid_key') return `${key}: ${issue.issues[0]?.message ?? issue.message}`;
  return `${key}: ${issue.message}`;
}

/** Parses and validates the YAML configuration; `source` names where it came from in error messages. */
export function parseConfig(text: string, source: string): BlueshiftConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${source} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map(describeIssue);
    throw new ConfigError(`${source} is not a valid blueshift configuration:\n- ${lines.join('\n- ')}`);
  }
  return result.data;
}
