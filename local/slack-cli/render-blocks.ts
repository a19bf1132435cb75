import { isRecord, textOf } from './is-record';

const RULE = '-'.repeat(40);

/**
 * Block Kit as terminal text: a header as `== Title ==`, sections and their fields as lines,
 * context lines joined with ` · `, dividers as a rule, buttons as `[ Mark success ]` (a link
 * button followed by its `<url>`), inputs as `Label: [ … ]`. Slack markup is made readable:
 * `<url|label>` becomes `label <url>`, `<@U1>` becomes `@U1`, `&lt;` becomes `<`.
 *
 * @example
 * renderBlocksAsText([{ type: 'header', text: { type: 'plain_text', text: 'transform' } }]) // '== transform =='
 */
export function renderBlocksAsText(blocks: readonly unknown[]): string {
  return blocks
    .map(renderBlock)
    .filter((text) => text !== '')
    .join('\n');
}

/** A message: its blocks, or its `text` when it has none. */
export function renderMessageAsText(message: { text?: unknown; blocks?: unknown }): string {
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  if (blocks.length > 0) return renderBlocksAsText(blocks);
  return typeof message.text === 'string' ? readableMrkdwn(message.text) : '';
}

/** A modal: its title, its blocks, then its submit and close buttons. */
export function renderViewAsText(view: unknown): string {
  if (!isRecord(view)) return '';
  const lines = [`┌ ${textOf(view.title) || 'Modal'}`];
  const body = renderBlocksAsText(Array.isArray(view.blocks) ? view.blocks : []);
  if (body !== '') lines.push(...body.split('\n').map((line) => `│ ${line}`));
  const buttons = [textOf(view.submit), textOf(view.close)].filter((label) => label !== '').map((label) => `[ ${label} ]`);
  lines.push(`└ ${buttons.join('  ')}`.trimEnd());
  return lines.join('\n');
}

/** Slack's mrkdwn links, mentions and escapes as plain readable text. */
export function readableMrkdwn(text: string): string {
  return text
    .replace(/<([^<>|]+)(?:\|([^<>]*))?>/g, (_match, target: string, label: string | undefined) => linkText(target, label ?? ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function linkText(target: string, label: string): string {
  if (target.startsWith('@')) return `@${label || target.slice(1)}`;
  if (target.startsWith('#')) return `#${label || target.slice(1)}`;
  if (target.startsWith('!subteam^')) return label || `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('!date^')) return label;
  if (target.startsWith('!')) return `@${target.slice(1)}`;
  return label === '' ? target : `${label} <${target}>`;
}

function renderText(value: unknown): string {
  if (!isRecord(value)) return '';
  const text = typeof value.text === 'string' ? value.text : '';
  return value.type === 'mrkdwn' ? readableMrkdwn(text) : text;
}

function renderBlock(block: unknown): string {
  if (!isRecord(block)) return '';
  switch (block.type) {
    case 'header':
      return `== ${renderText(block.text)} ==`;
    case 'section':
      return renderSection(block);
    case 'context':
      return (Array.isArray(block.elements) ? block.elements : []).map(renderContextElement).join(' · ');
    case 'divider':
      return RULE;
    case 'actions':
      return (Array.isArray(block.elements) ? block.elements : []).map(renderElement).join('  ');
    case 'input':
      return `${renderText(block.label)}: ${renderInput(block.element)}`;
    case 'image':
      return `[image: ${typeof block.alt_text === 'string' ? block.alt_text : ''}]`;
    case 'rich_text':
      return renderRichText(block.elements);
    default:
      return `[${String(block.type)} block]`;
  }
}

function renderSection(block: Record<string, unknown>): string {
  const lines: string[] = [];
  const text = renderText(block.text);
  if (text !== '') lines.push(text);
  if (Array.isArray(block.fields)) {
    for (const field of block.fields) lines.push(`  ${renderText(field).replace(/\n/g, ' ')}`);
  }
  if (block.accessory !== undefined) {
    const accessory = renderElement(block.accessory);
    if (accessory !== '') lines.push(`  ${accessory}`);
  }
  return lines.join('\n');
}

function renderContextElement(element: unknown): string {
  if (isRecord(element) && element.type === 'image') return `[image: ${String(element.alt_text ?? '')}]`;
  return renderText(element);
}

function renderElement(element: unknown): string {
  if (!isRecord(element)) return '';
  const label = renderText(element.text);
  switch (element.type) {
    case 'button':
      return typeof element.url === 'string' ? `[ ${label} ] <${element.url}>` : `[ ${label} ]`;
    case 'overflow':
      return '[ … ]';
    case 'image':
      return `[image: ${String(element.alt_text ?? '')}]`;
    default: {
      // A menu shows its preselected option, else its placeholder.
      const initial = isRecord(element.initial_option) ? renderText(element.initial_option.text) : '';
      return `[ ${initial || renderText(element.placeholder) || String(element.type)} ▾ ]`;
    }
  }
}

function renderInput(element: unknown): string {
  if (!isRecord(element)) return '[ ]';
  if (element.type === 'plain_text_input') {
    const initial = typeof element.initial_value === 'string' ? element.initial_value : '';
    return `[ ${initial.replace(/\n/g, ' ') || '…'} ]`;
  }
  return renderElement(element);
}

function renderRichText(elements: unknown): string {
  if (!Array.isArray(elements)) return '';
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (!isRecord(node)) return;
    if (typeof node.text === 'string') parts.push(node.text);
    else if (node.type === 'link' && typeof node.url === 'string') parts.push(node.url);
    if (Array.isArray(node.elements)) node.elements.forEach(walk);
  };
  elements.forEach(walk);
  return parts.join('');
}
