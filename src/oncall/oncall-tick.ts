import { asBotError } from '../errors';
import { postDueDigests, type DigestOutcome } from './digests';
import type { OncallDeps } from './oncall-deps';
import { sendReminders, type ReminderOutcome } from './reminders';

/** What one tick did; `failed` names a half that could not run at all (the alert table unreadable). */
export interface OncallOutcome {
  reminders: ReminderOutcome[] | { failed: string };
  digests: DigestOutcome[] | { failed: string };
}

/**
 * One tick of the on-call loop (every minute): the reminders due, then the digests due. One half
 * failing does not stop the other.
 *
 * @example
 * await oncallTick(deps); // { reminders: [], digests: [{ channel: 'C1', outcome: 'posted' }] }
 */
export async function oncallTick(deps: OncallDeps): Promise<OncallOutcome> {
  const guarded = async <T>(what: string, run: () => Promise<T>): Promise<T | { failed: string }> => {
    try {
      return await run();
    } catch (error) {
      deps.logger.error({ err: error }, `on-call: the ${what} failed this tick`);
      return { failed: asBotError(error).userMessage };
    }
  };
  return {
    reminders: await guarded('reminders', () => sendReminders(deps)),
    digests: await guarded('digests', () => postDueDigests(deps)),
  };
}
