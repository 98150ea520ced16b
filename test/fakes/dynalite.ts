import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createDocumentClient, dynamoTable } from '../../lib/aws/dynamodb';
import type { Table } from '../../lib/state/table';

/** A real DynamoDB-compatible server on a loopback port, with the state table as serverless.yml defines it. */
export interface DynaliteServer {
  endpoint: string;
  tableName: string;
  /** Region and dummy credentials to give any other client pointed at `endpoint`. */
  clientConfig: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  client: DynamoDBDocumentClient;
  table: Table;
  /** Drops and recreates the table, so each test starts empty. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const TABLE_NAME = 'blueshift-state-test';

export async function startDynalite(): Promise<DynaliteServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const admin = new DynamoDBClient(clientConfig);
  const client = createDocumentClient(clientConfig);
  await createTable(admin);

  return {
    endpoint,
    tableName: TABLE_NAME,
    clientConfig,
    client,
    table: dynamoTable(client, TABLE_NAME),
    reset: async () => {
      await admin.send(new DeleteTableCommand({ TableName: TABLE_NAME }));
      await waitFor(admin, undefined);
      await createTable(admin);
    },
    stop: async () => {
      // Keep-alive sockets from the SDK would otherwise hold server.close() open.
      client.destroy();
      admin.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}

async function createTable(admin: DynamoDBClient): Promise<void> {
  await admin.send(
    new CreateTableCommand({
      TableName: TABLE_NAME,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitFor(admin, 'ACTIVE');
}

/** dynalite flips table status on a timer even at 0 ms, so wait for it (undefined: until the table is gone). */
async function waitFor(admin: DynamoDBClient, status: 'ACTIVE' | undefined): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await tableStatus(admin)) === status) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`dynalite table ${TABLE_NAME} never became ${status ?? 'absent'}`);
}

async function tableStatus(admin: DynamoDBClient): Promise<string | undefined> {
  try {
    const { Table: description } = await admin.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    return description?.TableStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * One dynalite server for a test file, its table emptied before each test: call at the top level of the file and read
 * the server through the returned function (it exists once `beforeAll` has run).
 */
export function useDynalite(): () => DynaliteServer {
  let server: DynaliteServer | undefined;
  beforeAll(async () => {
    server = await startDynalite();
  });
  beforeEach(async () => {
    await server?.reset();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server)
      throw new Error('dynalite has not started: useDynalite() must be called at the top level of a test file');
    return server;
  };
}
