import { taskLogUiUrl } from '../../links/airflow-ui';
import { excerptFromFeed, type LogFeed } from '../../logs/log-pipeline';
import type { Command } from '../../protocol/command';
import type { SlackRequestContext } from '../../protocol/job';
import { logExcerptMessage } from '../../views/log-excerpt-message';
import { resolveTaskInstance } from '../resolve-target';
import type { ResolvedTaskInstance } from '../../changes/target';
import type { ReplyOptions } from '../../slack-replies/slack-replies';
import type { WorkerDeps } from '../worker-deps';
import { uploadFullLog } from './upload-full-log';

/** `logs …`: the part of a try's log that explains a failure, or with `--file` the whole log as a file. */
export async function showLogs(
  command: Extract<Command, { name: 'logs' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
): Promise<void> {
  const resolved = await resolveTaskInstance(deps, command.target, ctx);
  if (command.file === true) return uploadFullLog(deps, resolved, command.tryNumber, ctx);
  await replyWithLogExcerpt(deps, resolved, command.tryNumber, ctx, {
    replaceOriginal: !command.share,
    share: command.share,
  });
}

/** Shared with the View logs and try buttons. `tryNumber` defaults to the task instance's latest try. */
export async function replyWithLogExcerpt(
  deps: WorkerDeps,
  resolved: ResolvedTaskInstance,
  tryNumber: number | undefined,
  ctx: SlackRequestContext,
  options: ReplyOptions,
): Promise<void> {
  const { client, deployment, ref } = resolved;
  const [ti, version, secrets] = await Promise.all([client.getTaskInstance(ref), client.version(), client.credentialValues()]);
  const latestTry = Math.max(ti.tryNumber, 1);
  const tryToRead = tryNumber ?? latestTry;
  const feed: LogFeed = (onLine) => client.readLog(ref, tryToRead, onLine);
  const message = logExcerptMessage({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    deploymentName: deployment.name,
    ref,
    tryNumber: tryToRead,
    latestTry,
    excerpt: await excerptFromFeed(feed, secrets),
    fullLogUrl: taskLogUiUrl(deployment.uiUrl, version.dialect, ref, tryToRead),
  });
  await deps.replies.reply(ctx, message, options);
}
