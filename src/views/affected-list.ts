import type { KnownBlock } from '@slack/types';
import { UNMAPPED, type AffectedTaskInstance } from '../airflow/model';
import { contextBlock, sectionBlock } from './blocks';
import { SECTION_TEXT_MAX } from './limits';
import { inlineCode } from './mrkdwn-code';
import { packLines } from './pack-lines';

/** How many task instances a preview or a result lists; the rest are counted. */
export const AFFECTED_SHOWN_MAX = 20;

/** An id's share of one line: 20 lines of the longest ids still fit in a few sections. */
const LINE_ID_MAX = 600;

/**
 * The task instances an action touches, one line each (`` `load` [3] · failed → success ``), at most
 * {@link AFFECTED_SHOWN_MAX} of them, then "…and N more". `describeState` gives the end of each line.
 */
export function affectedListBlocks(
  affected: readonly AffectedTaskInstance[],
  describeState: (ti: AffectedTaskInstance) => string,
): KnownBlock[] {
  const shown = affected.slice(0, AFFECTED_SHOWN_MAX);
  const lines = shown.map((ti) => {
    const mapped = ti.mapIndex === UNMAPPED ? '' : ` [${ti.mapIndex}]`;
    return `• ${inlineCode(ti.taskId, LINE_ID_MAX)}${mapped} · ${describeState(ti)}`;
  });
  const blocks: KnownBlock[] = packLines(lines, SECTION_TEXT_MAX).map(sectionBlock);
  const hidden = affected.length - shown.length;
  if (hidden > 0) blocks.push(contextBlock(`…and ${hidden} more`));
  return blocks;
}
