import * as z from 'zod';
import type { RunbookRun, RunbookRuns } from '../../commands/runbooks/ports';
import { InvalidRecordError, optionalText } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

// One item per click on a runbook button, kept 30 days.
const key = (id: string) => ({ pk: `RUNBOOKRUN#${id}`, sk: 'RUN' });
const KEEP_MS = 30 * DAY_MS;

const body = z.object({
  id: z.string(),
  env: z.string(),
  app: z.string(),
  runbook: z.string(),
  label: z.string(),
  kind: z.enum(['automation', 'command']),
  document: z.string(),
  documentVersion: z.string().optional(),
  parameters: z.record(z.string(), z.array(z.string())),
  instanceId: z.string().optional(),
  alarmName: z.string(),
  requestedBy: z.string(),
  approvedBy: z.string().optional(),
  roleSession: z.string(),
  at: z.iso.datetime(),
  place: z.object({ channel: z.string(), threadTs: z.string().optional(), replyTs: z.string() }),
});

function toRun(item: TableItem): RunbookRun {
  const parsed = body.safeParse(typeof item.body === 'string' ? JSON.parse(item.body) : undefined);
  if (!parsed.success) throw new InvalidRecordError('body', item, { cause: parsed.error });
  const started = optionalText(item, 'started');
  const finishedAt = optionalText(item, 'finishedAt');
  const { place, ...rest } = parsed.data;
  return {
    ...rest,
    place: { channel: place.channel, threadTs: place.threadTs, replyTs: place.replyTs },
    at: new Date(parsed.data.at),
    ...(started ? { started } : {}),
    ...(finishedAt ? { finishedAt: new Date(finishedAt) } : {}),
  };
}

export function runbookRunRecords(table: Table): RunbookRuns {
  return {
    async get(id) {
      const item = await table.get(key(id));
      return item ? toRun(item) : undefined;
    },
    create: (run) =>
      conditionHolds(
        table.put(
          {
            ...key(run.id),
            body: JSON.stringify({ ...run, started: undefined, finishedAt: undefined, at: run.at.toISOString() }),
            expiresAt: ttlSeconds(run.at, KEEP_MS),
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
      ),
    async setStarted(id, started) {
      await table.update(key(id), { set: { started } }, { expression: 'attribute_exists(pk)' });
    },
    markFinished: (id, at) =>
      conditionHolds(
        table.update(
          key(id),
          { set: { finishedAt: at.toISOString() } },
          { expression: 'attribute_exists(pk) AND attribute_not_exists(finishedAt)' },
        ),
      ),
  };
}
