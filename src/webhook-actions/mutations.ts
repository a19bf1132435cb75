import { changeMayHaveApplied } from '../airflow/change-outcome';
import type { AirflowClient } from '../airflow/client';
import { NOTE_MAX_LENGTH, type AffectedTaskInstance, type TaskAction, type TaskInstanceRef } from '../airflow/model';
import { auditSubject } from '../audit/audit-trail';
import { composeNote } from '../audit/audit-note';
import { codePointLength } from '../audit/text-length';
import type { Clock } from '../clock';
import type { DeploymentConfig, SourceConfig } from '../config/types';
import { asBotError, type BotError } from '../errors';
import type { Logger } from '../logging/logger';
import { actionVerb } from '../worker/mutations/describe-action';
import { appendToNote, type AppendOutcome } from '../changes/append-to-note';
import type { NoteLease } from '../changes/note-lease';
import { addressOf } from '../worker/resolve-target';
import { errorOutcome, invalidField, type ActionOutcome } from './action-outcome';
import type { MutationPayload } from './action-payload';
import { affectedJson, refJson } from './json-fields';
import { auditNotesThatFit, requireTimeForChange, type TimeBudget } from '../changes/time-budget';
import { logWebhookAudit, recordInAirflow, webhookAuditLine, webhookNoteLine } from './webhook-audit';

type TaskActionPayload = Extract<MutationPayload, { action: 'mark' | 'clear' }>;
type NotePayload = Extract<MutationPayload, { action: 'note' }>;

/** A change a source made, for whatever should follow it (an alert message to update…). */
export interface AppliedChange {
  source: string;
  deployment: string;
  target: TaskInstanceRef;
  action: MutationPayload['action'];
  /** The task instances Airflow changed (for a note: the target). */
  changed: TaskInstanceRef[];
}

/** Runs after a change is applied; a failure is logged and does not change the answer. */
export type AfterChange = (change: AppliedChange) => Promise<void>;

export interface MutationContext {
  client: AirflowClient;
  deployment: DeploymentConfig;
  source: SourceConfig;
  ref: TaskInstanceRef;
  logger: Logger;
  clock: Clock;
  budget: TimeBudget;
  /** Serializes the writers of one task instance's note (Slack's and webhooks' alike). */
  noteLease: NoteLease;
  afterChange?: AfterChange;
}

const PREVIEW_MESSAGE = 'Preview only: nothing was changed. Send the same body with "confirm": true to apply it.';

/** The Airflow action a `mark` or `clear` payload asks for. */
export function taskActionOf(payload: TaskActionPayload): TaskAction {
  return payload.action === 'mark'
    ? { kind: 'set_state', newState: payload.state, includeUpstream: payload.upstream, includeDownstream: payload.downstream }
    : { kind: 'clear', includeUpstream: false, includeDownstream: payload.downstream };
}

/** The note line a `note` payload writes, or the 400 when it would not fit in Airflow's limit. */
export function noteLineOf(payload: NotePayload, source: SourceConfig): string | ActionOutcome {
  const line = webhookNoteLine(payload.note, source.name);
  const suffix = codePointLength(line) - codePointLength(payload.note.trim());
  if (codePointLength(line) > NOTE_MAX_LENGTH) {
    return invalidField('note', `must be at most ${NOTE_MAX_LENGTH - suffix} characters from source ${source.name} (the note ends with who sent it)`);
  }
  return line;
}

/** A mutation without `"confirm": true`: Airflow's dry run (or the note as it would be), nothing sent that changes anything. */
export async function previewMutation(ctx: MutationContext, payload: MutationPayload): Promise<ActionOutcome> {
  const base = { action: payload.action, preview: true, applied: false, deployment: ctx.deployment.name, target: refJson(ctx.ref) };
  if (payload.action === 'note') {
    const line = noteLineOf(payload, ctx.source);
    if (typeof line !== 'string') return line;
    const current = await ctx.client.getTaskInstance(ctx.ref);
    const after = composeNote(current.note, line, 'user');
    if (after === undefined) return noteFull();
    audit(ctx, payload.action, 'allowed', 'previewed');
    return { statusCode: 200, body: { ...base, note_before: current.note, note_after: after, message: PREVIEW_MESSAGE } };
  }
  const action = taskActionOf(payload);
  const preview = await ctx.client.previewAction(ctx.ref, action);
  audit(ctx, actionName(payload), 'allowed', 'previewed');
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
 * A confirmed mutation: applied once (the caller makes it idempotent), the audit line logged and
 * written into Airflow, what changed returned. A mutating request that fails in a way that may
 * have reached Airflow (a timeout, a dropped connection, a 5xx) is answered, not thrown, so the
 * answer is kept for retries: the caller must check before sending the change again.
 *
 * @throws `BotError` when nothing was changed (a refused or malformed request, not enough time).
 */
export function applyMutation(ctx: MutationContext, payload: MutationPayload): Promise<ActionOutcome> {
  return payload.action === 'note' ? applyNote(ctx, payload) : applyTaskAction(ctx, payload);
}

async function applyNote(ctx: MutationContext, payload: NotePayload): Promise<ActionOutcome> {
  const line = noteLineOf(payload, ctx.source);
  if (typeof line !== 'string') return line;
  let outcome = 'written' as AppendOutcome;
  const subject = auditSubject(ctx.deployment.name, { deployment: ctx.deployment.name, ...ctx.ref });
  const failed = await mutate(ctx, payload, 'note', async () => {
    outcome = await appendToNote(ctx, ctx.client, ctx.ref, subject, { kind: 'user', text: line });
  });
  if (failed !== undefined) return failed;
  if (outcome === 'full') {
    audit(ctx, 'note', 'failed', 'note full');
    return noteFull();
  }
  const note = (await ctx.client.getTaskInstance(ctx.ref)).note;
  audit(ctx, 'note', 'applied', 'note written');
  await runAfterChange(ctx, payload.action, [ctx.ref]);
  return { statusCode: 200, body: { ...appliedBody(ctx, payload), note } };
}

async function applyTaskAction(ctx: MutationContext, payload: TaskActionPayload): Promise<ActionOutcome> {
  const action = taskActionOf(payload);
  const name = actionName(payload);
  let changed: AffectedTaskInstance[] = [];
  const failed = await mutate(ctx, payload, name, async () => {
    changed = await ctx.client.applyAction(ctx.ref, action);
  });
  if (failed !== undefined) return failed;
  audit(ctx, name, 'applied', `${changed.length} task instance(s) changed`);
  const line = webhookAuditLine({ verb: actionVerb(action), source: ctx.source.name, at: new Date(ctx.clock()) });
  const written = await recordInAirflow(ctx, ctx.client, ctx.deployment.name, changed, line, auditNotesThatFit(ctx.budget));
  await runAfterChange(ctx, payload.action, changed);
  return {
    statusCode: 200,
    body: {
      ...appliedBody(ctx, payload),
      changed: changed.map(affectedJson),
      audit_note: line,
      audit_notes_written: written,
      ...(written < changed.length ? { audit_notes_skipped: changed.length - written } : {}),
    },
  };
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

function appliedBody(ctx: MutationContext, payload: MutationPayload): Record<string, unknown> {
  return { action: payload.action, preview: false, applied: true, deployment: ctx.deployment.name, target: refJson(ctx.ref) };
}

/**
 * Sends the one mutating request, if there is time for it to finish. `undefined` when it
 * succeeded; the answer to give when it may have reached Airflow; throws when it surely did not.
 */
async function mutate(
  ctx: MutationContext,
  payload: MutationPayload,
  name: string,
  send: () => Promise<void>,
): Promise<ActionOutcome | undefined> {
  requireTimeForChange(ctx.budget);
  try {
    await send();
    return undefined;
  } catch (error) {
    const botError = asBotError(error);
    if (!changeMayHaveApplied(botError)) {
      audit(ctx, name, 'failed', botError.kind);
      throw botError;
    }
    audit(ctx, name, 'failed', `${botError.kind}; the change may have been applied`);
    ctx.logger.warn({ err: botError.cause ?? botError, kind: botError.kind }, 'a webhook change may have been applied');
    return uncertainOutcome(botError, payload);
  }
}

/** `mark_failed`, `mark_success`, `clear`: as the audit log names actions. */
function actionName(payload: TaskActionPayload): string {
  return payload.action === 'mark' ? `mark_${payload.state}` : 'clear';
}

function uncertainOutcome(error: BotError, payload: MutationPayload): ActionOutcome {
  const check = payload.action === 'note' ? 'the note' : 'the task instance state';
  const failure = errorOutcome(error, { may_have_been_applied: true });
  const message =
    `${error.kind === 'timeout' ? 'Airflow did not answer in time' : 'Airflow failed while applying the change'}; ` +
    `the change may have been applied. Check ${check} with a "lookup" action before sending it again with a new idempotency key ` +
    '(a retry with this key gets this same answer and changes nothing).';
  const errorBody = failure.body.error as Record<string, unknown>;
  return { statusCode: failure.statusCode === 504 ? 504 : 502, body: { error: { ...errorBody, message } } };
}

async function runAfterChange(ctx: MutationContext, action: MutationPayload['action'], changed: readonly TaskInstanceRef[]): Promise<void> {
  if (ctx.afterChange === undefined) return;
  try {
    await ctx.afterChange({
      source: ctx.source.name,
      deployment: ctx.deployment.name,
      target: ctx.ref,
      action,
      changed: changed.map(({ dagId, runId, taskId, mapIndex }) => ({ dagId, runId, taskId, mapIndex })),
    });
  } catch (error) {
    ctx.logger.warn({ err: error }, 'a webhook change was applied, but what follows it failed');
  }
}

function audit(ctx: MutationContext, action: string, outcome: 'allowed' | 'applied' | 'failed', reason: string): void {
  logWebhookAudit(ctx.logger, {
    source: ctx.source.name,
    deployment: ctx.deployment.name,
    action,
    target: addressOf(ctx.deployment.name, ctx.ref),
    outcome,
    reason,
  });
}
