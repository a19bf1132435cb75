import type { AirflowClient } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import type { DeploymentConfig } from '../config/types';
import { asBotError } from '../errors';
import { taskInstanceUiUrl, taskLogUiUrl } from '../links/airflow-ui';
import type { Logger } from '../logging/logger';
import { excerptFromFeed } from '../logs/log-pipeline';
import { callerMessage, type ActionOutcome, type FailureContext } from './action-outcome';
import { excerptJson, taskInstanceJson, tryJson } from './json-fields';

/**
 * `lookup`: the task instance, its tries, and the part of a try's log that explains a failure
 * (the same excerpt as Slack's View logs, secrets masked), with links to the Airflow UI. A log that cannot be read
 * does not fail the lookup: `log_excerpt` is `null` and `log_error` says why.
 */
export async function lookupTaskInstance(
  client: AirflowClient,
  deployment: DeploymentConfig,
  ref: TaskInstanceRef,
  tryNumber: number | undefined,
  log: { logger: Logger; where: FailureContext },
): Promise<ActionOutcome> {
  const [ti, tries, version] = await Promise.all([client.getTaskInstance(ref), client.listTries(ref), client.version()]);
  const tryToRead = tryNumber ?? Math.max(ti.tryNumber, 1);
  let logExcerpt: Record<string, unknown> | null = null;
  let logError: string | undefined;
  try {
    // Streamed and bounded like View logs, and masked before it leaves: the caller is not Airflow.
    const excerpt = await excerptFromFeed((onLine) => client.readLog(ref, tryToRead, onLine), await client.credentialValues());
    logExcerpt = excerptJson(tryToRead, excerpt);
  } catch (error) {
    const botError = asBotError(error);
    log.logger.warn(
      { err: botError.cause ?? botError, kind: botError.kind, details: botError.details, webhookId: log.where.webhookId },
      'lookup could not read the log',
    );
    logError = `The log could not be read. ${callerMessage(botError, log.where)}`;
  }
  return {
    statusCode: 200,
    body: {
      action: 'lookup',
      deployment: deployment.name,
      task_instance: taskInstanceJson(ti),
      tries: tries.map(tryJson),
      log_excerpt: logExcerpt,
      ...(logError === undefined ? {} : { log_error: logError }),
      links: {
        task_instance: taskInstanceUiUrl(deployment.uiUrl, version.dialect, ref),
        log: taskLogUiUrl(deployment.uiUrl, version.dialect, ref, tryToRead),
      },
    },
  };
}
