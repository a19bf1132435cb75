import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { loadAlertConfig } from '../alerts/alert-config';
import { systemClock } from '../clock';
import type { OncallOutcome } from '../oncall/oncall-tick';
import { lazySlackWebClient } from '../slack-replies/web-client';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';
import { createOncall } from './oncall-runtime';

/** Invoked by the schedule (EventBridge) with an event it does not read. */
export type OncallHandler = (event?: unknown, context?: Context) => Promise<OncallOutcome>;

/**
 * The on-call function, configured from the environment: the registry's alert routes with
 * `remindAfter` or `digest`, the alerts and marks in `ALERT_TABLE`, Slack through the bot token.
 * One invocation is one tick.
 */
export function oncallFromEnv(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides = {}): OncallHandler {
  const basics = basicsFromEnv(env, overrides);
  const alertConfig = loadAlertConfig(env);
  const tick = createOncall({
    registry: basics.registry,
    logger: basics.logger,
    clock: overrides.clock ?? systemClock,
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    alertTable: alertConfig.table,
    web: lazySlackWebClient({ secrets: basics.secrets, slackSecretId: basics.config.slackSecretId, slackApiUrl: basics.config.slackApiUrl }),
  });
  return async () => tick();
}
