import type { Clock } from '../../src/clock';
import { TRIGGER_ID_LIFETIME_MS } from './slack-rules';
import type { SlackIds } from './slack-ids';
import { WebApiError } from './web-api-context';

/**
 * The `trigger_id`s the stand-in handed out with interactions, and Slack's rule for them: one view
 * per trigger, within 3 seconds of the interaction.
 */
export class TriggerIds {
  private readonly issued = new Map<string, { at: number; exchanged: boolean }>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: Pick<SlackIds, 'triggerId'>,
  ) {}

  /** A new trigger, as Slack puts in an interaction's payload; its 3 seconds start now. */
  issue(): string {
    const id = this.ids.triggerId();
    this.issued.set(id, { at: this.clock(), exchanged: false });
    return id;
  }

  /**
   * Opens a view with a trigger: `open` runs only for a trigger that is known, fresh and unused,
   * and uses it up only when it succeeds (a view Slack refuses leaves the trigger as it was).
   *
   * @throws WebApiError `invalid_trigger_id`, `expired_trigger_id` or `exchanged_trigger_id`, as Slack answers.
   */
  exchange<T>(id: string, open: () => T): T {
    const trigger = this.issued.get(id);
    if (trigger === undefined) throw new WebApiError('invalid_trigger_id');
    if (trigger.exchanged) throw new WebApiError('exchanged_trigger_id');
    if (this.clock() - trigger.at > TRIGGER_ID_LIFETIME_MS) throw new WebApiError('expired_trigger_id');
    const opened = open();
    trigger.exchanged = true;
    return opened;
  }
}
