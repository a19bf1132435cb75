import { NOTE_MAX_LENGTH } from '../../airflow/model';
import { userNoteEntry } from '../../audit/audit-note';
import { auditSubject } from '../../audit/audit-trail';
import { codePointLength } from '../../audit/text-length';
import { BotError } from '../../errors';
import { escapeMrkdwn } from '../../views/mrkdwn-escape';
import type { Command } from '../../protocol/command';
import type { TaskInstanceAddress } from '../../protocol/interaction-types';
import { buildTaskInstanceCard } from '../commands/task-instance-card';
import type { SlackRequestContext } from '../../protocol/job';
import { addressOf, resolveAddress, resolveTaskInstance, type ResolvedTaskInstance } from '../resolve-target';
import type { ReplyOptions } from '../../slack-replies/slack-replies';
import type { WorkerDeps } from '../worker-deps';
import { appendToNote } from '../../changes/append-to-note';
import { recordAudit } from '../../changes/record-audit';
import { afterChange } from './after-change';
import { requireAct } from './preview-action';

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
 * A note is appended to the existing one with who wrote it (see `appendToNote`: under the note's
 * lease, read back to verify). The modal (or the typed command) is the confirmation, so a note has
 * no separate preview. When the whole note would pass Airflow's 1000 characters only the bot's
 * oldest lines make room (never the newest one); when that is not enough the note is refused and
 * nothing changes.
 * `requestId` makes a redelivered job a no-op.
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
  const target = addressOf(deployment.name, ref);
  const audit = {
    userId: ctx.userId,
    deployment: deployment.name,
    action: 'note',
    target,
    ...(requestId === undefined ? {} : { requestId }),
  };
  const author = ctx.userName ? `@${ctx.userName}` : `<@${ctx.userId}>`;
  const entry = userNoteEntry(text, author);
  const room = NOTE_MAX_LENGTH - (codePointLength(entry) - codePointLength(text.trim()));
  if (text.trim().length === 0 || codePointLength(entry) > NOTE_MAX_LENGTH) {
    throw new BotError('usage', `A note from Slack needs 1 to ${room} characters. Nothing was changed.`);
  }
  await requireAct(deps, resolved, ctx, audit);
  if (requestId !== undefined && !(await deps.ledger.claim(`note:${requestId}`))) {
    deps.logger.warn({ requestId }, 'note request delivered twice; written once');
    return;
  }
  let outcome;
  try {
    outcome = await appendToNote(deps, client, ref, auditSubject(deployment.name, target), { kind: 'user', text: entry });
  } catch (error) {
    await recordAudit(deps, ctx, { ...audit, outcome: 'failed' });
    throw error;
  }
  if (outcome === 'full') {
    await recordAudit(deps, ctx, { ...audit, outcome: 'refused', reason: 'note full' });
    throw new BotError(
      'conflict',
      `The note on ${ref.taskId} is full: Airflow keeps ${NOTE_MAX_LENGTH} characters, and what is there is other people's text and the last action's line, which the bot never removes for a note. Nothing was changed: shorten your note, or tidy the note in Airflow.`,
    );
  }
  await recordAudit(deps, ctx, { ...audit, outcome: 'applied', reason: entry });
  await afterChange(deps, ctx, `<@${ctx.userId}> added a note to ${escapeMrkdwn(ref.taskId)}.`, async () => {
    const card = await buildTaskInstanceCard(deps, resolved, ctx, { userId: ctx.userId, verb: 'Note added' });
    await deps.replies.reply(ctx, card, options);
  });
}
