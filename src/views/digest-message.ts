import type { KnownBlock } from '@slack/types';
import type { Digest, DigestRun, DigestSnooze } from '../alert-log/digest';
import { contextBlock, headerBlock, sectionBlock } from './blocks';
import { formatDuration, utcText } from './format-time';
import { SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLines } from './pack-lines';
import { userMention } from './user-mention';

/** Runs listed per section (open, recovered); the rest are folded into "…and N more". */
export const DIGEST_LIST_MAX = 30;
const ID_MAX = 80;
const FIXERS_SHOWN = 3;

/**
 * The digest of a channel's alerts: counts first (failed, recovered with the median time to
 * resolve, still open, acknowledged, snoozed), then the open runs, the recovered ones with who
 * or what fixed them, and the DAGs snoozed with the runs held back. Each list stops at {@link DIGEST_LIST_MAX} with "…and N more", so a day of
 * any number of failures stays inside Block Kit's limits (at most about 15 blocks).
 *
 * @example
 * const message = digestMessage(digest); // post with chat.postMessage, or reply to /airflow digest
 */
export function digestMessage(digest: Digest): SlackMessage {
  const summary = summaryText(digest);
  const blocks: KnownBlock[] = [headerBlock('Airflow alerts: the last 24 hours'), sectionBlock(summary)];
  blocks.push(...listSections('*Still open*', digest.open, (run) => openLine(run, digest.until)));
  blocks.push(...listSections('*Recovered*', digest.recovered, recoveredLine));
  blocks.push(...listSections('*Snoozed*', digest.snoozes, (snooze) => snoozeLine(snooze, digest.until)));
  const notes = [`${utcText(digest.since)} to ${utcText(digest.until)}, from the alerts posted in this channel.`];
  if (digest.notListed > 0) notes.push(`${digest.notListed} more alerts were posted than the digest can follow; they are not counted.`);
  blocks.push(contextBlock(...notes));
  return { text: `Airflow digest: ${plainSummary(digest)}`, blocks };
}

function summaryText(digest: Digest): string {
  if (digest.failedCount === 0 && digest.open.length === 0 && digest.recovered.length === 0 && digest.snoozes.length === 0) return 'No alerts in the last 24 hours. :white_check_mark:';
  return plainSummary(digest, (count) => `*${count}*`);
}

function plainSummary(digest: Digest, bold: (count: number) => string = String): string {
  const median = medianResolveMs(digest.recovered);
  const parts = [
    `${bold(digest.failedCount)} ${digest.failedCount === 1 ? 'run' : 'runs'} failed`,
    `${bold(digest.recovered.length)} recovered${median === undefined ? '' : ` (median time to resolve ${formatDuration(median / 1000)})`}`,
    `${bold(digest.open.length)} still open`,
    `${bold(digest.acknowledgedCount)} acknowledged`,
    `${bold(digest.snoozedFailures)} ${digest.snoozedFailures === 1 ? 'failure' : 'failures'} snoozed`,
  ];
  return parts.join(' · ');
}

function medianResolveMs(runs: readonly DigestRun[]): number | undefined {
  const times = runs.map((run) => run.resolvedAt! - run.createdAt).sort((a, b) => a - b);
  if (times.length === 0) return undefined;
  const middle = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? times[middle]! : (times[middle - 1]! + times[middle]!) / 2;
}

function listSections<T>(title: string, runs: readonly T[], line: (run: T) => string): ReturnType<typeof sectionBlock>[] {
  if (runs.length === 0) return [];
  const lines = [title, ...runs.slice(0, DIGEST_LIST_MAX).map(line)];
  if (runs.length > DIGEST_LIST_MAX) lines.push(`…and ${runs.length - DIGEST_LIST_MAX} more`);
  return packLines(lines, SECTION_TEXT_MAX).map(sectionBlock);
}

function runName(run: DigestRun): string {
  return `• *${escapeMrkdwn(run.deploymentDisplay, ID_MAX)}* · ${inlineCode(run.dagId, ID_MAX)} · ${inlineCode(run.runId, ID_MAX)}`;
}

function openLine(run: DigestRun, now: number): string {
  const parts = [`${runName(run)}: open for ${formatDuration((now - run.createdAt) / 1000)}`];
  if (run.failing > 0) parts.push(`${run.failing} task ${run.failing === 1 ? 'instance' : 'instances'} failing`);
  parts.push(acknowledgedText(run));
  if (run.snoozedFailures > 0) parts.push(`${run.snoozedFailures} snoozed`);
  return parts.join(', ');
}

function recoveredLine(run: DigestRun): string {
  const fixers = run.fixedBy.slice(0, FIXERS_SHOWN);
  const more = run.fixedBy.length - fixers.length;
  const by = fixers.length === 0 ? '' : ` by ${fixers.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const parts = [`${runName(run)}: resolved in ${formatDuration((run.resolvedAt! - run.createdAt) / 1000)}${by}`];
  if (run.acknowledgedBy.length > 0) parts.push(acknowledgedText(run));
  if (run.snoozedFailures > 0) parts.push(`${run.snoozedFailures} snoozed`);
  return parts.join(', ');
}

function snoozeLine(snooze: DigestSnooze, now: number): string {
  const name = `• *${escapeMrkdwn(snooze.deploymentDisplay, ID_MAX)}* · ${inlineCode(snooze.dagId, ID_MAX)}`;
  const end = snooze.until > now ? `until ${utcText(snooze.until)}` : `ended ${utcText(snooze.until)}`;
  return `${name} ${end}, ${snooze.heldBack} ${snooze.heldBack === 1 ? 'run' : 'runs'} held back`;
}

function acknowledgedText(run: DigestRun): string {
  if (run.acknowledgedBy.length === 0) return 'not acknowledged';
  const shown = run.acknowledgedBy.slice(0, FIXERS_SHOWN).map(userMention);
  const more = run.acknowledgedBy.length - shown.length;
  return `acknowledged by ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
