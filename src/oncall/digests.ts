import { digestMarkKey } from '../alert-log/alert-log';
import { loadDigest } from '../alert-log/digest';
import { localTime, type DigestSchedule } from '../config/oncall-times';
import type { DeploymentRegistry } from '../config/types';
import { asBotError } from '../errors';
import { digestMessage } from '../views/digest-message';
import type { OncallDeps } from './oncall-deps';

/**
 * How long after its time a digest may still be posted (ticks that did not run): past this, that
 * day's digest is skipped rather than posted in the afternoon.
 */
export const DIGEST_LATE_MAX_MINUTES = 6 * 60;

/** A channel's digest due now: its schedule and the local date it is for. */
export interface DueDigest {
  channel: string;
  schedule: DigestSchedule;
  /** The date in the schedule's time zone (`2026-11-23`): one digest per channel, schedule and date. */
  localDate: string;
}

export type DigestOutcome =
  | { channel: string; outcome: 'posted' | 'skipped' }
  | { channel: string; outcome: 'failed'; reason: string };

/**
 * The digests due at `now`: every route with a `digest` whose local time (in its own time zone,
 * daylight saving included, via `Intl`) has come today and is less than six hours past. Two routes
 * to one channel with the same schedule make one digest.
 *
 * @example
 * dueDigests(registry, Date.parse('2026-11-23T08:00:00Z')) // [{ channel: 'C1', schedule: { text: '09:00 Europe/Berlin', … }, localDate: '2026-11-23' }]
 */
export function dueDigests(registry: DeploymentRegistry, now: number): DueDigest[] {
  const due = new Map<string, DueDigest>();
  for (const deployment of registry.deployments) {
    for (const route of deployment.alertRoutes ?? []) {
      const schedule = route.digest;
      if (schedule === undefined) continue;
      const local = localTime(now, schedule.timeZone);
      const late = local.minuteOfDay - (schedule.hour * 60 + schedule.minute);
      if (late < 0 || late >= DIGEST_LATE_MAX_MINUTES) continue;
      due.set(digestMarkKey(route.channel, local.date, schedule.text), { channel: route.channel, schedule, localDate: local.date });
    }
  }
  return [...due.values()];
}

/**
 * Posts each digest due, once: a tick takes the digest's mark (`digestpost#…`, a conditional update)
 * before reading anything, so of overlapping ticks one posts and the others skip; the mark is set
 * for good once posted, and given back when the post fails so the next tick tries again.
 */
export async function postDueDigests(deps: OncallDeps): Promise<DigestOutcome[]> {
  const now = deps.clock();
  const outcomes: DigestOutcome[] = [];
  for (const due of dueDigests(deps.registry, now)) {
    const mark = digestMarkKey(due.channel, due.localDate, due.schedule.text);
    const owner = deps.newOwner();
    if (!(await deps.log.claimDigest(mark, owner))) {
      outcomes.push({ channel: due.channel, outcome: 'skipped' });
      continue;
    }
    try {
      const snoozes = deps.snoozes === undefined ? undefined : { store: deps.snoozes, registry: deps.registry };
      const message = digestMessage(await loadDigest(deps.log, due.channel, now, undefined, snoozes));
      await deps.slack.post({ channel: due.channel, text: message.text, blocks: message.blocks });
      await deps.log.finishDigest(mark, owner, true);
      outcomes.push({ channel: due.channel, outcome: 'posted' });
    } catch (error) {
      const botError = asBotError(error);
      deps.logger.warn({ err: botError, channel: due.channel }, 'on-call: the digest could not be posted; the next tick tries again');
      await deps.log.finishDigest(mark, owner, false);
      outcomes.push({ channel: due.channel, outcome: 'failed', reason: botError.userMessage });
    }
  }
  return outcomes;
}
