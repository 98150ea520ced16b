import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
  paginateQuery,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  ConditionFailedError,
  type Condition,
  type Table,
  type TableItem,
  type TableKey,
  type TableUpdate,
} from '../state/table';

/** One document client per container; optional attributes left undefined are simply not written. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The state table port over a DynamoDB table with keys `pk` and `sk`. */
export function dynamoTable(client: DynamoDBDocumentClient, tableName: string): Table {
  const TableName = tableName;
  return {
    get: async (key) => {
      const { Item } = await client.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
      return Item;
    },
    put: async (item, condition) => {
      await guarded(`put ${describe(item)}`, () =>
        client.send(new PutCommand({ TableName, Item: item, ...expressions(condition) })),
      );
    },
    update: async (key, update, condition) => {
      const { expression, names, values } = updateExpression(update);
      const { Attributes } = await guarded(`update ${describe(key)}`, () =>
        client.send(
          new UpdateCommand({
            TableName,
            Key: key,
            UpdateExpression: expression,
            ReturnValues: 'ALL_NEW',
            ...expressions(condition, names, values),
          }),
        ),
      );
      return Attributes ?? { ...key };
    },
    updateExpression: async (key, update, condition) => {
      const { Attributes } = await guarded(`update ${describe(key)}`, () =>
        client.send(
          new UpdateCommand({
            TableName,
            Key: key,
            UpdateExpression: update.expression,
            ReturnValues: 'ALL_NEW',
            ...expressions(condition, update.names, update.values),
          }),
        ),
      );
      return Attributes ?? { ...key };
    },
    delete: async (key, condition) => {
      const { Attributes } = await guarded(`delete ${describe(key)}`, () =>
        client.send(new DeleteCommand({ TableName, Key: key, ReturnValues: 'ALL_OLD', ...expressions(condition) })),
      );
      return Attributes;
    },
    query: async (pk, skPrefix) => {
      const items: TableItem[] = [];
      const pages = paginateQuery({ client }, { TableName, ConsistentRead: true, ...keyCondition(pk, skPrefix) });
      for await (const page of pages) items.push(...(page.Items ?? []));
      return items;
    },
  };
}

/** Callers speak the port's error, not the SDK's. */
async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
      throw new ConditionFailedError(`The condition on ${what} was not met`, { cause: error });
    }
    throw error;
  }
}

function describe(key: TableKey): string {
  return `${key.pk} / ${key.sk}`;
}

/** DynamoDB rejects empty name and value maps, so they are left out rather than sent empty. */
function expressions(condition?: Condition, names: Record<string, string> = {}, values: Record<string, unknown> = {}) {
  const allNames = { ...names, ...condition?.names };
  const allValues = { ...values, ...condition?.values };
  return {
    ConditionExpression: condition?.expression,
    ExpressionAttributeNames: Object.keys(allNames).length > 0 ? allNames : undefined,
    ExpressionAttributeValues: Object.keys(allValues).length > 0 ? allValues : undefined,
  };
}

/** Every attribute goes through a placeholder so reserved words (status, owner…) need no thought. */
function updateExpression(update: TableUpdate) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const entries = Object.entries(update.set ?? {});
  // Setting an attribute to undefined removes it, as writing an item with it undefined would omit it.
  const toSet = entries.filter(([, value]) => value !== undefined);
  const toRemove = [
    ...(update.remove ?? []),
    ...entries.filter(([, value]) => value === undefined).map(([name]) => name),
  ];
  const sets = toSet.map(([name, value], index) => {
    names[`#set${index}`] = name;
    values[`:set${index}`] = value;
    return `#set${index} = :set${index}`;
  });
  const removes = toRemove.map((name, index) => {
    names[`#remove${index}`] = name;
    return `#remove${index}`;
  });
  const clauses = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ];
  const expression = clauses.filter(Boolean).join(' ');
  return { expression: expression || undefined, names, values };
}

type KeyCondition = Pick<
  QueryCommandInput,
  'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

function keyCondition(pk: string, skPrefix?: string): KeyCondition {
  if (skPrefix === undefined) {
    return {
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': pk },
    };
  }
  return {
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
  };
}
