import type { Context } from 'aws-lambda';
import type { AccessControl } from '../access/access-control';
import { changeMayHaveApplied } from '../airflow/change-outcome';
import type { AirflowClient } from '../airflow/client';
import type { AffectedTaskInstance, HitlRequest, HitlResponse, TaskInstanceRef, TaskState } from '../airflow/model';
import { auditSubject } from '../audit/audit-trail';
import type { DeploymentConfig } from '../config/types';
import { asBotError, BotError, isBotError, type BotErrorKind } from '../errors';
import type { RunOnce } from '../idempotency/run-once';
import type { TaskInstanceAddress } from '../protocol/interaction-types';
import { appendToNote } from './append-to-note';
import { writeAuditNotes } from './audit-notes';
import {
  auditLineFor,
  changeName,
  changeVerb,
  isAcknowledgement,
  noteEntryFor,
  taskActionOf,
  type Actor,
  type AppliedChange,
  type Change,
  type ChangeListener,
} from './change';
import { hitlRespondentRefusal, requireChange } from './permissions';
import { recordAudit, type AttemptEvent, type RecordAuditDeps } from './record-audit';
import { addressOf } from './target';
import { auditNotesThatFit, requireTimeForChange, type TimeBudget } from './time-budget';
import { withLease, type LeaseDeps } from './with-lease';

/** Everything the change service talks to; built once in `src/runtime/`. */
export interface ChangeServiceDeps extends RecordAuditDeps, LeaseDeps {
  access: AccessControl;
  /** The bot's idempotency store: keyed changes apply at most once per key. */
  once: RunOnce;
  /** Told of every applied change (the run's alert is updated by one). */
  listeners: readonly ChangeListener[];
}

/** How a change is kept from applying twice. */
export type ChangeGuard =
  /**
   * A Slack Confirm: the stored preview is claimed once (a double click, a retry, a Cancel in
   * between lose), and the change applies only while the task instance is still as previewed.
   */
  | {
      kind: 'preview';
      previewId: string;
      claim: () => Promise<{ ok: true } | { ok: false; reason: 'expired' | 'claimed' }>;
      expected: { state: TaskState | null; tryNumber: number };
    }
  /**
   * A keyed change (a webhook's idempotency key, a Slack job's request id): applied at most once
   * per key; a retry with the same key and payload gets the first outcome and sends nothing.
   */
  | { kind: 'key'; key: string; payload: unknown; context?: Pick<Context, 'getRemainingTimeInMillis'> };

export interface ChangeRequest {
  actor: Actor;
  deployment: DeploymentConfig;
  client: AirflowClient;
  change: Change;
  guard: ChangeGuard;
  /** The target as asked (the run perhaps `latest`): what a refusal before anything is looked up names. */
  asked: TaskInstanceAddress;
  /** Finds the task instance (asking Airflow for `latest`); run inside the guard, so a keyed retry asks nothing. */
  locate: () => Promise<TaskInstanceRef>;
  requestId?: string;
  /** What is left of the invocation, when the caller is waiting: no change is started without time to finish. */
  budget?: TimeBudget;
}

/** The bot's line in the notes of the task instances a mark or clear changed. */
export interface AuditNoteReport {
  line: string;
  written: number;
  /** Sentences for the user, one per kind of shortfall; empty when every note was written. */
  notices: string[];
}

/** What became of a change; plain data, so a keyed retry is answered from the stored copy. */
export type ChangeOutcome =
  | {
      status: 'applied';
      applied: AppliedChange;
      /** Mark and clear: what Airflow changed, with each state before. */
      affected?: AffectedTaskInstance[];
      /** Note: the note as read back after the write. */
      note?: string | null;
      /** Answer: Airflow's record of it (its responder is the bot's own Airflow user). */
      response?: HitlResponse;
      auditNote?: AuditNoteReport;
    }
  /**
   * The preview could not be claimed (`expired`, `claimed`), or the human-in-the-loop request
   * answered was replaced by a later try's (`replaced`): nothing was sent.
   */
  | { status: 'stale'; reason: 'expired' | 'claimed' | 'replaced' }
  /** The human-in-the-loop request had already been answered (in Slack or in Airflow): nothing was sent. */
  | { status: 'answered_already'; response: HitlResponse }
  /** The task instance moved on since the preview: nothing was sent. */
  | { status: 'moved'; current: { state: TaskState | null; tryNumber: number } }
  /** The note holds only other people's text and no room is left: nothing was written. */
  | { status: 'note_full' }
  /** The change was sent but its answer never arrived whole: it may have been applied. */
  | { status: 'uncertain'; kind: BotErrorKind; message: string };

export interface ChangeResult {
  outcome: ChangeOutcome;
  /** A keyed change answered from its first outcome: nothing was sent this time. */
  replayed: boolean;
}

/** What the send step says: the change went through (with what it changed), or an outcome to stop at. */
type Sent =
  | { sent: true; changed: AffectedTaskInstance[]; note?: string | null; response?: HitlResponse }
  | { sent: false; outcome: ChangeOutcome };

/**
 * Applies one change for an actor; every change (mark, clear, note, acknowledge; from Slack or a webhook) goes
 * through here, in this sequence:
 * 1. permission: the actor may make this change in this deployment (refused and recorded otherwise);
 * 2. the guard: the preview is claimed, or the idempotency key taken (a retry gets the first outcome);
 * 3. the task instance is located, and the attempt recorded in the audit trail before anything changes;
 * 4. under the task instance's lease: the check against the preview, the one mutating request, and its
 *    audit record and log line (`applied`, `failed`; a change whose answer broke off is `uncertain`);
 * 5. the bot's line in the notes of what changed (mark and clear);
 * 6. the change listeners (the run's alert names who or what fixed it).
 * Nothing after the mutating request can turn an applied change into an error.
 *
 * @throws `BotError` when nothing was changed: refused, not found, not enough time, a store down.
 * @example
 * const { outcome } = await applyChange(deps, {
 *   actor: { kind: 'source', name: 'dq-monitor' }, deployment, client, asked, locate: async () => ref,
 *   change: { kind: 'clear', downstream: true }, guard: { kind: 'key', key: 'dq-monitor:msg_1', payload },
 * });
 */
export async function applyChange(deps: ChangeServiceDeps, request: ChangeRequest): Promise<ChangeResult> {
  const { actor, deployment, change, guard } = request;
  const ids = {
    ...(guard.kind === 'preview' ? { previewId: guard.previewId } : {}),
    ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
  };
  await requireChange(deps, actor, deployment, change, { target: request.asked, ...ids });
  if (guard.kind === 'preview') {
    const claim = await guard.claim();
    if (!claim.ok) {
      const reason = claim.reason === 'expired' ? 'preview expired' : 'preview already used';
      await recordAudit(deps, actor, { deployment: deployment.name, action: changeName(change), target: request.asked, ...ids, outcome: 'stale', reason });
      return { outcome: { status: 'stale', reason: claim.reason }, replayed: false };
    }
    return { outcome: await applyGuarded(deps, request, ids), replayed: false };
  }
  const { value, replayed } = await deps.once.run(guard.key, guard.payload, () => applyGuarded(deps, request, ids), guard.context);
  if (replayed) deps.logger.info({ key: guard.key, action: changeName(change) }, 'change asked again with its key; answered from its first outcome');
  return { outcome: value, replayed };
}

async function applyGuarded(
  deps: ChangeServiceDeps,
  request: ChangeRequest,
  ids: { previewId?: string; requestId?: string },
): Promise<ChangeOutcome> {
  const { actor, deployment, change } = request;
  const ref = await request.locate();
  const target = addressOf(deployment.name, ref);
  const record = (event: Pick<AttemptEvent, 'outcome' | 'reason'>, options?: { required?: boolean }) =>
    recordAudit(deps, actor, { deployment: deployment.name, action: changeName(change), target, ...ids, ...event }, options);
  // Nothing changes unless the trail has the attempt: a store that is down stops here.
  await record({ outcome: 'allowed', reason: 'confirmed' }, { required: true });

  const sent = await send(deps, request, ref, record);
  if (!sent.sent) return sent.outcome;

  const verb = changeVerb(change);
  const applied: AppliedChange = {
    actor,
    deployment: deployment.name,
    target: ref,
    change,
    verb,
    changed: sent.changed.map(({ dagId, runId, taskId, mapIndex }) => ({ dagId, runId, taskId, mapIndex })),
  };
  const outcome: Extract<ChangeOutcome, { status: 'applied' }> = { status: 'applied', applied };
  if (change.kind === 'note') {
    outcome.note = sent.note ?? null;
  } else if (change.kind === 'answer') {
    if (sent.response !== undefined) outcome.response = sent.response;
    outcome.auditNote = await writeAuditLines(deps, request, sent.changed, verb);
  } else if (!isAcknowledgement(change)) {
    outcome.affected = sent.changed;
    outcome.auditNote = await writeAuditLines(deps, request, sent.changed, verb);
  }
  await tellListeners(deps, applied);
  return outcome;
}

/** The one mutating request, for each kind of change; a new kind of change is a new case here. */
async function send(
  deps: ChangeServiceDeps,
  request: ChangeRequest,
  ref: TaskInstanceRef,
  record: (event: Pick<AttemptEvent, 'outcome' | 'reason'>) => Promise<boolean>,
): Promise<Sent> {
  const { actor, deployment, client, change, guard } = request;
  const subject = auditSubject(deployment.name, addressOf(deployment.name, ref));
  switch (change.kind) {
    case 'mark':
    case 'clear':
      // Check and change under the task instance's action lease: two Confirms (or a Confirm and a
      // webhook) handled at once cannot both find it as previewed and both apply.
      return withLease(deps, `action:${subject}`, async () => {
        if (guard.kind === 'preview') {
          const current = await client.getTaskInstance(ref);
          if (current.state !== guard.expected.state || current.tryNumber !== guard.expected.tryNumber) {
            await record({ outcome: 'stale', reason: 'task instance changed since the preview' });
            return { sent: false, outcome: { status: 'moved', current: { state: current.state, tryNumber: current.tryNumber } } };
          }
        }
        return sendOnce(deps, request, record, async () => {
          const changed = await client.applyAction(ref, taskActionOf(change));
          await record({ outcome: 'applied', reason: `${changed.length} task instance(s) changed` });
          return { sent: true, changed };
        });
      });
    case 'note': {
      const entry = noteEntryFor(actor, change.text);
      return sendOnce(deps, request, record, async () => {
        // Under the note's lease, read back to verify: the note as read back is the answer, so
        // nothing is read again after the write (a failure there could not be told from a failed write).
        const appended = await appendToNote(deps, client, ref, subject, { kind: 'user', text: entry });
        if (appended.outcome === 'full') {
          await record({ outcome: 'refused', reason: 'note full' });
          return { sent: false, outcome: { status: 'note_full' } };
        }
        await record({ outcome: 'applied', reason: entry });
        return { sent: true, changed: [{ ...ref, state: null }], note: appended.note };
      });
    }
    case 'acknowledge':
    case 'unacknowledge':
      // Nothing goes to Airflow: the trail's record is the change; the alert shows it (a listener).
      await record({ outcome: 'applied', reason: change.kind === 'acknowledge' ? 'acknowledged' : `took back the acknowledgement of ${change.userId}` });
      return { sent: true, changed: [] };
    case 'answer':
      // One answer at a time per task instance: of ten clicks at once, one is sent and the others
      // find the request answered when their turn comes.
      return withLease(deps, `hitl:${subject}`, () => sendAnswer(deps, request, change, ref, record));
  }
}

/** Under the request's lease: read it, check it still waits for this user's answer, and send the one answer. */
async function sendAnswer(
  deps: ChangeServiceDeps,
  request: ChangeRequest,
  change: Extract<Change, { kind: 'answer' }>,
  ref: TaskInstanceRef,
  record: (event: Pick<AttemptEvent, 'outcome' | 'reason'>) => Promise<boolean>,
): Promise<Sent> {
  const { actor, deployment, client } = request;
  const current = await client.getHitl(ref);
  if (current.createdAt !== change.createdAt) {
    await record({ outcome: 'stale', reason: `request replaced (made ${current.createdAt})` });
    return { sent: false, outcome: { status: 'stale', reason: 'replaced' } };
  }
  if (current.response !== null) {
    await record({ outcome: 'refused', reason: 'already answered' });
    return { sent: false, outcome: { status: 'answered_already', response: current.response } };
  }
  const refusal = actor.kind === 'slack' ? hitlRespondentRefusal(deployment, actor.userId, current) : undefined;
  if (refusal !== undefined) {
    await record({ outcome: 'refused', reason: refusal.reason });
    throw new BotError('permission_denied', refusal.message);
  }
  const invalid = invalidChoice(current, change.chosenOptions);
  if (invalid !== undefined) {
    await record({ outcome: 'refused', reason: 'options not offered' });
    throw new BotError('invalid', `${invalid} Nothing was sent to Airflow.`);
  }
  return sendOnce(deps, request, record, async () => {
    let response: HitlResponse;
    try {
      response = await client.answerHitl(ref, { chosenOptions: change.chosenOptions, paramsInput: change.paramsInput });
    } catch (error) {
      if (isBotError(error) && error.kind === 'conflict') {
        // Answered in Airflow between our read and our write: say by whom, as Airflow has it now.
        const answered = await client.getHitl(ref).catch(() => undefined);
        if (answered?.response) {
          await record({ outcome: 'refused', reason: 'already answered in Airflow' });
          return { sent: false, outcome: { status: 'answered_already', response: answered.response } };
        }
      }
      if (isBotError(error) && error.kind === 'forbidden') throw botUserNotAssigned(deployment.displayName, current, error);
      throw error;
    }
    await record({ outcome: 'applied', reason: `chose ${change.chosenOptions.join(', ')}` });
    return { sent: true, changed: [{ ...ref, state: current.taskState }], response };
  });
}

/** What is wrong with the chosen options, or `undefined`: at least one, each offered, exactly one unless `multiple`. */
function invalidChoice(request: HitlRequest, chosen: readonly string[]): string | undefined {
  if (chosen.length === 0) return 'Choose at least one option.';
  const unknown = chosen.filter((option) => !request.options.includes(option));
  if (unknown.length > 0) return `The request does not offer ${unknown.join(', ')} (it offers ${request.options.join(', ')}).`;
  if (new Set(chosen).size !== chosen.length) return 'An option was chosen twice.';
  if (!request.multiple && chosen.length > 1) return 'This request takes exactly one option.';
  return undefined;
}

/** Airflow's 403: the bot's own Airflow user is not among the request's assigned users. */
function botUserNotAssigned(displayName: string, request: HitlRequest, cause: BotError): BotError {
  const assigned = request.assignedUsers.map((user) => user.name || user.id).join(', ');
  return new BotError(
    'forbidden',
    `${displayName}: Airflow refused the answer because the bot's own Airflow user is not among the users assigned to this request (${assigned || 'none listed'}). Nothing was changed: add the bot's Airflow user to the operator's \`assigned_users\`, or answer in Airflow.`,
    { cause, details: { ...cause.details } },
  );
}

/**
 * Sends, if there is time for it to finish. A failure that surely changed nothing is recorded and
 * thrown; one that may have reached Airflow (a timeout, a broken answer, a 5xx) is recorded and
 * answered as `uncertain`, so a keyed retry gets the same answer instead of sending it again.
 */
async function sendOnce(
  deps: ChangeServiceDeps,
  request: ChangeRequest,
  record: (event: Pick<AttemptEvent, 'outcome' | 'reason'>) => Promise<boolean>,
  mutate: () => Promise<Sent>,
): Promise<Sent> {
  if (request.budget !== undefined) requireTimeForChange(request.budget);
  try {
    return await mutate();
  } catch (error) {
    const botError = asBotError(error);
    if (!changeMayHaveApplied(botError)) {
      await record({ outcome: 'failed', reason: botError.kind });
      throw botError;
    }
    await record({ outcome: 'failed', reason: `${botError.kind}; the change may have been applied` });
    deps.logger.warn({ err: botError.cause ?? botError, kind: botError.kind }, 'a confirmed change may have been applied');
    return { sent: false, outcome: { status: 'uncertain', kind: botError.kind, message: botError.userMessage } };
  }
}

/** Copies the change into Airflow: the bot's line in each changed task instance's note, as many as time allows. */
async function writeAuditLines(
  deps: ChangeServiceDeps,
  request: ChangeRequest,
  changed: readonly AffectedTaskInstance[],
  verb: string,
): Promise<AuditNoteReport> {
  let line = '';
  try {
    line = auditLineFor(request.actor, verb, new Date(deps.clock()));
    const max = request.budget === undefined ? changed.length : auditNotesThatFit(request.budget);
    if (changed.length === 0 || max <= 0) return { line, written: 0, notices: [] };
    const result = await writeAuditNotes(deps, request.client, request.deployment.name, changed.slice(0, max), line);
    return { line, written: result.written, notices: result.notices };
  } catch (error) {
    // The change is made and the trail has it; a note that cannot be written is only reported.
    deps.logger.warn({ err: error }, 'change applied, but its audit notes could not be written');
    return { line, written: 0, notices: ['audit note could not be written in Airflow — kept in the audit trail'] };
  }
}

async function tellListeners(deps: ChangeServiceDeps, applied: AppliedChange): Promise<void> {
  for (const listener of deps.listeners) {
    try {
      await listener(applied);
    } catch (error) {
      deps.logger.warn({ err: error, action: changeName(applied.change) }, 'change applied, but telling its listeners failed');
    }
  }
}
