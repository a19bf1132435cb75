import { mayHaveBeenApplied } from '../../airflow/change-outcome';
import { NOTE_MAX_LENGTH } from '../../airflow/model';
import { codePointLength } from '../../audit/text-length';
import { applyChange } from '../../changes/apply-change';
import { noteEntryFor } from '../../changes/change';
import { addressOf, type ResolvedTaskInstance } from '../../changes/target';
import { BotError } from '../../errors';
import type { Command } from '../../protocol/command';
import type { TaskInstanceAddress } from '../../protocol/interaction-types';
import type { SlackRequestContext } from '../../protocol/job';
import type { ReplyOptions } from '../../slack-replies/slack-replies';
import { errorMessage } from '../../views/error-message';
import { escapeMrkdwn } from '../../views/mrkdwn-escape';
import { buildTaskInstanceCard } from '../commands/task-instance-card';
import { resolveAddress, resolveTaskInstance, slackActor } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { afterChange } from './after-change';

/** `note <ti> <text>` typed as a command. */
export async function addNoteFromCommand(
  command: Extract<Command, { name: 'note' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  requestId?: string,
): Promise<void> {
  const resolved = await resolveTaskInstance(deps, command.target, ctx);
  await addNote(deps, resolved, command.text, ctx, { replaceOriginal: !command.share, share: command.share }, requestId);
}

/** The Add note modal's Save: the card the modal was opened from is updated in place. */
export async function submitNote(
  address: TaskInstanceAddress,
  text: string,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  requestId?: string,
): Promise<void> {
  const resolved = await resolveAddress(deps, address, ctx);
  await addNote(deps, resolved, text, ctx, { replaceOriginal: ctx.fromList !== true }, requestId);
}

/**
 * A note is appended to the existing one with who wrote it, through the change service (under the
 * note's lease, read back to verify). The modal (or the typed command) is the confirmation, so a
 * note has no separate preview. When the whole note would pass Airflow's 1000 characters only the
 * bot's oldest lines make room (never the newest one); when that is not enough the note is refused
 * and nothing changes. `requestId` is the change's idempotency key: a redelivered job is a no-op.
 */
async function addNote(
  deps: WorkerDeps,
  resolved: ResolvedTaskInstance,
  text: string,
  ctx: SlackRequestContext,
  options: ReplyOptions,
  requestId?: string,
): Promise<void> {
  const { deployment, client, ref } = resolved;
  const actor = slackActor(ctx);
  const entry = noteEntryFor(actor, text);
  const room = NOTE_MAX_LENGTH - (codePointLength(entry) - codePointLength(text.trim()));
  if (text.trim().length === 0 || codePointLength(entry) > NOTE_MAX_LENGTH) {
    throw new BotError('usage', `A note from Slack needs 1 to ${room} characters. Nothing was changed.`);
  }
  const { outcome, replayed } = await applyChange(deps, {
    actor,
    deployment,
    client,
    change: { kind: 'note', text },
    asked: addressOf(deployment.name, ref),
    locate: async () => ref,
    // Without a request id (a direct call) the key is fresh: the note is written.
    guard: { kind: 'key', key: `slack:note:${requestId ?? deps.newId()}`, payload: { target: addressOf(deployment.name, ref), text } },
    ...(requestId === undefined ? {} : { requestId }),
  });
  if (replayed) {
    deps.logger.warn({ requestId }, 'note request delivered twice; written once');
    return;
  }
  switch (outcome.status) {
    case 'note_full':
      throw new BotError(
        'conflict',
        `The note on ${ref.taskId} is full: Airflow keeps ${NOTE_MAX_LENGTH} characters, and what is there is other people's text and the last action's line, which the bot never removes for a note. Nothing was changed: shorten your note, or tidy the note in Airflow.`,
      );
    case 'uncertain':
      await deps.replies.reply(ctx, errorMessage(mayHaveBeenApplied(outcome.message)), { replaceOriginal: false });
      return;
    case 'applied':
      await afterChange(deps, ctx, `<@${ctx.userId}> added a note to ${escapeMrkdwn(ref.taskId)}.`, async () => {
        const card = await buildTaskInstanceCard(deps, resolved, ctx, { userId: ctx.userId, verb: 'Note added' });
        await deps.replies.reply(ctx, card, options);
      });
      return;
    default:
      // A note has no preview to claim or compare.
      return;
  }
}
