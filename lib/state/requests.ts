import type { DecideOutcome, PendingRequest, RequestStore } from '../../commands/requests';
import { date, oneOf, optionalText, text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem, type TableKey } from './table';

// One partition: pending requests are few and short-lived, and the sweeper lists them every minute.
const key = (id: string): TableKey => ({ pk: 'REQUEST', sk: id });
const KEEP_DECIDED_MS = 30 * DAY_MS;

function toRequest(item: TableItem): PendingRequest {
  const decidedAt = optionalText(item, 'decidedAt');
  const channel = optionalText(item, 'messageChannel');
  const ts = optionalText(item, 'messageTs');
  return {
    id: text(item, 'id'),
    gate: oneOf(item, 'gate', ['confirmation', 'approval'] as const),
    status: oneOf(item, 'status', ['pending', 'approved', 'rejected', 'expired'] as const),
    command: text(item, 'command'),
    job: text(item, 'job'),
    env: text(item, 'env'),
    app: optionalText(item, 'app'),
    summary: text(item, 'summary'),
    requestedBy: text(item, 'requestedBy'),
    createdAt: date(item, 'createdAt'),
    deadline: date(item, 'deadline'),
    confirmedBy: optionalText(item, 'confirmedBy'),
    grants: Array.isArray(item.grants) ? item.grants.filter((g): g is string => typeof g === 'string') : [],
    ...(Array.isArray(item.choices) ? { choices: item.choices.filter((c): c is string => typeof c === 'string') } : {}),
    decidedBy: optionalText(item, 'decidedBy'),
    decidedAt: decidedAt ? new Date(decidedAt) : undefined,
    message: channel && ts ? { channel, ts } : undefined,
  };
}

export function requestRecords(table: Table): RequestStore {
  const get = async (id: string) => {
    const item = await table.get(key(id));
    return item && toRequest(item);
  };
  return {
    get,
    async create(request) {
      const { message, createdAt, deadline, decidedAt, ...rest } = request;
      await table.put(
        {
          ...key(request.id),
          ...rest,
          createdAt: createdAt.toISOString(),
          deadline: deadline.toISOString(),
          decidedAt: decidedAt?.toISOString(),
          messageChannel: message?.channel,
          messageTs: message?.ts,
        },
        { expression: 'attribute_not_exists(pk)' },
      );
    },
    async decide(id, status, by, at, jobId): Promise<DecideOutcome> {
      // The decided request comes back with the write: no read after it that could fail once the decision is made.
      let written: TableItem | undefined;
      const decided = await conditionHolds(
        table
          .update(
            key(id),
            {
              set: {
                status,
                decidedBy: by,
                decidedAt: at.toISOString(),
                decidedByJob: jobId,
                expiresAt: ttlSeconds(at, KEEP_DECIDED_MS),
              },
            },
            {
              expression: '#status = :pending OR (#status = :status AND #job = :job)',
              names: { '#status': 'status', '#job': 'decidedByJob' },
              values: { ':pending': 'pending', ':status': status, ':job': jobId },
            },
          )
          .then((item) => {
            written = item;
          }),
      );
      if (decided && written) return { decided: true, request: toRequest(written) };
      return { decided: false, current: await get(id) };
    },
    async attachMessage(id, channel, ts) {
      await table.update(key(id), { set: { messageChannel: channel, messageTs: ts } });
    },
    async listOverdue(now) {
      const items = await table.query('REQUEST');
      return items.map(toRequest).filter((r) => r.status === 'pending' && r.deadline <= now);
    },
  };
}
