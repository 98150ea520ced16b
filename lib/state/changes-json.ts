import * as z from 'zod';
import type { Changes } from '../../commands/changes/types';
import { InvalidRecordError } from './record';
import type { TableItem } from './table';

/** What a deployment changes, kept as JSON with a request and a deployment's link; read back through a schema. */
const line = z.object({ sha: z.string(), title: z.string(), author: z.string().optional() });
const between = { repository: z.string(), base: z.string(), head: z.string(), compareUrl: z.string() };
const changes = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('commits'),
    ...between,
    status: z.enum(['ahead', 'behind', 'diverged', 'identical']),
    total: z.number(),
    removed: z.number(),
    commits: z.array(line),
  }),
  z.object({ kind: z.literal('link'), ...between }),
  z.object({ kind: z.literal('unread'), ...between, reason: z.string() }),
  z.object({ kind: z.literal('unknown'), repository: z.string(), reason: z.string() }),
]);

export const changesJson = (value: Changes): string => JSON.stringify(value);

export function changesFrom(item: TableItem, attribute: string): Changes | undefined {
  const value = item[attribute];
  if (value === undefined) return undefined;
  try {
    if (typeof value !== 'string') throw new Error('not JSON text');
    const parsed = changes.parse(JSON.parse(value));
    // JSON has no undefined: an author that was unknown comes back absent, as the type has it.
    return parsed.kind === 'commits'
      ? { ...parsed, commits: parsed.commits.map((c) => ({ ...c, author: c.author })) }
      : parsed;
  } catch (error) {
    throw new InvalidRecordError(attribute, item, { cause: error });
  }
}
