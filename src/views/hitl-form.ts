import type { InputBlock, InputBlockElement, KnownBlock, ModalView, PlainTextOption, View } from '@slack/types';
import { UNMAPPED, type HitlAnswer, type HitlParam, type HitlRequest } from '../airflow/model';
import { BotError } from '../errors';
import { HITL_FORM_CALLBACK_ID } from '../protocol/hitl-values';
import { contextBlock, headerBlock, plainText, sectionBlock } from './blocks';
import { hitlDefaultIndexes, hitlOptionObject, HITL_CHECKBOX_OPTIONS_MAX } from './hitl-message';
import { HEADER_TEXT_MAX, INPUT_LABEL_MAX, MODAL_BLOCKS_MAX, MODAL_PRIVATE_METADATA_MAX, OPTION_TEXT_MAX, PLAIN_TEXT_INPUT_MAX_LENGTH, SECTION_TEXT_MAX, TEXT_OBJECT_MAX } from './limits';
import { markdownSections } from './markdown-mrkdwn';
import type { DeploymentDisplay } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { truncate } from './truncate';

/**
 * One param of a request as the form asks for it and the submission is checked against: what
 * Slack's `private_metadata` carries between the form and its submission (kept small).
 */
export interface HitlParamSpec {
  name: string;
  /** The input the form shows; from the param's JSON schema `type` (and `enum`, `format`). */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'date' | 'json';
  /** No default, and the schema does not allow null: Airflow's rule for a `Param` that must be given. */
  required: boolean;
  /** The schema's `title`, shown instead of the name when there is one. */
  title?: string;
  enum?: (string | number)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/**
 * Everything {@link readHitlForm} needs to check a submission, small enough for the form's signed
 * `private_metadata` (`JSON.stringify(hitlFormSpec(request))`).
 */
export interface HitlFormSpec {
  options: string[];
  multiple: boolean;
  specs: HitlParamSpec[];
}

/** `block_id` of the options input; every input's `action_id` is {@link HITL_FORM_INPUT_ACTION_ID}. */
export const HITL_OPTIONS_BLOCK_ID = 'hitl_options';
export const HITL_FORM_INPUT_ACTION_ID = 'hitl_input';
/** Any block id {@link hitlParamBlockId} makes. */
export const HITL_PARAM_BLOCK_PATTERN = /^hitl_param:\d+$/;

/** `block_id` of the input of the `index`-th param (0-based, in the order of {@link hitlParamSpecs}). */
export function hitlParamBlockId(index: number): string {
  return `hitl_param:${index}`;
}

/** Slack's menus hold at most 100 options. */
const MENU_OPTIONS_MAX = 100;
/** A form with more params than this would not fit in a modal with its subject and options. */
const FORM_PARAMS_MAX = 80;
const BODY_SECTIONS_MAX = 20;
const TITLE = 'Answer request';
const NAME_IN_ERROR_MAX = 80;

/**
 * The params of a request as specs for the form; in the params' order. The type comes from the
 * JSON schema: `enum` → `enum`; `integer`, `number`, `boolean`; `string` (`date` with
 * `format: date`); anything else (object, array, several types) → `json`. A schema without a
 * type takes the type of its default when that is a string, a boolean or a number.
 *
 * @example
 * hitlParamSpecs({ days: { value: 3, schema: { type: 'integer', minimum: 1 }, description: null } })
 * // [{ name: 'days', type: 'integer', required: false, minimum: 1 }]
 */
export function hitlParamSpecs(params: Record<string, HitlParam>): HitlParamSpec[] {
  return Object.entries(params).map(([name, param]) => paramSpec(name, param));
}

/**
 * What the form of `request` checks its submission against: its options, whether several may be
 * chosen, and its params' specs.
 *
 * @example
 * const privateMetadata = sign(JSON.stringify({ ...hitlFormSpec(request), at }));
 */
export function hitlFormSpec(request: Pick<HitlRequest, 'options' | 'multiple' | 'params'>): HitlFormSpec {
  return { options: [...request.options], multiple: request.multiple, specs: hitlParamSpecs(request.params) };
}

function paramSpec(name: string, param: HitlParam): HitlParamSpec {
  const { schema } = param;
  const types = schemaTypes(schema.type);
  const allowsNull = types.length === 0 || types.includes('null');
  const empty = param.value === null || param.value === undefined || param.value === '';
  const type = specType(schema, types.filter((t) => t !== 'null'), types.length === 0 ? param.value : undefined);
  const spec: HitlParamSpec = { name, type, required: empty && !allowsNull };
  if (typeof schema.title === 'string' && schema.title.trim() !== '') spec.title = schema.title;
  if (type === 'enum') spec.enum = enumValues(schema.enum);
  if (type === 'integer' || type === 'number') {
    if (isFiniteNumber(schema.minimum)) spec.minimum = schema.minimum;
    if (isFiniteNumber(schema.maximum)) spec.maximum = schema.maximum;
  }
  if (type === 'string') {
    if (isCount(schema.minLength)) spec.minLength = schema.minLength;
    if (isCount(schema.maxLength)) spec.maxLength = schema.maxLength;
  }
  return spec;
}

function schemaTypes(type: unknown): string[] {
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function specType(schema: Record<string, unknown>, types: readonly string[], untypedDefault: unknown): HitlParamSpec['type'] {
  if (enumValues(schema.enum).length > 0) return 'enum';
  if (types.length === 0) {
    if (typeof untypedDefault === 'string') return 'string';
    if (typeof untypedDefault === 'boolean') return 'boolean';
    if (typeof untypedDefault === 'number') return 'number';
    return 'json';
  }
  if (types.length > 1) return 'json';
  switch (types[0]) {
    case 'integer':
    case 'number':
    case 'boolean':
      return types[0];
    case 'string':
      return schema.format === 'date' ? 'date' : 'string';
    default:
      return 'json';
  }
}

function enumValues(values: unknown): (string | number)[] {
  if (!Array.isArray(values)) return [];
  return values.filter((v): v is string | number => typeof v === 'string' || isFiniteNumber(v));
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * A modal shown at once on the click (Slack's `trigger_id` lives 3 seconds) while the form is read
 * from Airflow; replace it with {@link hitlFormModal} through `views.update`.
 */
export function hitlLoadingModal(): View {
  return {
    type: 'modal',
    callback_id: HITL_FORM_CALLBACK_ID,
    title: plainText(TITLE),
    close: plainText('Cancel'),
    blocks: [sectionBlock('⏳ Reading the request from Airflow…')],
  };
}

/**
 * The form of a request: its subject and body, its options (radio buttons, or checkboxes when
 * `multiple`; a menu beyond 10 options; defaults preselected) and one input per param following its
 * type, defaults filled in, its description as the hint. A boolean param is a Yes/No choice, so a
 * required one can be left unanswered and said so. `privateMetadata` is carried as it is (signed
 * by the caller); block ids are {@link HITL_OPTIONS_BLOCK_ID} and {@link hitlParamBlockId}.
 *
 * @throws `BotError('internal')` when `privateMetadata` is longer than Slack allows.
 * @example
 * client.views.update({ view_id, view: hitlFormModal({ deployment, request, privateMetadata }) })
 */
export function hitlFormModal(input: { deployment: DeploymentDisplay; request: HitlRequest; privateMetadata: string }): View {
  if (input.privateMetadata.length > MODAL_PRIVATE_METADATA_MAX) {
    throw new BotError('internal', 'The answer form could not be opened: its hidden data is too long for Slack.', {
      details: { privateMetadataLength: input.privateMetadata.length },
    });
  }
  const { request } = input;
  const specs = hitlParamSpecs(request.params);
  const subject: KnownBlock[] = [headerBlock(request.subject.trim() === '' ? 'Human-in-the-loop request' : request.subject)];
  if (request.subject.length > HEADER_TEXT_MAX) subject.push(sectionBlock(`*${escapeMrkdwn(request.subject, SECTION_TEXT_MAX - 2)}*`));
  const where = contextBlock(whereText(input.deployment, request));
  const modal: ModalView = {
    type: 'modal',
    callback_id: HITL_FORM_CALLBACK_ID,
    private_metadata: input.privateMetadata,
    title: plainText(TITLE),
    close: plainText('Cancel'),
    blocks: [],
  };
  if (specs.length > FORM_PARAMS_MAX || request.options.length === 0) {
    const why = request.options.length === 0 ? 'offers no option to choose' : `has ${specs.length} params, more than a Slack form can hold`;
    modal.blocks = [...subject, where, sectionBlock(`This request ${why}: answer it in Airflow.`)];
    return modal;
  }
  const inputs: KnownBlock[] = [optionsInput(request)];
  if (request.options.length > MENU_OPTIONS_MAX) {
    inputs.push(contextBlock(`Only the first ${MENU_OPTIONS_MAX} of ${request.options.length} options can be chosen here; the others in Airflow.`));
  }
  specs.forEach((spec, index) => inputs.push(paramInput(spec, request.params[spec.name], index)));
  const bodyRoom = Math.min(BODY_SECTIONS_MAX, MODAL_BLOCKS_MAX - subject.length - 1 - inputs.length);
  const body = markdownSections(request.body ?? '', bodyRoom).map(sectionBlock);
  modal.blocks = [...subject, ...body, where, ...inputs];
  modal.submit = plainText('Send answer');
  return modal;
}

function whereText(deployment: DeploymentDisplay, request: HitlRequest): string {
  const { ref } = request;
  const mapped = ref.mapIndex === UNMAPPED ? '' : ` [${ref.mapIndex}]`;
  const idMax = Math.floor((TEXT_OBJECT_MAX - 300) / 3);
  return (
    `${escapeMrkdwn(deployment.displayName, 150)} · DAG ${inlineCode(ref.dagId, idMax)} · run ${inlineCode(ref.runId, idMax)}` +
    ` · task ${inlineCode(ref.taskId, idMax)}${mapped}`
  );
}

function optionsInput(request: HitlRequest): InputBlock {
  const options = request.options.slice(0, MENU_OPTIONS_MAX).map(hitlOptionObject);
  const initial = hitlDefaultIndexes(request).flatMap((index) => options[index] ?? []);
  const few = options.length <= HITL_CHECKBOX_OPTIONS_MAX;
  const action_id = HITL_FORM_INPUT_ACTION_ID;
  let element: InputBlockElement;
  if (request.multiple) {
    const chosen = initial.length === 0 ? {} : { initial_options: initial };
    element = few ? { type: 'checkboxes', action_id, options, ...chosen } : { type: 'multi_static_select', action_id, options, ...chosen };
  } else {
    const [first] = initial;
    const chosen = first === undefined ? {} : { initial_option: first };
    element = few ? { type: 'radio_buttons', action_id, options, ...chosen } : { type: 'static_select', action_id, options, ...chosen };
  }
  return { type: 'input', block_id: HITL_OPTIONS_BLOCK_ID, label: plainText(request.multiple ? 'Choose one or more' : 'Choose one'), element };
}

const YES: PlainTextOption = { text: plainText('Yes'), value: 'true' };
const NO: PlainTextOption = { text: plainText('No'), value: 'false' };

function paramInput(spec: HitlParamSpec, param: HitlParam | undefined, index: number): InputBlock {
  const value = param?.value;
  const hint = [param?.description?.trim() ?? '', constraintText(spec)].filter((part) => part !== '').join(' ');
  return {
    type: 'input',
    block_id: hitlParamBlockId(index),
    label: plainText(truncate(labelOf(spec), INPUT_LABEL_MAX)),
    ...(hint === '' ? {} : { hint: plainText(truncate(hint, INPUT_LABEL_MAX)) }),
    optional: !spec.required,
    element: paramElement(spec, value),
  };
}

function paramElement(spec: HitlParamSpec, value: unknown): InputBlockElement {
  const action_id = HITL_FORM_INPUT_ACTION_ID;
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const fits = typeof value === 'number' && (spec.type === 'number' || Number.isInteger(value)) && withinRange(value, spec);
      return {
        type: 'number_input',
        action_id,
        is_decimal_allowed: spec.type === 'number',
        ...(spec.minimum === undefined ? {} : { min_value: String(spec.minimum) }),
        ...(spec.maximum === undefined ? {} : { max_value: String(spec.maximum) }),
        ...(fits ? { initial_value: String(value) } : {}),
      };
    }
    case 'boolean': {
      const initial = value === true ? YES : value === false ? NO : undefined;
      return { type: 'radio_buttons', action_id, options: [YES, NO], ...(initial === undefined ? {} : { initial_option: initial }) };
    }
    case 'enum': {
      const values = (spec.enum ?? []).slice(0, MENU_OPTIONS_MAX);
      const options = values.map((v, i): PlainTextOption => ({ text: plainText(truncate(String(v) === '' ? ' ' : String(v), OPTION_TEXT_MAX)), value: String(i) }));
      const initial = options[values.findIndex((v) => v === value)];
      return { type: 'static_select', action_id, options, ...(initial === undefined ? {} : { initial_option: initial }) };
    }
    case 'date':
      return { type: 'datepicker', action_id, ...(typeof value === 'string' && isDate(value) ? { initial_date: value } : {}) };
    case 'string':
    case 'json': {
      const maxLength = Math.min(spec.maxLength ?? PLAIN_TEXT_INPUT_MAX_LENGTH, PLAIN_TEXT_INPUT_MAX_LENGTH);
      const minLength = spec.minLength !== undefined && spec.minLength <= maxLength ? spec.minLength : undefined;
      const initial = spec.type === 'string' ? (typeof value === 'string' ? value : undefined) : jsonText(value);
      return {
        type: 'plain_text_input',
        action_id,
        multiline: spec.type === 'json',
        max_length: maxLength,
        ...(minLength === undefined || minLength === 0 ? {} : { min_length: minLength }),
        // Slack refuses an initial value longer than max_length; such a default is left for Airflow.
        ...(initial === undefined || initial === '' || initial.length > maxLength ? {} : { initial_value: initial }),
      };
    }
  }
}

function jsonText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value, null, 2);
}

function labelOf(spec: HitlParamSpec): string {
  return spec.title ?? spec.name;
}

/** What the hint adds to the description: `From 1 to 30.`, `At most 20 characters.`, `JSON.` */
function constraintText(spec: HitlParamSpec): string {
  if (spec.type === 'integer' || spec.type === 'number') {
    const range = rangeWords(spec);
    return range === '' ? '' : `${range.trim().replace(/^./, (c) => c.toUpperCase())}.`;
  }
  if (spec.type === 'string') {
    const length = lengthWords(spec);
    return length === '' ? '' : `${length.replace(/^./, (c) => c.toUpperCase())}.`;
  }
  return spec.type === 'json' ? 'As JSON.' : '';
}

/** ` from 1 to 30`, ` of at least 1`, ` of at most 30`, or nothing. */
function rangeWords(spec: HitlParamSpec): string {
  if (spec.minimum !== undefined && spec.maximum !== undefined) return ` from ${spec.minimum} to ${spec.maximum}`;
  if (spec.minimum !== undefined) return ` of at least ${spec.minimum}`;
  if (spec.maximum !== undefined) return ` of at most ${spec.maximum}`;
  return '';
}

/** `from 3 to 20 characters`, `at least 3 characters`, `at most 20 characters`, or nothing. */
function lengthWords(spec: HitlParamSpec): string {
  const { minLength, maxLength } = spec;
  const min = minLength !== undefined && minLength > 0 ? minLength : undefined;
  if (min !== undefined && maxLength !== undefined) return `from ${min} to ${maxLength} characters`;
  if (min !== undefined) return `at least ${min} character${min === 1 ? '' : 's'}`;
  if (maxLength !== undefined) return `at most ${maxLength} character${maxLength === 1 ? '' : 's'}`;
  return '';
}

function withinRange(value: number, spec: HitlParamSpec): boolean {
  return (spec.minimum === undefined || value >= spec.minimum) && (spec.maximum === undefined || value <= spec.maximum);
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const millis = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(millis) && new Date(millis).toISOString().slice(0, 10) === text;
}

/** Slack's view state: block id → action id → the element's state. */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

type Read<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Reads a submitted form against the request's options and param specs: the answer, or the errors
 * to show in the modal by `block_id` (a wrong type, out of range, a missing required param, no
 * option chosen). `paramsInput` holds every param: what the user left as it was comes back as the
 * default the form filled in; an optional input left empty is `null`.
 *
 * @example
 * const read = readHitlForm(spec, view.state.values);
 * if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
 */
export function readHitlForm(
  form: { options: readonly string[]; multiple: boolean; specs: readonly HitlParamSpec[] },
  values: ViewStateValues,
): { ok: true; answer: HitlAnswer } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const options = readOptions(form, values[HITL_OPTIONS_BLOCK_ID]?.[HITL_FORM_INPUT_ACTION_ID]);
  if (!options.ok) errors[HITL_OPTIONS_BLOCK_ID] = options.error;
  const paramsInput: Record<string, unknown> = {};
  form.specs.forEach((spec, index) => {
    const read = readParam(spec, values[hitlParamBlockId(index)]?.[HITL_FORM_INPUT_ACTION_ID]);
    if (read.ok) paramsInput[spec.name] = read.value;
    else errors[hitlParamBlockId(index)] = read.error;
  });
  if (!options.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, answer: { chosenOptions: options.value, paramsInput } };
}

/** The values of the options chosen in a radio, checkboxes or menu element's state. */
function selectedValues(state: Record<string, unknown> | undefined): unknown[] {
  if (state === undefined) return [];
  if (Array.isArray(state.selected_options)) return state.selected_options.map((option: unknown) => valueOf(option));
  const option = state.selected_option;
  return option === null || option === undefined ? [] : [valueOf(option)];
}

function valueOf(option: unknown): unknown {
  return typeof option === 'object' && option !== null ? (option as Record<string, unknown>).value : undefined;
}

function readOptions(form: { options: readonly string[]; multiple: boolean }, state: Record<string, unknown> | undefined): Read<string[]> {
  const chosen: string[] = [];
  for (const value of selectedValues(state)) {
    const index = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : -1;
    const option = form.options[index];
    if (option === undefined) return { ok: false, error: 'That choice is not one of this request’s options. Close the form and open it again.' };
    if (!chosen.includes(option)) chosen.push(option);
  }
  if (chosen.length === 0) return { ok: false, error: form.multiple ? 'Choose at least one option.' : 'Choose an option.' };
  if (chosen.length > 1 && !form.multiple) return { ok: false, error: 'Choose exactly one option.' };
  return { ok: true, value: chosen };
}

function readParam(spec: HitlParamSpec, state: Record<string, unknown> | undefined): Read {
  const label = truncate(labelOf(spec), NAME_IN_ERROR_MAX);
  const raw = rawInput(spec, state);
  if (raw === undefined) return spec.required ? { ok: false, error: `${label} is required.` } : { ok: true, value: null };
  const fail = (error: string): Read => ({ ok: false, error });
  switch (spec.type) {
    case 'integer': {
      const value = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
      return Number.isSafeInteger(value) && withinRange(value, spec) ? { ok: true, value } : fail(`${label} must be a whole number${rangeWords(spec)}.`);
    }
    case 'number': {
      const value = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
      return Number.isFinite(value) && withinRange(value, spec) ? { ok: true, value } : fail(`${label} must be a number${rangeWords(spec)}.`);
    }
    case 'boolean':
      return raw === 'true' || raw === 'false' ? { ok: true, value: raw === 'true' } : fail(`${label} must be Yes or No.`);
    case 'enum': {
      const values = spec.enum ?? [];
      const value = /^\d{1,4}$/.test(raw) ? values[Number(raw)] : undefined;
      if (value !== undefined) return { ok: true, value };
      return fail(truncate(`${label} must be one of: ${values.map(String).join(', ')}.`, 300));
    }
    case 'date':
      return isDate(raw) ? { ok: true, value: raw } : fail(`${label} must be a date (YYYY-MM-DD).`);
    case 'string': {
      const length = [...raw].length;
      const tooShort = spec.minLength !== undefined && length < spec.minLength;
      const tooLong = spec.maxLength !== undefined && length > spec.maxLength;
      return tooShort || tooLong ? fail(`${label} must be ${lengthWords(spec)} long.`) : { ok: true, value: raw };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(raw) as unknown };
      } catch {
        return fail(`${label} must be valid JSON.`);
      }
  }
}

/** What the user entered, as text; `undefined` when the input is empty. */
function rawInput(spec: HitlParamSpec, state: Record<string, unknown> | undefined): string | undefined {
  let raw: unknown;
  if (spec.type === 'boolean' || spec.type === 'enum') raw = selectedValues(state)[0];
  else if (spec.type === 'date') raw = state?.selected_date;
  else raw = state?.value;
  if (typeof raw !== 'string') return undefined;
  return (spec.type === 'string' ? raw : raw.trim()) === '' ? undefined : raw;
}
