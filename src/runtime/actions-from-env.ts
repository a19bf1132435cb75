import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createMemoryNoteLease } from '../changes/note-lease';
import { createDynamoDbNoteLease } from '../changes/note-lease-dynamodb';
import type { AfterChange } from '../webhook-actions/mutations';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';
import { createActionsHandler } from './actions-runtime';
import type { HttpHandler } from './slack-events-runtime';

/**
 * The webhook actions function, configured from the environment (see README, "Webhook actions").
 * The DynamoDB client reads its region and endpoint as the SDK does (`AWS_ENDPOINT_URL_DYNAMODB`
 * points it at a local engine). `afterChange` runs after every applied change: the place to update
 * an alert message of the run, for example.
 */
export function actionsFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: RuntimeOverrides & { dynamoDb?: DynamoDBClient; afterChange?: AfterChange } = {},
): HttpHandler {
  const basics = basicsFromEnv(env, overrides);
  const dynamoDb = overrides.dynamoDb ?? new DynamoDBClient({});
  const leaseTable = basics.config.noteLeaseTable;
  return createActionsHandler({
    ...basics,
    dynamoDb,
    noteLease:
      leaseTable === undefined
        ? createMemoryNoteLease()
        : createDynamoDbNoteLease({ client: DynamoDBDocumentClient.from(dynamoDb), tableName: leaseTable, logger: basics.logger }),
    ...(overrides.fetch === undefined ? {} : { fetch: overrides.fetch }),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
    ...(overrides.afterChange === undefined ? {} : { afterChange: overrides.afterChange }),
  });
}
