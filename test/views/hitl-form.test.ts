import type { InputBlock, ModalView } from '@slack/types';
import type { HitlParam } from '../../src/airflow/model';
import { BotError } from '../../src/errors';
import { HITL_FORM_CALLBACK_ID } from '../../src/protocol/hitl-values';
import {
  HITL_FORM_INPUT_ACTION_ID,
  HITL_OPTIONS_BLOCK_ID,
  hitlFormModal,
  hitlFormSpec,
  hitlLoadingModal,
  hitlParamBlockId,
  hitlParamSpecs,
  readHitlForm,
  type HitlFormSpec,
  type ViewStateValues,
} from '../../src/views/hitl-form';
import { checkSlackLimits } from '../../src/views/limits';
import { deployment } from './fixtures';
import { makeHitl } from './hitl-fixtures';

const param = (value: unknown, schema: Record<string, unknown>, description: string | null = null): HitlParam => ({ value, schema, description });

const PARAMS: Record<string, HitlParam> = {
  days: param(7, { type: 'integer', minimum: 1, maximum: 30, title: 'Days' }, 'How far back to load.'),
  ratio: param(null, { type: ['number', 'null'] }),
  notify: param(true, { type: 'boolean' }),
  env: param('prod', { type: 'string', enum: ['dev', 'prod'] }),
  day: param('2026-12-01', { type: 'string', format: 'date' }),
  reason: param(null, { type: 'string', minLength: 3, maxLength: 20 }),
  extra: param({ a: 1 }, { type: 'object' }),
};

const opt = (text: string, value: string) => ({ text: { type: 'plain_text', text, emoji: true }, value });

function inputs(view: ModalView): InputBlock[] {
  return view.blocks.filter((block): block is InputBlock => block.type === 'input');
}

function formModal(overrides: Parameters<typeof makeHitl>[0] = {}): ModalView {
  return hitlFormModal({ deployment, request: makeHitl({ params: PARAMS, ...overrides }), privateMetadata: '{"k":1}' }) as ModalView;
}

describe('hitlParamSpecs', () => {
  it('maps each JSON schema to the input it needs, with its bounds and whether it is required', () => {
    expect(hitlParamSpecs(PARAMS)).toEqual([
      { name: 'days', type: 'integer', required: false, title: 'Days', minimum: 1, maximum: 30 },
      { name: 'ratio', type: 'number', required: false },
      { name: 'notify', type: 'boolean', required: false },
      { name: 'env', type: 'enum', required: false, enum: ['dev', 'prod'] },
      { name: 'day', type: 'date', required: false },
      { name: 'reason', type: 'string', required: true, minLength: 3, maxLength: 20 },
      { name: 'extra', type: 'json', required: false },
    ]);
  });

  it('reads a schema without a type from its default, and anything else as JSON', () => {
    const specs = hitlParamSpecs({
      bare: param('hello', {}),
      list: param([1], { type: 'array' }),
      either: param(1, { type: ['string', 'integer'] }),
      nothing: param(null, {}),
      blank: param('', { type: 'string' }),
    });
    expect(specs.map((s) => [s.name, s.type, s.required])).toEqual([
      ['bare', 'string', false],
      ['list', 'json', false],
      ['either', 'json', false],
      ['nothing', 'json', false],
      ['blank', 'string', true],
    ]);
  });
});

describe('hitlLoadingModal', () => {
  it('is a modal with a short title and nothing to submit', () => {
    const view = hitlLoadingModal();
    expect(checkSlackLimits(view)).toEqual([]);
    expect(view.callback_id).toBe(HITL_FORM_CALLBACK_ID);
    expect((view as ModalView).submit).toBeUndefined();
  });
});

describe('hitlFormModal', () => {
  it('shows the subject, the body and one input per param following its type, defaults filled in', () => {
    const view = formModal({ defaults: ['Reject'] });
    expect(checkSlackLimits(view)).toEqual([]);
    expect(view.private_metadata).toBe('{"k":1}');
    expect(view.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Load the orders into the warehouse?', emoji: true } });
    expect(view.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'The *orders* file has `12,345` rows.' } });

    const [options, days, ratio, notify, env, day, reason, extra] = inputs(view);
    expect(options).toEqual({
      type: 'input',
      block_id: HITL_OPTIONS_BLOCK_ID,
      label: { type: 'plain_text', text: 'Choose one', emoji: true },
      element: { type: 'radio_buttons', action_id: HITL_FORM_INPUT_ACTION_ID, options: [opt('Approve', '0'), opt('Reject', '1')], initial_option: opt('Reject', '1') },
    });
    expect(days).toEqual({
      type: 'input',
      block_id: 'hitl_param:0',
      label: { type: 'plain_text', text: 'Days', emoji: true },
      hint: { type: 'plain_text', text: 'How far back to load. From 1 to 30.', emoji: true },
      optional: true,
      element: { type: 'number_input', action_id: HITL_FORM_INPUT_ACTION_ID, is_decimal_allowed: false, min_value: '1', max_value: '30', initial_value: '7' },
    });
    expect(ratio?.element).toEqual({ type: 'number_input', action_id: HITL_FORM_INPUT_ACTION_ID, is_decimal_allowed: true });
    expect(notify?.element).toEqual({ type: 'radio_buttons', action_id: HITL_FORM_INPUT_ACTION_ID, options: [opt('Yes', 'true'), opt('No', 'false')], initial_option: opt('Yes', 'true') });
    expect(env?.element).toEqual({ type: 'static_select', action_id: HITL_FORM_INPUT_ACTION_ID, options: [opt('dev', '0'), opt('prod', '1')], initial_option: opt('prod', '1') });
    expect(day?.element).toEqual({ type: 'datepicker', action_id: HITL_FORM_INPUT_ACTION_ID, initial_date: '2026-12-01' });
    expect(reason).toMatchObject({ optional: false, label: { text: 'reason' }, hint: { text: 'From 3 to 20 characters.' } });
    expect(reason?.element).toEqual({ type: 'plain_text_input', action_id: HITL_FORM_INPUT_ACTION_ID, multiline: false, max_length: 20, min_length: 3 });
    expect(extra?.element).toEqual({ type: 'plain_text_input', action_id: HITL_FORM_INPUT_ACTION_ID, multiline: true, max_length: 3000, initial_value: '{\n  "a": 1\n}' });
  });

  it('offers checkboxes with the defaults ticked when several options may be chosen, a menu beyond 10', () => {
    const few = inputs(formModal({ multiple: true, options: ['a', 'b', 'c'], defaults: ['a', 'c'] }))[0];
    expect(few?.element).toEqual({ type: 'checkboxes', action_id: HITL_FORM_INPUT_ACTION_ID, options: [opt('a', '0'), opt('b', '1'), opt('c', '2')], initial_options: [opt('a', '0'), opt('c', '2')] });
    const many = inputs(formModal({ multiple: true, options: Array.from({ length: 12 }, (_, i) => `o${i}`) }))[0];
    expect(many?.element.type).toBe('multi_static_select');
    const single = inputs(formModal({ options: Array.from({ length: 12 }, (_, i) => `o${i}`) }))[0];
    expect(single?.element.type).toBe('static_select');
  });

  it('stays within a modal’s limits with a huge hostile body', () => {
    const view = formModal({ body: '<!channel> `x` **y** '.repeat(5000), subject: 's'.repeat(400) });
    expect(checkSlackLimits(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('see the full request in Airflow');
  });

  it('refuses private metadata longer than Slack allows', () => {
    expect(() => hitlFormModal({ deployment, request: makeHitl(), privateMetadata: 'x'.repeat(3001) })).toThrow(BotError);
  });
});

describe('readHitlForm', () => {
  const form: HitlFormSpec = hitlFormSpec(makeHitl({ params: PARAMS }));
  const radio = (value: string | null) => ({ type: 'radio_buttons', selected_option: value === null ? null : { value } });

  /** The state Slack sends for the form as it was opened, with `changes` by block id. */
  function state(changes: Record<string, Record<string, unknown>> = {}): ViewStateValues {
    const base: Record<string, Record<string, unknown>> = {
      [HITL_OPTIONS_BLOCK_ID]: radio('0'),
      [hitlParamBlockId(0)]: { type: 'number_input', value: '7' },
      [hitlParamBlockId(1)]: { type: 'number_input', value: null },
      [hitlParamBlockId(2)]: radio('true'),
      [hitlParamBlockId(3)]: { type: 'static_select', selected_option: { value: '1' } },
      [hitlParamBlockId(4)]: { type: 'datepicker', selected_date: '2026-12-01' },
      [hitlParamBlockId(5)]: { type: 'plain_text_input', value: 'late file' },
      [hitlParamBlockId(6)]: { type: 'plain_text_input', value: '{"a": 1}' },
    };
    const merged = { ...base, ...changes };
    return Object.fromEntries(Object.entries(merged).map(([blockId, element]) => [blockId, { [HITL_FORM_INPUT_ACTION_ID]: element }]));
  }

  it('reads the chosen option and every param in its type', () => {
    expect(readHitlForm(form, state())).toEqual({
      ok: true,
      answer: {
        chosenOptions: ['Approve'],
        paramsInput: { days: 7, ratio: null, notify: true, env: 'prod', day: '2026-12-01', reason: 'late file', extra: { a: 1 } },
      },
    });
  });

  it('reads several ticked options when several may be chosen', () => {
    const multiple = { ...form, multiple: true };
    const ticked = { type: 'checkboxes', selected_options: [{ value: '1' }, { value: '0' }] };
    expect(readHitlForm(multiple, state({ [HITL_OPTIONS_BLOCK_ID]: ticked }))).toMatchObject({ ok: true, answer: { chosenOptions: ['Reject', 'Approve'] } });
  });

  it.each([
    ['abc for a whole number', hitlParamBlockId(0), { type: 'number_input', value: 'abc' }, 'Days must be a whole number from 1 to 30.'],
    ['99 over its maximum', hitlParamBlockId(0), { type: 'number_input', value: '99' }, 'Days must be a whole number from 1 to 30.'],
    ['2.5 for a whole number', hitlParamBlockId(0), { type: 'number_input', value: '2.5' }, 'Days must be a whole number from 1 to 30.'],
    ['text for a number', hitlParamBlockId(1), { type: 'number_input', value: '1,5' }, 'ratio must be a number.'],
    ['a missing required param', hitlParamBlockId(5), { type: 'plain_text_input', value: null }, 'reason is required.'],
    ['a string too short', hitlParamBlockId(5), { type: 'plain_text_input', value: 'no' }, 'reason must be from 3 to 20 characters long.'],
    ['an enum value out of range', hitlParamBlockId(3), { type: 'static_select', selected_option: { value: '9' } }, 'env must be one of: dev, prod.'],
    ['an impossible date', hitlParamBlockId(4), { type: 'datepicker', selected_date: '2026-02-30' }, 'day must be a date (YYYY-MM-DD).'],
    ['broken JSON', hitlParamBlockId(6), { type: 'plain_text_input', value: '{a: 1' }, 'extra must be valid JSON.'],
    ['no option', HITL_OPTIONS_BLOCK_ID, radio(null), 'Choose an option.'],
    ['an option index out of range', HITL_OPTIONS_BLOCK_ID, radio('5'), 'That choice is not one of this request’s options. Close the form and open it again.'],
  ])('refuses %s with a clear sentence on its block', (_what, blockId, element, error) => {
    expect(readHitlForm(form, state({ [blockId]: element }))).toEqual({ ok: false, errors: { [blockId]: error } });
  });

  it('refuses two options when only one may be chosen', () => {
    const two = { type: 'checkboxes', selected_options: [{ value: '0' }, { value: '1' }] };
    expect(readHitlForm(form, state({ [HITL_OPTIONS_BLOCK_ID]: two }))).toEqual({ ok: false, errors: { [HITL_OPTIONS_BLOCK_ID]: 'Choose exactly one option.' } });
  });

  it('reports every wrong input at once', () => {
    const read = readHitlForm(form, state({ [HITL_OPTIONS_BLOCK_ID]: radio(null), [hitlParamBlockId(0)]: { type: 'number_input', value: '0' } }));
    expect(read).toEqual({ ok: false, errors: { [HITL_OPTIONS_BLOCK_ID]: 'Choose an option.', [hitlParamBlockId(0)]: 'Days must be a whole number from 1 to 30.' } });
  });

  it('treats a form Slack sent without a param as that param left empty', () => {
    const values = state();
    delete values[hitlParamBlockId(5)];
    expect(readHitlForm(form, values)).toEqual({ ok: false, errors: { [hitlParamBlockId(5)]: 'reason is required.' } });
  });
});
