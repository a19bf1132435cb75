import type { ModalView } from '@slack/types';
import { contextBlock, headerBlock, plainText, sectionBlock } from './blocks';
import { MESSAGE_BLOCKS_MAX, MODAL_BLOCKS_MAX, SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLines } from './pack-lines';

/** One command form, as the command parser lists them. */
export interface HelpForm {
  /** e.g. `ti <deployment> <dag_id> <run> <task_id>`; the slash command is added when missing. */
  syntax: string;
  example: string;
  summary: string;
}

export interface HelpMessageInput {
  /** e.g. `/airflow`. */
  slashCommand: string;
  forms: readonly HelpForm[];
}

/** Room for the header and the closing context line. */
const FORM_BLOCKS_MAX = MESSAGE_BLOCKS_MAX - 2;

/**
 * The answer to `/airflow help`: every command form with its summary and an example.
 *
 * @example
 * helpMessage({ slashCommand: '/airflow', forms: COMMAND_FORMS })
 */
export function helpMessage(input: HelpMessageInput): SlackMessage {
  const entries = input.forms.map((form) => {
    const syntax = withCommand(input.slashCommand, form.syntax);
    const example = withCommand(input.slashCommand, form.example);
    // Each entry ends with a blank line, so entries packed into one section stay apart.
    return `${inlineCode(syntax, 400)}\n${escapeMrkdwn(form.summary, 400)}\nExample: ${inlineCode(example, 180)}\n`;
  });
  const sections = packLines(entries, SECTION_TEXT_MAX).slice(0, FORM_BLOCKS_MAX);
  return {
    text: `How to use ${input.slashCommand}`,
    blocks: [
      headerBlock(`How to use ${input.slashCommand}`),
      ...sections.map(sectionBlock),
      contextBlock(
        'Replies are visible only to you; add `--share` to post one in the channel. Mark and clear show a preview to confirm first; a note is added at once, signed with your name.',
      ),
    ],
  };
}

function withCommand(slashCommand: string, text: string): string {
  return text.startsWith(slashCommand) ? text : `${slashCommand} ${text}`;
}

/**
 * The same help as a modal (at most 100 blocks), for a click that has no conversation to answer
 * in, such as a button on the App Home.
 *
 * @example
 * client.views.open({ trigger_id, view: helpModal({ slashCommand: '/airflow', forms: COMMAND_FORMS }) })
 */
export function helpModal(input: HelpMessageInput): ModalView {
  return {
    type: 'modal',
    title: plainText('Airflow commands'),
    close: plainText('Close'),
    blocks: helpMessage(input).blocks.slice(0, MODAL_BLOCKS_MAX),
  };
}
