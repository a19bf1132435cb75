import type { KnownBlock } from '@slack/types';
import { UNMAPPED, type TaskInstanceRef } from '../airflow/model';
import type { LogExcerpt, LogExcerptSection } from '../logs/excerpt-types';
import { actionsBlock, contextBlock, headerBlock, sectionBlock } from './blocks';
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
}

/** Header, where-line, a note on missing errors, a note on shortening, the link, and the footer. */
const RESERVED_BLOCKS = 6;
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
    logHeader(ref.taskId, `${mapped} · try ${tryNumber}`),
    contextBlock(
      `${inlineCode(ref.dagId, 600)} / ${inlineCode(ref.runId, 600)} / ${inlineCode(ref.taskId, 600)}${mapped}` +
        ` · ${escapeMrkdwn(input.deployment.displayName, 200)}`,
    ),
  ];
  if (!excerpt.errorFound && excerpt.sections.length > 0) {
    blocks.push(contextBlock('No error line found; these are the last lines.'));
  }

  const budget = MESSAGE_BLOCKS_MAX - RESERVED_BLOCKS;
  const sectionBlocks = excerpt.sections.flatMap(excerptSectionBlocks);
  const shortened = sectionBlocks.length > budget;
  blocks.push(...sectionBlocks.slice(0, budget));
  if (sectionBlocks.length === 0) blocks.push(sectionBlock('The log of this try is empty.'));

  const shownLines = excerpt.sections.reduce((sum, section) => sum + section.lines.length, 0);
  const notes = [`${shownLines} of ${excerpt.totalLines} log lines in this excerpt.`];
  if (shortened) notes.push('The excerpt was cut to fit in Slack.');
  if (shortened || excerpt.truncated) notes.push('The full log is in Airflow.');
  blocks.push(contextBlock(notes.join(' ')));
  const fullLog = linkButton('Full log in Airflow', input.fullLogUrl);
  if (fullLog !== undefined) blocks.push(actionsBlock([fullLog]));

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

/** The title and line range, then the lines as code blocks; the title rides in the first block. */
function excerptSectionBlocks(section: LogExcerptSection): KnownBlock[] {
  const last = section.firstLineNumber + Math.max(0, section.lines.length - 1);
  const range = section.lines.length <= 1 ? `line ${section.firstLineNumber}` : `lines ${section.firstLineNumber}–${last}`;
  const title = `*${escapeMrkdwn(section.title, TITLE_MAX)}* · ${range}`;
  const codes = codeBlocks(section.lines, SECTION_TEXT_MAX - title.length - 1);
  if (codes.length === 0) return [sectionBlock(title)];
  return codes.map((code, i) => sectionBlock(i === 0 ? `${title}\n${code}` : code));
}
