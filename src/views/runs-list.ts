import type { KnownBlock } from '@slack/types';
import type { DagRun } from '../airflow/model';
import { contextBlock, headerBlock, sectionBlock } from './blocks';
import { formatElapsed, formatTimestamp } from './format-time';
import { MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX } from './limits';
import type { DeploymentDisplay, SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLinesCounted } from './pack-lines';
import { stateEmoji, stateLabel } from './state-emoji';

export interface RunsListInput {
  deployment: DeploymentDisplay;
  dagId: string;
  /** Newest first, as Airflow lists them. */
  runs: readonly DagRun[];
  /** For the duration of runs still going. */
  now: Date | number;
}

/** Header and context line, plus one for "…and M more". */
const RUN_SECTIONS_MAX = MESSAGE_BLOCKS_MAX - 3;
const RUN_ID_MAX = 800;

/**
 * Recent runs of a DAG, one entry each: state emoji, run id, logical date, start and duration
 * (so far, for runs still going). Entries are packed into as few sections as fit.
 *
 * @example
 * runsList({ deployment, dagId: 'etl', runs, now: clock() })
 */
export function runsList(input: RunsListInput): SlackMessage {
  const now = typeof input.now === 'number' ? input.now : input.now.getTime();
  const entries = input.runs.map((run) => runEntry(run, now));
  const packed = packLinesCounted(entries, SECTION_TEXT_MAX);
  const sections = packed.slice(0, RUN_SECTIONS_MAX);
  const blocks: KnownBlock[] = [
    headerBlock(`Runs of ${input.dagId}`),
    contextBlock(`${inlineCode(input.dagId, 600)} in ${escapeMrkdwn(input.deployment.displayName, 200)} · newest first`),
  ];
  if (entries.length === 0) blocks.push(sectionBlock('No runs found.'));
  blocks.push(...sections.map((packedText) => sectionBlock(packedText.text)));
  const shownEntries = sections.reduce((sum, packedText) => sum + packedText.lineCount, 0);
  if (shownEntries < entries.length) blocks.push(contextBlock(`…and ${entries.length - shownEntries} more`));
  const count = `${input.runs.length} run${input.runs.length === 1 ? '' : 's'}`;
  return {
    text: `${count} of ${escapeMrkdwn(input.dagId, 300)} in ${escapeMrkdwn(input.deployment.displayName, 200)}`,
    blocks,
  };
}

/** Two lines and a blank one, so entries packed into one section stay apart. */
function runEntry(run: DagRun, now: number): string {
  const type = run.runType === null ? '' : ` · ${escapeMrkdwn(run.runType, 40)}`;
  return (
    `${stateEmoji(run.state)} ${inlineCode(run.runId, RUN_ID_MAX)} · *${stateLabel(run.state)}*${type}\n` +
    `Logical date ${formatTimestamp(run.logicalDate)} · started ${formatTimestamp(run.startDate)} · ` +
    `${formatElapsed({ startDate: run.startDate, endDate: run.endDate }, now)}\n`
  );
}
