import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { alertsConfigured, loadAlertConfig } from '../alerts/alert-config';
import type { ChangeListener } from '../changes/change';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';
import { createActionsHandler } from './actions-runtime';
import { changeStoresFor } from './change-stores';
import type { HttpHandler } from './slack-events-runtime';

/**
 * The webhook actions function, configured from the environment (see README, "Webhook actions").
 * The DynamoDB client reads its region and endpoint as the SDK does (`AWS_ENDPOINT_URL_DYNAMODB`
 * points it at a local engine). With `ALERT_TABLE` set, a change updates the run's alert.
 * `listeners` adds change listeners (tests).
 */
export function actionsFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: RuntimeOverrides & { dynamoDb?: DynamoDBClient; listeners?: readonly ChangeListener[] } = {},
): HttpHandler {
  const basics = basicsFromEnv(env, overrides);
  const dynamoDb = overrides.dynamoDb ?? new DynamoDBClient({});
  return createActionsHandler({
    ...basics,
    ...changeStoresFor({ ...basics, dynamoDb, ...(overrides.clock === undefined ? {} : { clock: overrides.clock }) }),
    ...(alertsConfigured(env) ? { alertConfig: loadAlertConfig(env) } : {}),
    ...(overrides.fetch === undefined ? {} : { fetch: overrides.fetch }),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
    ...(overrides.listeners === undefined ? {} : { listeners: overrides.listeners }),
  });
}
