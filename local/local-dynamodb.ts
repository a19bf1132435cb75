import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { AUDIT_BY_USER_INDEX } from '../src/audit/audit-trail';
import { IDEMPOTENCY_KEY_ATTRIBUTE } from '../src/idempotency/run-once-dynamodb';
import { LOCAL_ALERT_TABLE } from './alerts/local-alert-settings';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from './local-settings';

/** The bot's tables as `serverless.yml` declares them: keys and indexes only (TTL is checked by the code). */
export const BOT_TABLES = {
  previewLedger: { name: 'airflow-slack-ops-local-preview-ledger', keys: [['previewId', 'HASH']] },
  audit: {
    name: 'airflow-slack-ops-local-audit',
    keys: [
      ['subject', 'HASH'],
      ['sortKey', 'RANGE'],
    ],
    indexes: [
      {
        name: AUDIT_BY_USER_INDEX,
        keys: [
          ['userId', 'HASH'],
          ['sortKey', 'RANGE'],
        ],
      },
    ],
  },
  noteLeases: { name: 'airflow-slack-ops-local-note-leases', keys: [['leaseKey', 'HASH']] },
  idempotency: { name: 'airflow-slack-ops-local-idempotency', keys: [[IDEMPOTENCY_KEY_ATTRIBUTE, 'HASH']] },
  alerts: { name: LOCAL_ALERT_TABLE, keys: [['pk', 'HASH']] },
} as const satisfies Record<string, LocalTable>;

type TableKeys = readonly (readonly [string, 'HASH' | 'RANGE'])[];

/** A table's keys and its global secondary indexes (all projecting every attribute). */
interface LocalTable {
  name: string;
  keys: TableKeys;
  indexes?: readonly { name: string; keys: TableKeys }[];
}

export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** A client for this engine, for tests that look into the tables. */
  client: DynamoDBClient;
  /** The same as a document client. */
  documents: DynamoDBDocumentClient;
  /** Creates one more table, keyed by a string partition key `pk` unless other keys are given, with its global secondary indexes. */
  createTable(name: string, keys?: TableKeys, indexes?: LocalTable['indexes']): Promise<void>;
  close(): Promise<void>;
}

/**
 * DynamoDB on loopback, in this process (dynalite, in memory), with the bot's tables created. The
 * tables get no TTL setting (the engine does not support it); the code checks expiry on every read.
 *
 * @example
 * const dynamo = await startLocalDynamoDb();
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
 */
export async function startLocalDynamoDb(options: { port?: number; idempotencyTable?: string } = {}): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS });
  const { idempotency, ...others } = BOT_TABLES;
  const tables = [...Object.values(others), { ...idempotency, name: options.idempotencyTable ?? idempotency.name }];
  for (const table of tables) await client.send(new CreateTableCommand(tableInput(table)));
  return {
    endpoint,
    client,
    documents: DynamoDBDocumentClient.from(client),
    createTable: async (name, keys = [['pk', 'HASH']], indexes = undefined) => {
      await client.send(new CreateTableCommand(tableInput({ name, keys, ...(indexes === undefined || indexes.length === 0 ? {} : { indexes }) })));
    },
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function tableInput(table: LocalTable): CreateTableCommandInput {
  const keySchema = (keys: TableKeys) => keys.map(([name, type]) => ({ AttributeName: name, KeyType: type }));
  const attributes = [...new Set([...table.keys, ...(table.indexes ?? []).flatMap((index) => index.keys)].map(([name]) => name))];
  return {
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: keySchema(table.keys),
    ...(table.indexes === undefined
      ? {}
      : {
          GlobalSecondaryIndexes: table.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.keys),
            Projection: { ProjectionType: 'ALL' },
          })),
        }),
  };
}
