import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WebClient } from '@slack/web-api';
import { createDynamoDbAlertLog } from '../alert-log/alert-log';
import type { AlertDocView } from '../alert-log/alert-record';
import type { AlertDoc } from '../alerts/alert-state';
import type { Clock } from '../clock';
import type { DeploymentRegistry } from '../config/types';
import type { Logger } from '../logging/logger';
import type { OncallSlack } from '../oncall/oncall-deps';
import { oncallTick, type OncallOutcome } from '../oncall/oncall-tick';
import { DEFAULT_RATE_LIMIT_POLICY, retryRateLimited } from '../slack-replies/rate-limit';
import { createDynamoDbSnoozeStore } from '../snoozes/snooze-store-dynamodb';

/**
 * The on-call loop reads the alert feature's documents through `AlertDocView` (`src/alert-log`):
 * this fails to compile when a change to `AlertDoc` leaves a field the loop reads behind.
 */
const alertDocsAreReadable = (doc: AlertDoc): AlertDocView => doc;
void alertDocsAreReadable;

export interface OncallRuntimeDeps {
  registry: DeploymentRegistry;
  logger: Logger;
  clock: Clock;
  documents: DynamoDBDocumentClient;
  /** The alert table: the alerts, their channel-day index, the once-only marks and the snoozes. */
  alertTable: string;
  /** The bot's Web API client (see `lazySlackWebClient`). */
  web: () => Promise<WebClient>;
}

/** The on-call loop, built once per container: one call is one tick (reminders, then digests due). */
export function createOncall(deps: OncallRuntimeDeps): () => Promise<OncallOutcome> {
  const oncall = {
    registry: deps.registry,
    log: createDynamoDbAlertLog({ client: deps.documents, tableName: deps.alertTable, clock: deps.clock }),
    snoozes: createDynamoDbSnoozeStore({ client: deps.documents, tableName: deps.alertTable, clock: deps.clock }),
    slack: webSlack(deps.web),
    clock: deps.clock,
    logger: deps.logger,
    newOwner: randomUUID,
  };
  return async () => {
    const outcome = await oncallTick(oncall);
    deps.logger.info({ outcome }, 'on-call: tick done');
    return outcome;
  };
}

/** Posts through the Web API, waiting out Slack's 429s. */
export function webSlack(web: () => Promise<WebClient>): OncallSlack {
  return {
    async post({ channel, text, blocks, threadTs }) {
      const client = await web();
      await retryRateLimited(() =>
        client.chat.postMessage({
          channel,
          text,
          unfurl_links: false,
          ...(blocks === undefined ? {} : { blocks }),
          ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        }),
        DEFAULT_RATE_LIMIT_POLICY,
        { channel },
      );
    },
  };
}
