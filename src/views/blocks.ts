import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { BUTTON_TEXT_MAX, HEADER_TEXT_MAX, SECTION_TEXT_MAX } from './limits';
import { truncate } from './truncate';

/**
 * Small typed builders for the blocks the views use. Texts passed in as mrkdwn must already be
 * escaped; these only enforce the length limits that would otherwise make Slack reject a message.
 */

export function plainText(text: string): PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** A header; plain text, so nothing to escape. Cut to Slack's 150 characters. */
export function headerBlock(text: string): HeaderBlock {
  return { type: 'header', text: plainText(truncate(text, HEADER_TEXT_MAX)) };
}

/** A section of escaped mrkdwn. The caller keeps it within 3000 characters; this cuts as a last resort. */
export function sectionBlock(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(truncate(text, SECTION_TEXT_MAX)) };
}

/** A context line of escaped mrkdwn elements (at most 10). */
export function contextBlock(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.map(mrkdwn) };
}

export function actionsBlock(elements: ActionsBlockElement[], blockId?: string): ActionsBlock {
  return blockId === undefined ? { type: 'actions', elements } : { type: 'actions', block_id: blockId, elements };
}

export interface ButtonOptions {
  actionId: string;
  text: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

/** A button; its label is cut to Slack's 75 characters. */
export function button(options: ButtonOptions): Button {
  const element: Button = {
    type: 'button',
    action_id: options.actionId,
    text: plainText(truncate(options.text, BUTTON_TEXT_MAX)),
  };
  if (options.value !== undefined) element.value = options.value;
  if (options.url !== undefined) element.url = options.url;
  if (options.style !== undefined) element.style = options.style;
  return element;
}
