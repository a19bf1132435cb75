import { isRecord } from './is-record';
import { LOCAL_IDENTITY, type SlackIdentity } from './slack-identity';

/** What the user typed or picked, by block id then action id, as Slack sends it in `view.state.values` (a text input's `value`, a choice's `selected_option`…). */
export type ViewStateValues = Record<
  string,
  Record<string, { type: string; value?: string | null; selected_option?: { text: { type: 'plain_text'; text: string }; value: string } | null; [field: string]: unknown }>
>;

/** The modal being submitted: at least what Slack gives back to the app. */
export interface SubmittedView {
  id: string;
  callback_id: string;
  private_metadata: string;
  blocks?: unknown[];
  title?: unknown;
  hash?: string;
  root_view_id?: string;
  previous_view_id?: string | null;
  external_id?: string;
}

export interface ViewSubmissionInput {
  view: SubmittedView;
  values: ViewStateValues;
  triggerId: string;
  identity?: SlackIdentity;
  /**
   * What Slack adds for each `response_url_enabled` conversations select the user picked in:
   * a `response_url` for that channel (from the stand-in's `newResponseUrl({ channelId })`).
   * @default []
   */
  responseUrls?: ViewResponseUrl[];
}

/** One entry of a submission's `response_urls`. */
export interface ViewResponseUrl {
  block_id: string;
  action_id: string;
  channel_id: string;
  response_url: string;
}

/** The `view_submission` payload Slack sends when a modal's submit button is pressed. */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const who = input.identity ?? LOCAL_IDENTITY;
  const { view } = input;
  return {
    type: 'view_submission',
    team: { id: who.team.id, domain: who.team.domain },
    user: { id: who.user.id, username: who.user.name, name: who.user.name, team_id: who.team.id },
    api_app_id: who.appId,
    token: who.token,
    trigger_id: input.triggerId,
    view: {
      id: view.id,
      team_id: who.team.id,
      type: 'modal',
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata,
      callback_id: view.callback_id,
      state: { values: input.values },
      hash: view.hash ?? '',
      title: view.title ?? { type: 'plain_text', text: 'Modal', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: view.root_view_id ?? view.id,
      previous_view_id: view.previous_view_id ?? null,
      app_id: who.appId,
      external_id: view.external_id ?? '',
      app_installed_team_id: who.team.id,
    },
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/**
 * The form body: `payload=<url-encoded JSON>`.
 *
 * @example
 * buildViewSubmissionBody({ view, values: fillFirstTextInput(view.blocks, 'rerun after fix'), triggerId })
 */
export function buildViewSubmissionBody(input: ViewSubmissionInput): string {
  return new URLSearchParams({ payload: JSON.stringify(viewSubmissionPayload(input)) }).toString();
}

/**
 * The state of a modal as Slack submits it when the user typed `text` into its first plain-text
 * input and left every other input as the modal opened: Slack sends each input's initial value
 * (a preselected checkbox, a prefilled number), not just the inputs the user touched.
 *
 * @throws Error when the modal has no plain-text input, or an input has no `block_id`/`action_id`.
 */
export function fillFirstTextInput(blocks: readonly unknown[] | undefined, text: string): ViewStateValues {
  const values: ViewStateValues = {};
  let filled = false;
  for (const block of blocks ?? []) {
    if (!isRecord(block) || block.type !== 'input' || !isRecord(block.element)) continue;
    const blockId = block.block_id;
    const actionId = block.element.action_id;
    if (typeof blockId !== 'string' || typeof actionId !== 'string') {
      throw new Error('The modal\'s input has no block_id or action_id, so its value cannot be sent.');
    }
    const typed = !filled && block.element.type === 'plain_text_input';
    if (typed) filled = true;
    values[blockId] = { [actionId]: typed ? { type: 'plain_text_input', value: text } : initialState(block.element) };
  }
  if (!filled) throw new Error('The modal has no plain-text input to fill.');
  return values;
}

/** An input's state as Slack sends it when the user left it as it opened. */
function initialState(element: Record<string, unknown>): ViewStateValues[string][string] {
  const type = typeof element.type === 'string' ? element.type : 'unknown';
  switch (type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return { type, value: typeof element.initial_value === 'string' ? element.initial_value : null };
    case 'checkboxes':
    case 'multi_static_select':
      return { type, selected_options: Array.isArray(element.initial_options) ? element.initial_options : [] };
    case 'radio_buttons':
    case 'static_select':
      return { type, selected_option: isOption(element.initial_option) ? element.initial_option : null };
    case 'datepicker':
      return { type, selected_date: typeof element.initial_date === 'string' ? element.initial_date : null };
    case 'timepicker':
      return { type, selected_time: typeof element.initial_time === 'string' ? element.initial_time : null };
    case 'datetimepicker':
      return { type, selected_date_time: typeof element.initial_date_time === 'number' ? element.initial_date_time : null };
    default:
      return { type };
  }
}

/** A Block Kit option as Slack sends it back: its text and value. */
function isOption(value: unknown): value is { text: { type: 'plain_text'; text: string }; value: string } {
  return isRecord(value) && isRecord(value.text) && typeof value.text.text === 'string' && typeof value.value === 'string';
}
