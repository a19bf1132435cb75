import type { BotError } from '../errors';

/** Connection errors that mean the request never left: no Airflow saw it. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a change that ended in `error` may still have been applied by Airflow. A refusal (not
 * found, conflict, invalid, forbidden, unauthorized, rate limited) or a connection that was never
 * made means Airflow did nothing; a timeout, an answer that broke off or could not be read, a
 * server error, or anything unexpected may have come after the change.
 */
export function changeMayHaveApplied(error: BotError): boolean {
  if (error.kind === 'unavailable') {
    const { status, code } = error.details;
    return status !== 429 && !(typeof code === 'string' && NEVER_SENT.has(code));
  }
  return error.kind === 'timeout' || error.kind === 'internal';
}

/**
 * What the user reads when a change may have been applied: the failure, then what to do.
 *
 * @example
 * mayHaveBeenApplied('prod: Airflow did not answer within 10 s for load');
 * // 'prod: Airflow did not answer within 10 s for load. The change may have been applied: press Refresh on the card (or look in Airflow) before trying again.'
 */
export function mayHaveBeenApplied(userMessage: string): string {
  const sentence = /[.!?]$/.test(userMessage) ? userMessage : `${userMessage}.`;
  return `${sentence} The change may have been applied: press Refresh on the card (or look in Airflow) before trying again.`;
}
