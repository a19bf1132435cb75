import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { IDEMPOTENCY_KEY_ATTRIBUTE } from '../webhook-actions/apply-once';

export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** A client for this engine (fixed test credentials and region). */
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** Credentials the local engine accepts (it checks none); real ones never go to loopback. */
export const LOCAL_AWS_SETTINGS = { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/**
 * A DynamoDB engine in this process (dynalite, in memory) on loopback, with the bot's tables, for
 * `npm start` and tests. Like the real service it has no TTL sweeper here: code checks expiry on
 * every read.
 *
 * @example
 * const dynamo = await startLocalDynamoDb({ idempotencyTable: 'idempotency' });
 * // … later
 * await dynamo.close();
 */
export async function startLocalDynamoDb(tables: { idempotencyTable: string }): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ ...LOCAL_AWS_SETTINGS, endpoint });
  // The same key schema as the table in serverless.yml.
  await client.send(
    new CreateTableCommand({
      TableName: tables.idempotencyTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_KEY_ATTRIBUTE, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: IDEMPOTENCY_KEY_ATTRIBUTE, KeyType: 'HASH' }],
    }),
  );
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
