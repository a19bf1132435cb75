import type { ActionsBlockElement, AnyBlock, Confirm, KnownBlock, Option, SectionBlockAccessory, TextObject, View } from '@slack/types';
import type { SlackMessage } from './message';

/**
 * Slack's hard limits on Block Kit, and a checker that finds every place a message or modal breaks
 * them. Slack rejects the whole payload when one limit is broken, so views stay within these by
 * construction and tests prove it with {@link checkSlackLimits}. Lengths are counted in UTF-16
 * code units (`string.length`), which never undercounts Slack's characters.
 */

export const MESSAGE_BLOCKS_MAX = 50;
export const MODAL_BLOCKS_MAX = 100;
export const SECTION_TEXT_MAX = 3000;
export const SECTION_FIELDS_MAX = 10;
export const SECTION_FIELD_TEXT_MAX = 2000;
export const HEADER_TEXT_MAX = 150;
export const CONTEXT_ELEMENTS_MAX = 10;
export const BUTTON_TEXT_MAX = 75;
export const BUTTON_VALUE_MAX = 2000;
export const BUTTON_URL_MAX = 3000;
export const ACTION_ID_MAX = 255;
export const BLOCK_ID_MAX = 255;
export const ACTIONS_ELEMENTS_MAX = 25;
export const OVERFLOW_OPTIONS_MAX = 5;
export const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 150;
/** Options (or option groups) of a static select or multi-select menu. */
export const SELECT_OPTIONS_MAX = 100;
/** Options of a checkboxes or radio buttons element. */
export const CHOICE_OPTIONS_MAX = 10;
export const MODAL_TITLE_MAX = 24;
export const MODAL_BUTTON_TEXT_MAX = 24;
export const MODAL_PRIVATE_METADATA_MAX = 3000;
export const CALLBACK_ID_MAX = 255;
export const INPUT_LABEL_MAX = 2000;
export const PLAIN_TEXT_INPUT_MAX_LENGTH = 3000;
/** Slack's limit on a message's top-level `text`. */
export const MESSAGE_TEXT_MAX = 40000;
/** The bot's own, tighter limit on that fallback text: it is a notification, not a document. */
export const FALLBACK_TEXT_MAX = 3000;
export const CONFIRM_TITLE_MAX = 100;
export const CONFIRM_TEXT_MAX = 300;
export const CONFIRM_BUTTON_TEXT_MAX = 30;
/** Any text object not covered by a tighter limit. */
export const TEXT_OBJECT_MAX = 3000;

/**
 * Walks a message (`{ text, blocks }`) or a view and returns one line per broken limit, naming
 * where it is: `blocks[2] (actions) elements[0] (button): text is 80 characters; the limit is 75`.
 * An empty array means Slack will accept the payload as far as its documented limits go.
 *
 * @example
 * expect(checkSlackLimits(taskInstanceCard(input))).toEqual([]);
 */
export function checkSlackLimits(surface: SlackMessage | View): string[] {
  const violations: string[] = [];
  const report = (where: string, problem: string): void => {
    violations.push(`${where}: ${problem}`);
  };
  if ('type' in surface) checkView(surface, report);
  else checkMessage(surface, report);
  checkBlocks(surface.blocks, report);
  return violations;
}

/**
 * The block-level part of {@link checkSlackLimits}: every broken limit inside `blocks`, without
 * the message's or view's own rules (its text, its block count, a modal's title). For a checker of
 * payloads that arrive as JSON, such as the local Slack stand-in.
 *
 * @example
 * checkSlackBlocks([{ type: 'section', text: { type: 'mrkdwn', text: '' } }]) // ['blocks[0] (section) text: is empty; …']
 */
export function checkSlackBlocks(blocks: readonly AnyBlock[]): string[] {
  const violations: string[] = [];
  checkBlocks(blocks, (where, problem) => violations.push(`${where}: ${problem}`));
  return violations;
}

type Report = (where: string, problem: string) => void;

function checkMessage(message: SlackMessage, report: Report): void {
  if (message.text.length === 0) report('text', 'is empty; notifications would show nothing');
  if (message.text.length > MESSAGE_TEXT_MAX) report('text', tooLong(message.text.length, MESSAGE_TEXT_MAX));
  else if (message.text.length > FALLBACK_TEXT_MAX) {
    report('text', `${tooLong(message.text.length, FALLBACK_TEXT_MAX)} (the bot's own limit)`);
  }
  if (message.blocks.length > MESSAGE_BLOCKS_MAX) {
    report('blocks', `has ${message.blocks.length} blocks; a message may hold ${MESSAGE_BLOCKS_MAX}`);
  }
}

function checkView(view: View, report: Report): void {
  if (view.blocks.length > MODAL_BLOCKS_MAX) {
    report('blocks', `has ${view.blocks.length} blocks; a view may hold ${MODAL_BLOCKS_MAX}`);
  }
  checkLength('private_metadata', view.private_metadata, MODAL_PRIVATE_METADATA_MAX, report);
  checkLength('callback_id', view.callback_id, CALLBACK_ID_MAX, report);
  if (view.type !== 'modal') return;
  checkText('title', view.title, MODAL_TITLE_MAX, report);
  if (view.submit !== undefined) checkText('submit', view.submit, MODAL_BUTTON_TEXT_MAX, report);
  if (view.close !== undefined) checkText('close', view.close, MODAL_BUTTON_TEXT_MAX, report);
  if (view.submit === undefined && view.blocks.some((block) => block.type === 'input')) {
    report('submit', 'is missing; a modal with an input block needs one');
  }
}

function checkBlocks(blocks: readonly AnyBlock[], report: Report): void {
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const where = `blocks[${index}] (${block.type})`;
    if (block.block_id !== undefined) {
      checkLength(`${where} block_id`, block.block_id, BLOCK_ID_MAX, report);
      if (blockIds.has(block.block_id)) report(`${where} block_id`, `"${block.block_id}" is used by an earlier block`);
      blockIds.add(block.block_id);
    }
    if (isKnownBlock(block)) checkBlock(block, where, report);
  });
}

const CHECKED_BLOCK_TYPES: ReadonlySet<string> = new Set(['section', 'header', 'context', 'actions', 'input', 'divider']);

/** Blocks of the kinds the views use; any other kind is checked for its `block_id` only. */
function isKnownBlock(block: AnyBlock): block is KnownBlock {
  return CHECKED_BLOCK_TYPES.has(block.type);
}

function checkBlock(block: KnownBlock, where: string, report: Report): void {
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && (block.fields === undefined || block.fields.length === 0)) {
        report(where, 'has neither text nor fields');
      }
      if (block.text !== undefined) checkText(`${where} text`, block.text, SECTION_TEXT_MAX, report);
      if (block.fields !== undefined) {
        if (block.fields.length > SECTION_FIELDS_MAX) {
          report(`${where} fields`, `has ${block.fields.length} items; the limit is ${SECTION_FIELDS_MAX}`);
        }
        block.fields.forEach((field, i) => checkText(`${where} fields[${i}]`, field, SECTION_FIELD_TEXT_MAX, report));
      }
      if (block.accessory !== undefined) checkElement(block.accessory, `${where} accessory`, report);
      return;
    }
    case 'header':
      checkText(`${where} text`, block.text, HEADER_TEXT_MAX, report);
      if (block.text.type !== 'plain_text') report(`${where} text`, 'must be plain_text');
      return;
    case 'context':
      if (block.elements.length === 0) report(`${where} elements`, 'is empty');
      if (block.elements.length > CONTEXT_ELEMENTS_MAX) {
        report(`${where} elements`, `has ${block.elements.length} items; the limit is ${CONTEXT_ELEMENTS_MAX}`);
      }
      block.elements.forEach((element, i) => {
        if (element.type === 'plain_text' || element.type === 'mrkdwn') {
          checkText(`${where} elements[${i}]`, element, TEXT_OBJECT_MAX, report);
        }
      });
      return;
    case 'actions': {
      if (block.elements.length === 0) report(`${where} elements`, 'is empty');
      if (block.elements.length > ACTIONS_ELEMENTS_MAX) {
        report(`${where} elements`, `has ${block.elements.length} items; the limit is ${ACTIONS_ELEMENTS_MAX}`);
      }
      const actionIds = new Set<string>();
      block.elements.forEach((element, i) => {
        const elementWhere = `${where} elements[${i}] (${element.type})`;
        checkElement(element, elementWhere, report);
        const actionId = 'action_id' in element ? element.action_id : undefined;
        if (actionId === undefined) return;
        if (actionIds.has(actionId)) report(`${elementWhere} action_id`, `"${actionId}" is used twice in one block`);
        actionIds.add(actionId);
      });
      return;
    }
    case 'input': {
      checkText(`${where} label`, block.label, INPUT_LABEL_MAX, report);
      if (block.hint !== undefined) checkText(`${where} hint`, block.hint, INPUT_LABEL_MAX, report);
      const element = block.element;
      checkLength(`${where} element action_id`, element.action_id, ACTION_ID_MAX, report);
      checkOptions(element, `${where} element`, report);
      if (element.type === 'plain_text_input') {
        const maxLength = element.max_length ?? PLAIN_TEXT_INPUT_MAX_LENGTH;
        if (maxLength > PLAIN_TEXT_INPUT_MAX_LENGTH) {
          report(`${where} element max_length`, `is ${maxLength}; the limit is ${PLAIN_TEXT_INPUT_MAX_LENGTH}`);
        }
        if (element.min_length !== undefined && element.min_length > maxLength) {
          report(`${where} element min_length`, `is ${element.min_length}, above max_length ${maxLength}`);
        }
        checkLength(`${where} element initial_value`, element.initial_value, maxLength, report);
      }
      return;
    }
    default:
      return;
  }
}

function checkElement(element: ActionsBlockElement | SectionBlockAccessory, where: string, report: Report): void {
  if ('action_id' in element) checkLength(`${where} action_id`, element.action_id, ACTION_ID_MAX, report);
  if ('confirm' in element && element.confirm !== undefined) checkConfirm(element.confirm, `${where} confirm`, report);
  checkOptions(element, where, report);
  if (element.type === 'button') {
    checkText(`${where} text`, element.text, BUTTON_TEXT_MAX, report);
    checkLength(`${where} value`, element.value, BUTTON_VALUE_MAX, report);
    checkLength(`${where} url`, element.url, BUTTON_URL_MAX, report);
    checkLength(`${where} accessibility_label`, element.accessibility_label, BUTTON_TEXT_MAX, report);
  } else if (element.type === 'overflow') {
    if (element.options.length > OVERFLOW_OPTIONS_MAX) {
      report(`${where} options`, `has ${element.options.length} items; the limit is ${OVERFLOW_OPTIONS_MAX}`);
    }
    element.options.forEach((option, i) => {
      checkText(`${where} options[${i}] text`, option.text, OPTION_TEXT_MAX, report);
      checkLength(`${where} options[${i}] value`, option.value, OPTION_VALUE_MAX, report);
      checkLength(`${where} options[${i}] url`, option.url, BUTTON_URL_MAX, report);
    });
  }
}

/** The option lists of selects, checkboxes and radio buttons (an overflow menu's are checked with it). */
function checkOptions(element: { type: string; options?: readonly Option[]; option_groups?: readonly { options: readonly Option[] }[] }, where: string, report: Report): void {
  const max =
    element.type === 'static_select' || element.type === 'multi_static_select'
      ? SELECT_OPTIONS_MAX
      : element.type === 'checkboxes' || element.type === 'radio_buttons'
        ? CHOICE_OPTIONS_MAX
        : undefined;
  if (max === undefined) return;
  const groups = element.option_groups;
  if (groups !== undefined && groups.length > max) report(`${where} option_groups`, `has ${groups.length} items; the limit is ${max}`);
  const options = element.options ?? [];
  if (options.length > max) report(`${where} options`, `has ${options.length} items; the limit is ${max}`);
  options.forEach((option, i) => {
    checkText(`${where} options[${i}] text`, option.text, OPTION_TEXT_MAX, report);
    checkLength(`${where} options[${i}] value`, option.value, OPTION_VALUE_MAX, report);
  });
}

function checkConfirm(confirm: Confirm, where: string, report: Report): void {
  if (confirm.title !== undefined) checkText(`${where} title`, confirm.title, CONFIRM_TITLE_MAX, report);
  checkText(`${where} text`, confirm.text, CONFIRM_TEXT_MAX, report);
  if (confirm.confirm !== undefined) checkText(`${where} confirm`, confirm.confirm, CONFIRM_BUTTON_TEXT_MAX, report);
  if (confirm.deny !== undefined) checkText(`${where} deny`, confirm.deny, CONFIRM_BUTTON_TEXT_MAX, report);
}

/** A text object must say something and stay within its limit. */
function checkText(where: string, text: TextObject, max: number, report: Report): void {
  if (text.text.length === 0) report(where, 'is empty; Slack requires at least one character');
  checkLength(where, text.text, max, report);
}

function checkLength(where: string, value: string | undefined, max: number, report: Report): void {
  if (value !== undefined && value.length > max) report(where, tooLong(value.length, max));
}

function tooLong(length: number, max: number): string {
  return `is ${length} characters; the limit is ${max}`;
}
