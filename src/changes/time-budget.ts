import type { Context } from 'aws-lambda';
import { BotError } from '../errors';

/** What is left of the invocation, and how long one Airflow request may take. */
export interface TimeBudget {
  remainingMs(): number;
  airflowTimeoutMs: number;
}

/** Kept back for answering after the last Airflow call. */
const ANSWER_MARGIN_MS = 1_000;

/** The budget of a Lambda invocation; a generous one when there is no context (direct calls). */
export function budgetFor(context: Pick<Context, 'getRemainingTimeInMillis'> | undefined, airflowTimeoutMs: number): TimeBudget {
  return {
    remainingMs: () => (context === undefined ? Number.POSITIVE_INFINITY : context.getRemainingTimeInMillis()),
    airflowTimeoutMs,
  };
}

/**
 * Refuses to start a change that might not finish before the function is stopped: a change cut off
 * half way is the one case where the caller could not know what happened.
 *
 * @throws `BotError('timeout')` saying nothing was changed.
 */
export function requireTimeForChange(budget: TimeBudget): void {
  if (budget.remainingMs() >= budget.airflowTimeoutMs + ANSWER_MARGIN_MS) return;
  throw new BotError('timeout', 'Airflow answered too slowly to start the change in time; nothing was changed. Send it again.');
}

/** How many audit notes (a read and a write each, five at a time) fit in what is left. */
export function auditNotesThatFit(budget: TimeBudget): number {
  const rounds = Math.floor((budget.remainingMs() - ANSWER_MARGIN_MS) / (2 * budget.airflowTimeoutMs));
  return Math.max(0, Math.min(50, rounds * 5));
}
