import { isAcknowledged, isOpen, type AlertRecord } from '../alert-log/alert-record';
import { alertRouteFor } from '../config/alert-routes';
import type { DeploymentRegistry } from '../config/types';
import { asBotError } from '../errors';
import { formatDuration } from '../views/format-time';
import type { OncallDeps } from './oncall-deps';

/**
 * How late a reminder may still go out after it was due (a tick that did not run, a Slack outage):
 * past this, the alert is not looked at again, so a tick reads only the alerts whose reminder
 * falls due in the last hour, never a whole day of them.
 */
export const REMIND_LATE_MAX_MS = 60 * 60 * 1000;

export type ReminderOutcome = { pk: string; outcome: 'reminded' } | { pk: string; outcome: 'failed'; reason: string };

/**
 * One thread reply per alert still unresolved and unacknowledged `remindAfter` after it began,
 * mentioning its route's group again. Once only, whatever the ticks: the alert item is marked with
 * a conditional update (`remindedAt` absent) before anything is posted, so of two overlapping ticks
 * one posts and the other skips; a post that fails takes the mark back for the next tick.
 *
 * @example
 * await sendReminders(deps); // [{ pk: 'alert#["prod","etl","r1"]', outcome: 'reminded' }]
 */
export async function sendReminders(deps: OncallDeps): Promise<ReminderOutcome[]> {
  const now = deps.clock();
  const outcomes: ReminderOutcome[] = [];
  for (const [channel, window] of reminderChannels(deps.registry)) {
    const listed = await deps.log.listChannel(channel, now - window.longest - REMIND_LATE_MAX_MS, now - window.shortest);
    const records = await deps.log.read(listed.pks);
    for (const record of records) {
      const due = remindAfterOf(deps.registry, record, now);
      if (due === undefined) continue;
      outcomes.push(await remind(record, due, now, deps));
    }
  }
  return outcomes;
}

/** The shortest and longest `remindAfter` of the routes to each channel. */
function reminderChannels(registry: DeploymentRegistry): Map<string, { shortest: number; longest: number }> {
  const channels = new Map<string, { shortest: number; longest: number }>();
  for (const deployment of registry.deployments) {
    for (const route of deployment.alertRoutes ?? []) {
      if (route.remindAfter === undefined) continue;
      const known = channels.get(route.channel);
      channels.set(route.channel, {
        shortest: Math.min(known?.shortest ?? route.remindAfter, route.remindAfter),
        longest: Math.max(known?.longest ?? route.remindAfter, route.remindAfter),
      });
    }
  }
  return channels;
}

interface DueReminder {
  remindAfter: number;
  mention?: string;
}

/** The alert's reminder when one is due now: its route (as the registry has it now) asks for one, and nobody has answered. */
function remindAfterOf(registry: DeploymentRegistry, record: AlertRecord, now: number): DueReminder | undefined {
  const { doc } = record;
  if (record.ts === undefined || record.remindedAt !== undefined || !isOpen(doc) || isAcknowledged(doc)) return undefined;
  const deployment = registry.deployments.find((candidate) => candidate.name === doc.key.deployment);
  const route = deployment === undefined ? undefined : alertRouteFor(deployment, doc.key.dagId);
  if (route?.remindAfter === undefined || route.channel !== doc.channel) return undefined;
  const dueAt = doc.createdAt + route.remindAfter;
  if (dueAt > now || now - dueAt > REMIND_LATE_MAX_MS) return undefined;
  const mention = route.mention ?? doc.mention;
  return mention === undefined ? { remindAfter: route.remindAfter } : { remindAfter: route.remindAfter, mention };
}

async function remind(record: AlertRecord, due: DueReminder, now: number, deps: OncallDeps): Promise<ReminderOutcome> {
  if (!(await deps.log.markReminded(record.pk, now))) return { pk: record.pk, outcome: 'failed', reason: 'reminded already' };
  try {
    await deps.slack.post({ channel: record.doc.channel, threadTs: record.ts!, text: reminderText(due, now - record.doc.createdAt) });
    return { pk: record.pk, outcome: 'reminded' };
  } catch (error) {
    const botError = asBotError(error);
    deps.logger.warn({ err: botError, deployment: record.doc.key.deployment }, 'on-call: the reminder could not be posted; the next tick tries again');
    await deps.log.unmarkReminded(record.pk, now);
    return { pk: record.pk, outcome: 'failed', reason: botError.userMessage };
  }
}

/**
 * `<!subteam^S1> Still failing after 30m 00s, and nobody has acknowledged it.`
 *
 * @example
 * reminderText({ remindAfter: 1_800_000, mention: 'S1' }, 1_860_000)
 */
export function reminderText(due: DueReminder, openForMs: number): string {
  const mention = due.mention === undefined ? '' : `<!subteam^${due.mention}> `;
  return `${mention}Still failing after ${formatDuration(openForMs / 1000)}, and nobody has acknowledged it.`;
}
