import type { ClickedButton } from './block-actions-body';
import { isRecord, textOf } from './is-record';

/**
 * Every button in a message, in reading order: those in `actions` blocks and those beside a
 * section's text (its `accessory`), then the entries of overflow menus. A block without a
 * `block_id` gets `b<index>`, standing in for the id Slack would assign.
 */
export function listButtons(blocks: readonly unknown[]): ClickedButton[] {
  const buttons: ClickedButton[] = [];
  const overflowEntries: ClickedButton[] = [];
  blocks.forEach((block, index) => {
    if (!isRecord(block)) return;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
    const elements = block.type === 'actions' && Array.isArray(block.elements) ? block.elements : [block.accessory];
    for (const element of elements) {
      const button = asButton(element, blockId);
      if (button) buttons.push(button);
      overflowEntries.push(...asOverflowEntries(element, blockId));
    }
  });
  return [...buttons, ...overflowEntries];
}

/**
 * The button to click: by its label (case and extra spaces ignored) or by its 1-based position
 * among all buttons (a number, or a string of digits such as `'2'`).
 *
 * @example
 * findButton(card.blocks, 'mark SUCCESS') // the "Mark success" button
 * findButton(card.blocks, 2)              // the second button
 */
export function findButton(blocks: readonly unknown[], labelOrIndex: string | number): ClickedButton | undefined {
  const buttons = listButtons(blocks);
  const index = typeof labelOrIndex === 'number' ? labelOrIndex : /^\s*\d+\s*$/.test(labelOrIndex) ? Number(labelOrIndex) : undefined;
  if (index !== undefined) return Number.isInteger(index) && index >= 1 ? buttons[index - 1] : undefined;
  const wanted = normalize(String(labelOrIndex));
  return buttons.find((button) => normalize(button.text) === wanted);
}

function normalize(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

function asButton(element: unknown, blockId: string): ClickedButton | undefined {
  if (!isRecord(element) || element.type !== 'button') return undefined;
  const button: ClickedButton = {
    actionId: typeof element.action_id === 'string' ? element.action_id : '',
    blockId,
    text: textOf(element.text),
  };
  if (typeof element.value === 'string') button.value = element.value;
  if (typeof element.style === 'string') button.style = element.style;
  if (typeof element.url === 'string') button.url = element.url;
  return button;
}

function asOverflowEntries(element: unknown, blockId: string): ClickedButton[] {
  if (!isRecord(element) || element.type !== 'overflow' || !Array.isArray(element.options)) return [];
  const actionId = typeof element.action_id === 'string' ? element.action_id : '';
  return element.options.filter(isRecord).map((option) => ({
    actionId,
    blockId,
    text: textOf(option.text),
    ...(typeof option.value === 'string' ? { value: option.value } : {}),
    overflowOption: true as const,
  }));
}
