import * as z from 'zod';
import type { ProcessQuestion, ProcessQuestions } from '../../commands/processes/ports';
import { InvalidRecordError, optionalText } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

// One item per click on "What is using the CPU", kept a week: long enough to answer, audit and look back at.
const key = (id: string) => ({ pk: `PROCESSQ#${id}`, sk: 'QUESTION' });
const KEEP_MS = 7 * DAY_MS;

const instance = z.object({ id: z.string(), type: z.string().optional(), group: z.string() });
const body = z.object({
  id: z.string(),
  env: z.string(),
  app: z.string(),
  askedBy: z.string(),
  askedAt: z.iso.datetime(),
  roleSession: z.string(),
  asked: z.array(instance),
  unreachable: z.array(instance.extend({ ping: z.string() })),
  leftOut: z.number().int().nonnegative(),
  place: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('thread'), channel: z.string(), threadTs: z.string(), replyTs: z.string() }),
    z.object({
      kind: z.literal('ephemeral'),
      channel: z.string(),
      user: z.string(),
      responseUrl: z.string().optional(),
    }),
  ]),
});

function toQuestion(item: TableItem): ProcessQuestion {
  const parsed = body.safeParse(typeof item.body === 'string' ? JSON.parse(item.body) : undefined);
  if (!parsed.success) throw new InvalidRecordError('body', item, { cause: parsed.error });
  const commandId = optionalText(item, 'commandId');
  const answeredAt = optionalText(item, 'answeredAt');
  return {
    ...parsed.data,
    askedAt: new Date(parsed.data.askedAt),
    ...(commandId ? { commandId } : {}),
    ...(answeredAt ? { answeredAt: new Date(answeredAt) } : {}),
  };
}

export function processQuestionRecords(table: Table): ProcessQuestions {
  return {
    async get(id) {
      const item = await table.get(key(id));
      return item ? toQuestion(item) : undefined;
    },
    create: (question) => {
      // The command and the answer are set later, each by its own conditional write.
      const rest = { ...question, commandId: undefined, answeredAt: undefined };
      return conditionHolds(
        table.put(
          {
            ...key(question.id),
            body: JSON.stringify({ ...rest, askedAt: question.askedAt.toISOString() }),
            expiresAt: ttlSeconds(question.askedAt, KEEP_MS),
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
      );
    },
    async setCommand(id, commandId) {
      await table.update(key(id), { set: { commandId } }, { expression: 'attribute_exists(pk)' });
    },
    markAnswered: (id, at) =>
      conditionHolds(
        table.update(
          key(id),
          { set: { answeredAt: at.toISOString() } },
          { expression: 'attribute_exists(pk) AND attribute_not_exists(answeredAt)' },
        ),
      ),
  };
}
