import type { AirflowClient } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import type { DeploymentConfig } from '../config/types';
import { asBotError } from '../errors';
import { taskInstanceUiUrl, taskLogUiUrl } from '../links/airflow-ui';
import type { Logger } from '../logging/logger';
import { buildLogExcerpt } from '../logs/excerpt';
import type { ActionOutcome } from './action-outcome';
import { excerptJson, taskInstanceJson, tryJson } from './json-fields';

/** Reading stops after this many pages or lines: the excerpt needs the error and the end. */
const MAX_LOG_PAGES = 5;
const MAX_LOG_LINES = 20_000;

/**
 * `lookup`: the task instance, its tries, and the part of a try's log that explains a failure
 * (the same excerpt as Slack's View logs), with links to the Airflow UI. A log that cannot be read
 * does not fail the lookup: `log_excerpt` is `null` and `log_error` says why.
 */
export async function lookupTaskInstance(
  client: AirflowClient,
  deployment: DeploymentConfig,
  ref: TaskInstanceRef,
  tryNumber: number | undefined,
  logger: Logger,
): Promise<ActionOutcome> {
  const [ti, tries, version] = await Promise.all([client.getTaskInstance(ref), client.listTries(ref), client.version()]);
  const tryToRead = tryNumber ?? Math.max(ti.tryNumber, 1);
  let logExcerpt: Record<string, unknown> | null = null;
  let logError: string | undefined;
  try {
    logExcerpt = excerptJson(tryToRead, buildLogExcerpt(await readLog(client, ref, tryToRead)));
  } catch (error) {
    const botError = asBotError(error);
    logger.warn({ err: botError.cause ?? botError, kind: botError.kind }, 'lookup could not read the log');
    logError = botError.kind === 'internal' ? 'The log could not be read.' : botError.userMessage;
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

async function readLog(client: AirflowClient, ref: TaskInstanceRef, tryNumber: number): Promise<string[]> {
  const lines: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_LOG_PAGES && lines.length < MAX_LOG_LINES; page += 1) {
    const result = await client.getLogPage(ref, tryNumber, token);
    lines.push(...result.lines);
    if (!result.continuationToken || result.lines.length === 0) break;
    token = result.continuationToken;
  }
  return lines;
}
