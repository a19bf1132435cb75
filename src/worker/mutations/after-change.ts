import { asBotError } from '../../errors';
import type { SlackRequestContext } from '../../protocol/job';
import type { WorkerDeps } from '../worker-deps';

/**
 * Runs what follows a change Airflow has already made (notes, the updated card, the thread line).
 * A failure here must not be reported as if the change had failed: the user is told the change is
 * done and only its display failed.
 */
export async function afterChange(
  deps: WorkerDeps,
  ctx: SlackRequestContext,
  summary: string,
  show: () => Promise<void>,
): Promise<void> {
  try {
    await show();
  } catch (error) {
    const botError = asBotError(error);
    deps.logger.warn({ err: botError.cause ?? botError, kind: botError.kind }, 'change applied, but showing it failed');
    try {
      await deps.replies.reply(
        ctx,
        { text: `${summary} (Done in Airflow; the card could not be refreshed. Use Refresh.)`, blocks: [] },
        { replaceOriginal: false },
      );
    } catch (replyError) {
      deps.logger.error({ err: replyError }, 'could not tell the user about an applied change');
    }
  }
  if (!(await deps.replies.postInThread(ctx, summary)) && !ctx.isEphemeral) {
    deps.logger.warn({ channelId: ctx.channelId }, 'could not post the thread line (is the bot in the channel?)');
  }
}
