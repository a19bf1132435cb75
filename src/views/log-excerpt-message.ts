import type { Button, KnownBlock } from '@slack/types';
import { UNMAPPED, type TaskInstanceRef } from '../airflow/model';
import type { LogCut, LogExcerpt, LogExcerptSection } from '../logs/excerpt-types';
import { CAUSE_TITLE } from '../logs/excerpt-selection';
import { formatBytes } from '../logs/full-log-file';
import { encodeAddress } from '../protocol/button-values';
import { ACTION_IDS, logTryActionId } from '../protocol/interaction-types';
import { actionsBlock, button, contextBlock, headerBlock, sectionBlock } from './blocks';
import { causeLines } from './cause-lines';
import { HEADER_TEXT_MAX, MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX } from './limits';
import { linkButton } from './links';
import type { DeploymentDisplay, SlackMessage } from './message';
import { codeBlocks, inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { truncate } from './truncate';

export interface LogExcerptMessageInput {
  deployment: DeploymentDisplay;
  ref: TaskInstanceRef;
  tryNumber: number;
  excerpt: LogExcerpt;
  /** The whole log of this try in the Airflow UI. */
  fullLogUrl: string;
  /** The task instance's latest try: the other tries are offered as buttons. */
  latestTry?: number;
  /** The deployment's name as buttons carry it; without it the message has no Full log or try buttons. */
  deploymentName?: string;
}

/** Header, where-line, a note on missing errors, a note on the cut, the footer, and the buttons. */
const RESERVED_BLOCKS = 6;
/** Buttons to other tries: the most recent ones. */
const MAX_TRY_BUTTONS = 5;
/** A section title line above its code block: title and line range. */
const TITLE_MAX = 200;

/**
 * The part of a try's log that explains a failure: each excerpt section as code blocks (escaped,
 * backticks neutralised, long lines split, each block ≤ 3000 characters), a header with the try,
 * and a button to the full log in Airflow. When the excerpt is larger than a message can hold,
 * the sections are cut and a line says so.
 *
 * @example
 * logExcerptMessage({ deployment, ref, tryNumber: 2, excerpt: buildLogExcerpt(lines), fullLogUrl })
 */
export function logExcerptMessage(input: LogExcerptMessageInput): SlackMessage {
  const { ref, excerpt, tryNumber } = input;
  const mapped = ref.mapIndex === UNMAPPED ? '' : ` [${ref.mapIndex}]`;
  const blocks: KnownBlock[] = [
    logHeader(ref.taskId, `${mapped} · try ${tryNumber}${input.latestTry !== undefined && input.latestTry > 1 ? ` of ${Math.max(input.latestTry, tryNumber)}` : ''}`),
    contextBlock(
      `${inlineCode(ref.dagId, 600)} / ${inlineCode(ref.runId, 600)} / ${inlineCode(ref.taskId, 600)}${mapped}` +
        ` · ${escapeMrkdwn(input.deployment.displayName, 200)}`,
    ),
  ];
  if (!excerpt.errorFound && excerpt.sections.length > 0) {
    blocks.push(contextBlock(excerpt.cut ? 'No error line found in the part that was read.' : 'No error line found; these are the last lines.'));
  }
  if (excerpt.cut) blocks.push(contextBlock(cutNote(excerpt.cut)));

  const budget = MESSAGE_BLOCKS_MAX - RESERVED_BLOCKS;
  const sectionBlocks = [...causeBlocks(excerpt.cause), ...excerpt.sections.flatMap(excerptSectionBlocks)];
  const shortened = sectionBlocks.length > budget;
  blocks.push(...sectionBlocks.slice(0, budget));
  if (sectionBlocks.length === 0) blocks.push(sectionBlock('The log of this try is empty.'));

  // The cause's lines are usually in a section too: each line counts once.
  const shownNumbers = new Set(excerpt.cause.map((line) => line.n));
  for (const section of excerpt.sections) section.lines.forEach((_, i) => shownNumbers.add(section.firstLineNumber + i));
  const shownLines = shownNumbers.size;
  const notes = [`${shownLines} of ${excerpt.totalLines} log lines${excerpt.cut ? ' read' : ''} in this excerpt.`];
  if (shortened) notes.push('The excerpt was cut to fit in Slack.');
  if (shortened || excerpt.truncated) notes.push('The full log is in Airflow.');
  blocks.push(contextBlock(notes.join(' ')));
  const buttons = [...logButtons(input), linkButton('Full log in Airflow', input.fullLogUrl)].filter((b) => b !== undefined);
  if (buttons.length > 0) blocks.push(actionsBlock(buttons));

  return {
    text: `Log of ${escapeMrkdwn(ref.taskId, 300)} (try ${tryNumber}) in ${escapeMrkdwn(input.deployment.displayName, 200)}`,
    blocks,
  };
}

/** The try always shows: when the header is too long, the task id gives way. */
function logHeader(taskId: string, suffix: string): KnownBlock {
  const prefix = 'Log of ';
  return headerBlock(`${prefix}${truncate(taskId, HEADER_TEXT_MAX - prefix.length - suffix.length)}${suffix}`);
}

/** Why the task failed (see `selectCause`): the lines in one code block, gaps marked. */
function causeBlocks(cause: LogExcerpt['cause']): KnownBlock[] {
  if (cause.length === 0) return [];
  const shown = causeLines(cause);
  const title = `*${CAUSE_TITLE}* · ${shown.range}`;
  return codeBlocks(shown.lines, SECTION_TEXT_MAX - title.length - 1).map((code, i) => sectionBlock(i === 0 ? `${title}\n${code}` : code));
}

/** The title and line range, then the lines as code blocks; the title rides in the first block. */
function excerptSectionBlocks(section: LogExcerptSection): KnownBlock[] {
  const last = section.firstLineNumber + Math.max(0, section.lines.length - 1);
  const range = section.lines.length <= 1 ? `line ${section.firstLineNumber}` : `lines ${section.firstLineNumber}–${last}`;
  const title = `*${escapeMrkdwn(section.title, TITLE_MAX)}* · ${range}`;
  const codes = codeBlocks(section.lines, SECTION_TEXT_MAX - title.length - 1);
  if (codes.length === 0) return [sectionBlock(title)];
  return codes.map((code, i) => sectionBlock(i === 0 ? `${title}\n${code}` : code));
}

/** Where reading stopped, so nobody takes the last lines read for the end of the log. */
function cutNote(cut: LogCut): string {
  const why = {
    size: `the log is larger than the ${formatBytes(cut.afterBytes)} the bot reads`,
    pages: 'the server kept offering more pages',
    time: 'Airflow stopped sending it',
  }[cut.reason];
  return `:warning: The log was cut after line ${cut.afterLines} (${formatBytes(cut.afterBytes)} read): ${why}. The last lines shown are the last ones read, not the end of the log.`;
}

/** Full log (as a file) for this try, then the other tries, newest first. */
function logButtons(input: LogExcerptMessageInput): Button[] {
  if (input.deploymentName === undefined) return [];
  const { ref, tryNumber } = input;
  const address = { deployment: input.deploymentName, dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId, mapIndex: ref.mapIndex };
  try {
    const buttons = [button({ actionId: ACTION_IDS.fullLog, text: 'Full log', value: encodeAddress({ ...address, tryNumber }) })];
    const latest = Math.max(input.latestTry ?? tryNumber, tryNumber);
    for (let other = latest; other >= 1 && buttons.length <= MAX_TRY_BUTTONS; other -= 1) {
      if (other === tryNumber) continue;
      buttons.push(button({ actionId: logTryActionId(other), text: `Try ${other}`, value: encodeAddress({ ...address, tryNumber: other }) }));
    }
    return buttons;
  } catch {
    // An address too long for a button: the message still stands, without them.
    return [];
  }
}
