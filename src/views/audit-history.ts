import type { KnownBlock } from '@slack/types';
import type { AuditRecord } from '../audit/audit-trail';
import type { TaskInstanceAddress } from '../protocol/interaction-types';
import { contextBlock, headerBlock, sectionBlock } from './blocks';
import { formatTimestamp } from './format-time';
import { MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX } from './limits';
import type { DeploymentDisplay, SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLines } from './pack-lines';
import { actorMention } from './user-mention';

export interface AuditHistoryInput {
  deployment: DeploymentDisplay;
  address: TaskInstanceAddress;
  /** Newest first, as the audit trail returns them. */
  records: readonly AuditRecord[];
}

/** The emoji of each outcome, in the history and on the App Home. */
export const OUTCOME_EMOJI: Readonly<Record<AuditRecord['outcome'], string>> = {
  allowed: ':eyes:',
  refused: ':no_entry:',
  applied: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':leftwards_arrow_with_hook:',
  stale: ':hourglass:',
};

/** Header and context line. */
const ENTRY_SECTIONS_MAX = MESSAGE_BLOCKS_MAX - 2;

/**
 * The recent history of a task instance from the audit trail, newest first: when, who (the Slack
 * user or webhook source the request came from, never a name taken from a note), what, and what became of it.
 *
 * @example
 * respond({ response_type: 'ephemeral', ...auditHistory({ deployment, address, records }) })
 */
export function auditHistory(input: AuditHistoryInput): SlackMessage {
  const { address } = input;
  const blocks: KnownBlock[] = [
    headerBlock(`Audit · ${address.taskId}`),
    contextBlock(
      `${inlineCode(address.taskId, 600)} in ${inlineCode(address.dagId, 600)} / ${inlineCode(address.runId, 600)}` +
        ` · ${escapeMrkdwn(input.deployment.displayName, 200)} · newest first`,
    ),
  ];
  if (input.records.length === 0) {
    blocks.push(sectionBlock('Nothing recorded for this task instance.'));
  } else {
    const sections = packLines(input.records.map(entry), SECTION_TEXT_MAX).slice(0, ENTRY_SECTIONS_MAX);
    blocks.push(...sections.map(sectionBlock));
  }
  const count = input.records.length;
  return {
    text: `Audit of ${escapeMrkdwn(address.taskId, 300)}: ${count} recent ${count === 1 ? 'entry' : 'entries'}`,
    blocks,
  };
}

function entry(record: AuditRecord): string {
  const reason = record.reason === undefined ? '' : ` — ${escapeMrkdwn(record.reason, 300)}`;
  return (
    `${OUTCOME_EMOJI[record.outcome]} ${formatTimestamp(record.at)} ${actorMention(record.userId)}` +
    ` *${escapeMrkdwn(record.action, 40)}* ${record.outcome}${reason}`
  );
}
