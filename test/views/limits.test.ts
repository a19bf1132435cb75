import type { ActionsBlock, Button, KnownBlock, ModalView } from '@slack/types';
import { checkSlackLimits } from '../../src/views/limits';
import type { SlackMessage } from '../../src/views/message';

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const md = (text: string) => ({ type: 'mrkdwn' as const, text });
const okButton = (overrides: Partial<Button> = {}): Button => ({
  type: 'button',
  action_id: 'a',
  text: plain('Go'),
  value: 'v',
  ...overrides,
});
const message = (blocks: KnownBlock[], text = 'fallback'): SlackMessage => ({ text, blocks });
const actions = (elements: ActionsBlock['elements']): ActionsBlock => ({ type: 'actions', elements });

const modal = (overrides: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  title: plain('Add note'),
  submit: plain('Save'),
  blocks: [],
  ...overrides,
});

describe('checkSlackLimits', () => {
  it('finds nothing wrong in a message within every limit', () => {
    const blocks: KnownBlock[] = [
      { type: 'header', text: plain('h'.repeat(150)) },
      { type: 'section', text: md('s'.repeat(3000)), fields: Array.from({ length: 10 }, () => md('f'.repeat(2000))) },
      { type: 'context', elements: Array.from({ length: 10 }, () => md('c')) },
      actions(Array.from({ length: 25 }, (_, i) => okButton({ action_id: `a${i}`, value: 'v'.repeat(2000) }))),
      { type: 'divider' },
    ];
    expect(checkSlackLimits(message(blocks, 't'.repeat(3000)))).toEqual([]);
  });

  it('reports too many blocks in a message', () => {
    const blocks: KnownBlock[] = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(checkSlackLimits(message(blocks))).toEqual(['blocks: has 51 blocks; a message may hold 50']);
  });

  it('reports an empty or over-long fallback text', () => {
    expect(checkSlackLimits(message([], ''))).toEqual(['text: is empty; notifications would show nothing']);
    expect(checkSlackLimits(message([], 't'.repeat(3001)))).toEqual([
      "text: is 3001 characters; the limit is 3000 (the bot's own limit)",
    ]);
    expect(checkSlackLimits(message([], 't'.repeat(40001)))).toEqual(['text: is 40001 characters; the limit is 40000']);
  });

  it('reports section text, field count and field length', () => {
    const blocks: KnownBlock[] = [
      { type: 'section', text: md('s'.repeat(3001)), fields: [...Array.from({ length: 10 }, () => md('f')), md('f'.repeat(2001))] },
      { type: 'section' },
      { type: 'section', text: md('') },
    ];
    expect(checkSlackLimits(message(blocks))).toEqual([
      'blocks[0] (section) text: is 3001 characters; the limit is 3000',
      'blocks[0] (section) fields: has 11 items; the limit is 10',
      'blocks[0] (section) fields[10]: is 2001 characters; the limit is 2000',
      'blocks[1] (section): has neither text nor fields',
      'blocks[2] (section) text: is empty; Slack requires at least one character',
    ]);
  });

  it('reports a long header and a header that is not plain text', () => {
    const blocks: KnownBlock[] = [{ type: 'header', text: plain('h'.repeat(151)) }];
    expect(checkSlackLimits(message(blocks))).toEqual(['blocks[0] (header) text: is 151 characters; the limit is 150']);
  });

  it('reports context elements beyond ten and an empty context', () => {
    const blocks: KnownBlock[] = [
      { type: 'context', elements: Array.from({ length: 11 }, () => md('c')) },
      { type: 'context', elements: [] },
    ];
    expect(checkSlackLimits(message(blocks))).toEqual([
      'blocks[0] (context) elements: has 11 items; the limit is 10',
      'blocks[1] (context) elements: is empty',
    ]);
  });

  it('reports every button limit', () => {
    const blocks: KnownBlock[] = [
      actions([
        okButton({
          action_id: 'x'.repeat(256),
          text: plain('b'.repeat(76)),
          value: 'v'.repeat(2001),
          url: `https://example.com/${'u'.repeat(3000)}`,
          confirm: { title: plain('t'.repeat(101)), text: plain('c'.repeat(301)), confirm: plain('y'.repeat(31)), deny: plain('n'.repeat(31)) },
        }),
      ]),
    ];
    const where = 'blocks[0] (actions) elements[0] (button)';
    expect(checkSlackLimits(message(blocks))).toEqual([
      `${where} action_id: is 256 characters; the limit is 255`,
      `${where} confirm title: is 101 characters; the limit is 100`,
      `${where} confirm text: is 301 characters; the limit is 300`,
      `${where} confirm confirm: is 31 characters; the limit is 30`,
      `${where} confirm deny: is 31 characters; the limit is 30`,
      `${where} text: is 76 characters; the limit is 75`,
      `${where} value: is 2001 characters; the limit is 2000`,
      `${where} url: is 3020 characters; the limit is 3000`,
    ]);
  });

  it('reports more than 25 elements in an actions block and a repeated action_id', () => {
    const blocks: KnownBlock[] = [
      actions(Array.from({ length: 26 }, (_, i) => okButton({ action_id: `a${i}` }))),
      actions([okButton({ action_id: 'same' }), okButton({ action_id: 'same' })]),
    ];
    expect(checkSlackLimits(message(blocks))).toEqual([
      'blocks[0] (actions) elements: has 26 items; the limit is 25',
      'blocks[1] (actions) elements[1] (button) action_id: "same" is used twice in one block',
    ]);
  });

  it('reports a long block_id and a block_id used twice', () => {
    const blocks: KnownBlock[] = [
      { type: 'divider', block_id: 'b'.repeat(256) },
      { type: 'divider', block_id: 'dup' },
      { type: 'divider', block_id: 'dup' },
    ];
    expect(checkSlackLimits(message(blocks))).toEqual([
      'blocks[0] (divider) block_id: is 256 characters; the limit is 255',
      'blocks[2] (divider) block_id: "dup" is used by an earlier block',
    ]);
  });

  it('reports overflow menus with too many options or long option values', () => {
    const option = (value: string) => ({ text: plain('o'), value });
    const blocks: KnownBlock[] = [
      {
        type: 'section',
        text: md('s'),
        accessory: { type: 'overflow', action_id: 'o', options: [...Array.from({ length: 5 }, () => option('v')), option('v'.repeat(151))] },
      },
    ];
    expect(checkSlackLimits(message(blocks))).toEqual([
      'blocks[0] (section) accessory options: has 6 items; the limit is 5',
      'blocks[0] (section) accessory options[5] value: is 151 characters; the limit is 150',
    ]);
  });

  it('reports selects with more than 100 options, checkboxes with more than 10, and long option texts', () => {
    const option = (text: string) => ({ text: plain(text), value: 'v' });
    const blocks: KnownBlock[] = [
      actions([{ type: 'static_select', action_id: 's', options: [...Array.from({ length: 100 }, () => option('o')), option('o')] }]),
      {
        type: 'input',
        label: plain('Pick'),
        element: { type: 'checkboxes', action_id: 'c', options: [...Array.from({ length: 10 }, () => option('o')), option('o'.repeat(76))] },
      },
      actions([{ type: 'static_select', action_id: 's', options: Array.from({ length: 100 }, () => option('o')) }]),
    ];
    expect(checkSlackLimits(message(blocks))).toEqual([
      'blocks[0] (actions) elements[0] (static_select) options: has 101 items; the limit is 100',
      'blocks[1] (input) element options: has 11 items; the limit is 10',
      'blocks[1] (input) element options[10] text: is 76 characters; the limit is 75',
    ]);
  });

  it('finds nothing wrong in a modal within every limit', () => {
    const view = modal({
      close: plain('c'.repeat(24)),
      private_metadata: 'p'.repeat(3000),
      callback_id: 'c'.repeat(255),
      blocks: [
        {
          type: 'input',
          label: plain('Note'),
          element: { type: 'plain_text_input', action_id: 'n', max_length: 3000, initial_value: 'i'.repeat(3000) },
        },
        ...Array.from({ length: 99 }, (): KnownBlock => ({ type: 'divider' })),
      ],
    });
    expect(checkSlackLimits(view)).toEqual([]);
  });

  it('reports every modal limit', () => {
    const view = modal({
      title: plain('t'.repeat(25)),
      submit: plain('s'.repeat(25)),
      close: plain('c'.repeat(25)),
      private_metadata: 'p'.repeat(3001),
      callback_id: 'c'.repeat(256),
      blocks: [
        {
          type: 'input',
          label: plain('l'.repeat(2001)),
          element: { type: 'plain_text_input', action_id: 'n', max_length: 3001, min_length: 3002, initial_value: 'i'.repeat(3002) },
        },
        ...Array.from({ length: 100 }, (): KnownBlock => ({ type: 'divider' })),
      ],
    });
    expect(checkSlackLimits(view)).toEqual([
      'blocks: has 101 blocks; a view may hold 100',
      'private_metadata: is 3001 characters; the limit is 3000',
      'callback_id: is 256 characters; the limit is 255',
      'title: is 25 characters; the limit is 24',
      'submit: is 25 characters; the limit is 24',
      'close: is 25 characters; the limit is 24',
      'blocks[0] (input) label: is 2001 characters; the limit is 2000',
      'blocks[0] (input) element max_length: is 3001; the limit is 3000',
      'blocks[0] (input) element min_length: is 3002, above max_length 3001',
      'blocks[0] (input) element initial_value: is 3002 characters; the limit is 3001',
    ]);
  });

  it('reports an input value longer than its own max_length and a modal with inputs but no submit', () => {
    const noSubmit: ModalView = {
      type: 'modal',
      title: plain('Add note'),
      blocks: [
        { type: 'input', label: plain('Note'), element: { type: 'plain_text_input', action_id: 'n', max_length: 10, initial_value: 'i'.repeat(11) } },
      ],
    };
    expect(checkSlackLimits(noSubmit)).toEqual([
      'submit: is missing; a modal with an input block needs one',
      'blocks[0] (input) element initial_value: is 11 characters; the limit is 10',
    ]);
  });
});
