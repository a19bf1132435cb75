import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';
import { createActionsHandler } from './actions-runtime';
import type { HttpHandler } from './slack-events-runtime';

/**
 * The webhook actions function, configured from the environment (see README, "Webhook actions").
 * The DynamoDB client reads its region and endpoint as the SDK does (`AWS_ENDPOINT_URL_DYNAMODB`
 * points it at a local engine).
 */
export function actionsFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: RuntimeOverrides & { dynamoDb?: DynamoDBClient } = {},
): HttpHandler {
  const basics = basicsFromEnv(env, overrides);
  return createActionsHandler({
    ...basics,
    dynamoDb: overrides.dynamoDb ?? new DynamoDBClient({}),
    ...(overrides.fetch === undefined ? {} : { fetch: overrides.fetch }),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
  });
}
