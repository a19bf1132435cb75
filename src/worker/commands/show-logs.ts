import { taskLogUiUrl } from '../../links/airflow-ui';
import { buildLogExcerpt } from '../../logs/excerpt';
import type { Command } from '../../protocol/command';
import { logExcerptMessage } from '../../views/log-excerpt-message';
import type { SlackRequestContext } from '../../protocol/job';
import { resolveTaskInstance, type ResolvedTaskInstance } from '../resolve-target';
import type { ReplyOptions } from '../slack-replies';
import type { WorkerDeps } from '../worker-deps';

/** Reading stops after this many pages or lines: the excerpt needs the error and the end, not gigabytes. */
const MAX_LOG_PAGES = 10;
const MAX_LOG_LINES = 50_000;

/** `logs …`: the part of a try's log that explains a failure. */
export async function showLogs(
  command: Extract<Command, { name: 'logs' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
): Promise<void> {
  const resolved = await resolveTaskInstance(deps, command.target, ctx);
  await replyWithLogExcerpt(deps, resolved, command.tryNumber, ctx, {
    replaceOriginal: !command.share,
    share: command.share,
  });
}

/** Shared with the View logs button. `tryNumber` defaults to the task instance's latest try. */
export async function replyWithLogExcerpt(
  deps: WorkerDeps,
  resolved: ResolvedTaskInstance,
  tryNumber: number | undefined,
  ctx: SlackRequestContext,
  options: ReplyOptions,
): Promise<void> {
  const { client, deployment, ref } = resolved;
  const [ti, version] = await Promise.all([client.getTaskInstance(ref), client.version()]);
  const tryToRead = tryNumber ?? Math.max(ti.tryNumber, 1);
  const lines: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_LOG_PAGES && lines.length < MAX_LOG_LINES; page += 1) {
    const result = await client.getLogPage(ref, tryToRead, token);
    lines.push(...result.lines);
    if (!result.continuationToken || result.lines.length === 0) break;
    token = result.continuationToken;
  }
  const message = logExcerptMessage({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    ref,
    tryNumber: tryToRead,
    excerpt: buildLogExcerpt(lines),
    fullLogUrl: taskLogUiUrl(deployment.uiUrl, version.dialect, ref, tryToRead),
  });
  await deps.replies.reply(ctx, message, options);
}
