import type { Clock } from '../../src/clock';
import type { StandInEvent } from '../slack-stand-in/types';
import { isAnswerEvent } from './describe-event';
import type { StandInClient } from './stand-in-client';

export interface FollowOptions {
  standIn: StandInClient;
  /** Only events after this `seq` are the bot's reply to this request. */
  afterSeq: number;
  /** Whether the immediate HTTP reply was already an answer. */
  answered: boolean;
  /** Give up after this long. */
  timeoutMs: number;
  /** Once answered, stop when nothing more has arrived for this long. */
  quietMs: number;
  pollMs: number;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  onEvent: (event: StandInEvent) => void;
}

export interface FollowResult {
  events: StandInEvent[];
  /** An answer arrived (not only "working…" replies). */
  answered: boolean;
}

/**
 * Follows what the bot sends to Slack after its immediate reply, by polling the stand-in's events.
 * The rule for "done": an answer has arrived and nothing more for `quietMs` (the bot may
 * still post a thread line or replace its answer), or `timeoutMs` has passed.
 */
export async function followReplies(options: FollowOptions): Promise<FollowResult> {
  const started = options.clock();
  let lastEventAt = started;
  let answered = options.answered;
  let seq = options.afterSeq;
  const events: StandInEvent[] = [];
  for (;;) {
    for (const event of await options.standIn.eventsAfter(seq)) {
      events.push(event);
      seq = event.seq;
      lastEventAt = options.clock();
      if (isAnswerEvent(event)) answered = true;
      options.onEvent(event);
    }
    const now = options.clock();
    if (answered && now - lastEventAt >= options.quietMs) break;
    if (now - started >= options.timeoutMs) break;
    await options.sleep(options.pollMs);
  }
  return { events, answered };
}
