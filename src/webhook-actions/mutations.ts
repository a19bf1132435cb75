import { NOTE_MAX_LENGTH, type TaskInstanceRef } from '../airflow/model';
import { composeNote } from '../audit/audit-note';
import { codePointLength } from '../audit/text-length';
import type { ChangeOutcome, ChangeServiceDeps } from '../changes/apply-change';
import { changeName, noteEntryFor, taskActionOf, type Actor, type Change } from '../changes/change';
import { recordAudit } from '../changes/record-audit';
import { addressOf } from '../changes/target';
import type { AirflowClient } from '../airflow/client';
import type { DeploymentConfig } from '../config/types';
import { BotError } from '../errors';
import { errorOutcome, invalidField, type ActionOutcome, type FailureContext } from './action-outcome';
import type { MutationPayload } from './action-payload';
import { affectedJson, refJson } from './json-fields';

type NotePayload = Extract<MutationPayload, { action: 'note' }>;

/** What a webhook asks of a task instance, in the change service's words. */
export function changeOfPayload(payload: MutationPayload): Extract<Change, { kind: 'mark' | 'clear' | 'note' }> {
  switch (payload.action) {
    case 'mark':
      return { kind: 'mark', state: payload.state, upstream: payload.upstream, downstream: payload.downstream };
    case 'clear':
      return { kind: 'clear', downstream: payload.downstream };
    case 'note':
      return { kind: 'note', text: payload.note };
  }
}

/** The 400 when a note, with who sent it appended, would not fit in Airflow's limit; `undefined` when it fits. */
export function noteTooLong(payload: NotePayload, actor: Extract<Actor, { kind: 'source' }>): ActionOutcome | undefined {
  const line = noteEntryFor(actor, payload.note);
  if (codePointLength(line) <= NOTE_MAX_LENGTH) return undefined;
  const suffix = codePointLength(line) - codePointLength(payload.note.trim());
  return invalidField('note', `must be at most ${NOTE_MAX_LENGTH - suffix} characters from source ${actor.name} (the note ends with who sent it)`);
}

const PREVIEW_MESSAGE = 'Preview only: nothing was changed. Send the same body with "confirm": true to apply it.';

export interface PreviewContext {
  deps: ChangeServiceDeps;
  actor: Extract<Actor, { kind: 'source' }>;
  deployment: DeploymentConfig;
  client: AirflowClient;
  ref: TaskInstanceRef;
}

/** A mutation without `"confirm": true`: Airflow's dry run (or the note as it would be), nothing sent that changes anything. */
export async function previewMutation(ctx: PreviewContext, payload: MutationPayload): Promise<ActionOutcome> {
  const { client, ref, deployment } = ctx;
  const change = changeOfPayload(payload);
  const base = { action: payload.action, preview: true, applied: false, deployment: deployment.name, target: refJson(ref) };
  const recordPreview = () =>
    recordAudit(ctx.deps, ctx.actor, {
      deployment: deployment.name,
      action: changeName(change),
      target: addressOf(deployment.name, ref),
      outcome: 'allowed',
      reason: 'previewed',
    });
  if (change.kind === 'note') {
    const current = await client.getTaskInstance(ref);
    const after = composeNote(current.note, noteEntryFor(ctx.actor, change.text), 'user');
    if (after === undefined) return noteFull();
    await recordPreview();
    return { statusCode: 200, body: { ...base, note_before: current.note, note_after: after, message: PREVIEW_MESSAGE } };
  }
  const preview = await client.previewAction(ref, taskActionOf(change));
  await recordPreview();
  return {
    statusCode: 200,
    body: {
      ...base,
      ...(payload.action === 'mark' ? { state: payload.state } : {}),
      would_change: preview.affected.map(affectedJson),
      message: PREVIEW_MESSAGE,
    },
  };
}

/**
 * The JSON answer to a confirmed change, from what the change service says became of it. A change
 * that may have reached Airflow is answered (not thrown), so a retry with the same key gets the
 * same answer: the caller must check before sending the change again. The note as it now reads
 * holds what others wrote: only a source that may read gets it.
 */
export function appliedAnswer(
  outcome: ChangeOutcome,
  payload: MutationPayload,
  where: FailureContext & { mayRead: boolean },
): ActionOutcome {
  switch (outcome.status) {
    case 'applied': {
      const base = { action: payload.action, preview: false, applied: true, deployment: where.deployment, target: refJson(outcome.applied.target) };
      if (outcome.note !== undefined) return { statusCode: 200, body: where.mayRead ? { ...base, note: outcome.note } : base };
      const changed = outcome.affected ?? [];
      const written = outcome.auditNote?.written ?? 0;
      return {
        statusCode: 200,
        body: {
          ...base,
          changed: changed.map(affectedJson),
          audit_note: outcome.auditNote?.line,
          audit_notes_written: written,
          ...(written < changed.length ? { audit_notes_skipped: changed.length - written } : {}),
        },
      };
    }
    case 'note_full':
      return noteFull();
    case 'uncertain':
      return uncertainAnswer(new BotError(outcome.kind, outcome.message), payload, where);
    case 'stale':
    case 'moved':
    case 'answered_already':
      // Only a Slack preview is claimed or compared, and sources never answer; a keyed change never ends so.
      return errorOutcome(new BotError('internal', `unexpected outcome ${outcome.status}`), where);
  }
}

/** The note holds only people's text and no room is left: nothing is dropped to make room. */
function noteFull(): ActionOutcome {
  return {
    statusCode: 409,
    body: {
      error: {
        code: 'conflict',
        message: "The task instance's note is full of people's text (Airflow keeps 1000 characters): nothing was written.",
        field: 'note',
      },
    },
  };
}

function uncertainAnswer(error: BotError, payload: MutationPayload, where: FailureContext): ActionOutcome {
  const check = payload.action === 'note' ? 'the note' : 'the task instance state';
  const failure = errorOutcome(error, where, { may_have_been_applied: true });
  const message =
    `${error.kind === 'timeout' ? 'Airflow did not answer in time' : 'Airflow failed while applying the change'}; ` +
    `the change may have been applied. Check ${check} with a "lookup" action before sending it again with a new idempotency key ` +
    '(a retry with this key gets this same answer and changes nothing).';
  const errorBody = failure.body.error as Record<string, unknown>;
  return { statusCode: failure.statusCode === 504 ? 504 : 502, body: { error: { ...errorBody, message } } };
}
