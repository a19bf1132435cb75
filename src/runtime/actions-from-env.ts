import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  return createActionsHandler({
    ...basics,
    dynamoDb: overrides.dynamoDb ?? new DynamoDBClient({}),
    ...(overrides.fetch === undefined ? {} : { fetch: overrides.fetch }),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
    ...(overrides.afterChange === undefined ? {} : { afterChange: overrides.afterChange }),
  });
}
