import type { TaskState } from '../airflow/model';

/**
 * What the on-call loop (reminders, digests) reads of a run's alert: a narrow view of the alert
 * feature's stored document (`AlertDoc` in `src/alerts/alert-state.ts`), plus the item's own
 * attributes. The alert feature owns the document; `src/runtime` checks at compile time that an
 * `AlertDoc` is an {@link AlertDocView}, so the two cannot drift apart.
 */
export interface AlertDocView {
  key: { deployment: string; dagId: string; runId: string };
  channel: string;
  mention?: string;
  deploymentDisplay: string;
  /** When the first failure reached the bot (milliseconds). */
  createdAt: number;
  resolvedAt?: number;
  runState?: 'failed' | 'success';
  /** The listed task instances: how each stands and who or what fixed it (mrkdwn, already safe). */
  tasks: readonly { taskId: string; mapIndex: number; state: TaskState | null; fixedBy?: string }[];
  /** Who acknowledged the alert (the Acknowledge button). Absent: nobody. */
  acknowledgements?: readonly { userId: string; at: number }[];
  /** Failures of the run snoozed (the snooze feature). Absent: none. */
  snoozedFailures?: number;
}

/** One run's alert as the on-call loop reads it. */
export interface AlertRecord {
  /** The alert item's partition key. */
  pk: string;
  doc: AlertDocView;
  /** The alert message's `ts`, once posted: where a reminder replies. */
  ts?: string;
  /** When the reminder was sent (milliseconds); absent before. */
  remindedAt?: number;
}

/** True when someone acknowledged the alert; false for documents with no acknowledgements. */
export function isAcknowledged(doc: Pick<AlertDocView, 'acknowledgements'>): boolean {
  return (doc.acknowledgements?.length ?? 0) > 0;
}

/** True while the alert is not resolved. */
export function isOpen(doc: Pick<AlertDocView, 'resolvedAt'>): boolean {
  return doc.resolvedAt === undefined;
}

/**
 * The record of a stored alert item (`doc` is the document as JSON), or `undefined` when it holds
 * no document yet or has expired (TTL deletes late).
 */
export function recordOfItem(item: Record<string, unknown>, nowSeconds: number): AlertRecord | undefined {
  if (typeof item.pk !== 'string' || typeof item.doc !== 'string') return undefined;
  if (typeof item.expiresAt !== 'number' || item.expiresAt <= nowSeconds) return undefined;
  let doc: AlertDocView;
  try {
    doc = JSON.parse(item.doc) as AlertDocView;
  } catch {
    return undefined;
  }
  return {
    pk: item.pk,
    doc,
    ...(typeof item.ts === 'string' ? { ts: item.ts } : {}),
    ...(typeof item.remindedAt === 'number' ? { remindedAt: item.remindedAt } : {}),
  };
}
