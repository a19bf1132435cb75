import type { SlackView } from '../slack-stand-in/types';
import { buildBlockSuggestionBody } from './block-suggestion-body';
import { readCliState, writeCliState, type CliState } from './cli-state';
import { isRecord } from './is-record';
import type { FollowSettings } from './parse-args';
import { sendToBot } from './send-to-bot';
import { LOCAL_IDENTITY } from './slack-identity';
import type { ViewStateValues } from './view-submission-body';
import type { CliDeps } from './run-cli';

/** One option of a select menu, as Block Kit spells it. */
export interface MenuOption {
  text: { type: 'plain_text'; text: string };
  value: string;
}

/** A select field of a modal: an input block whose element is a static or external select. */
export interface SelectField {
  label: string;
  blockId: string;
  actionId: string;
  kind: 'static_select' | 'external_select';
  options: MenuOption[];
  initial?: MenuOption;
}

/** The select fields of a modal, in order. */
export function selectFields(view: SlackView): SelectField[] {
  const fields: SelectField[] = [];
  for (const block of view.blocks) {
    if (!isRecord(block) || block.type !== 'input' || !isRecord(block.element) || !isRecord(block.label)) continue;
    const { element } = block;
    if (element.type !== 'static_select' && element.type !== 'external_select') continue;
    if (typeof block.block_id !== 'string' || typeof element.action_id !== 'string') continue;
    fields.push({
      label: String(block.label.text),
      blockId: block.block_id,
      actionId: element.action_id,
      kind: element.type,
      options: Array.isArray(element.options) ? (element.options as MenuOption[]) : [],
      ...(isRecord(element.initial_option) ? { initial: element.initial_option as unknown as MenuOption } : {}),
    });
  }
  return fields;
}

/** What a modal's selects hold before anyone picks: their initial options, as Slack reports them in `view.state`. */
export function initialValues(view: SlackView): ViewStateValues {
  const values: ViewStateValues = {};
  for (const field of selectFields(view)) {
    if (field.initial !== undefined) values[field.blockId] = { [field.actionId]: { type: field.kind, selected_option: field.initial } };
  }
  return values;
}

/** The values the CLI sends with the open modal: initial options, then what was picked with `--select`. */
export function currentValues(state: CliState, view: SlackView): ViewStateValues {
  return { ...initialValues(view), ...(state.lastViewId === view.id ? (state.lastViewValues ?? {}) : {}) };
}

function findField(view: SlackView, label: string): SelectField | string {
  const fields = selectFields(view);
  const wanted = label.trim().toLowerCase();
  const field = fields.find((f) => f.label.toLowerCase() === wanted);
  return field ?? `The modal has no menu "${label}". Its menus: ${fields.map((f) => `"${f.label}"`).join(', ')}.`;
}

/** Asks the bot for an external select's options, as Slack does while the user types. */
async function askOptions(deps: CliDeps, view: SlackView, values: ViewStateValues, field: SelectField, typed: string) {
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const body = buildBlockSuggestionBody({ view, values, blockId: field.blockId, actionId: field.actionId, typed }, identity);
  const started = deps.clock();
  const reply = await sendToBot({ fetch: deps.fetch, url: deps.botUrl, signingSecret: deps.signingSecret, now: started, body });
  const elapsedMs = deps.clock() - started;
  let options: MenuOption[] = [];
  try {
    const parsed: unknown = JSON.parse(reply.text);
    if (isRecord(parsed) && Array.isArray(parsed.options)) options = parsed.options as MenuOption[];
  } catch {
    options = [];
  }
  return { status: reply.status, text: reply.text, options, elapsedMs };
}

/**
 * `--suggest "<field label>" "<typed text>"`: types into a menu of the open modal and prints the
 * options the bot answers (a `block_suggestion`), with how long it took.
 */
export async function runSuggest(deps: CliDeps, label: string, typed: string, settings: FollowSettings): Promise<number> {
  const state = await readCliState(deps.stateFile);
  const view = state.lastView;
  if (view === undefined) {
    deps.print('No modal is open: open the builder first, with npm run slack -- "/airflow".');
    return 2;
  }
  const field = findField(view, label);
  if (typeof field === 'string') {
    deps.print(field);
    return 2;
  }
  if (field.kind !== 'external_select') {
    deps.print(`"${field.label}" is a fixed menu: ${field.options.map((o) => o.text.text).join(', ')}. Pick with --select.`);
    return 2;
  }
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const answer = await askOptions(deps, view, currentValues(state, view), field, typed);
  if (settings.json) {
    deps.print(JSON.stringify({ status: answer.status, body: answer.text, elapsedMs: answer.elapsedMs }));
  } else {
    deps.print(`${identity.user.name} types "${typed}" into ${field.label}`);
    if (answer.status >= 300) {
      deps.print(`The bot refused the request (HTTP ${answer.status}).`);
      return 1;
    }
    deps.print(`→ ${answer.options.length} option${answer.options.length === 1 ? '' : 's'} in ${answer.elapsedMs} ms`);
    answer.options.forEach((o, i) => deps.print(`  ${i + 1}. ${o.text.text}`));
  }
  return answer.status >= 300 || answer.options.length === 0 ? 1 : 0;
}

/**
 * `--select "<field label>" "<option>"`: picks an option of a menu of the open modal, by its text or
 * value (for a typeahead menu, the bot is asked with that text first). Remembered for `--submit`.
 */
export async function runSelect(deps: CliDeps, label: string, choice: string): Promise<number> {
  const state = await readCliState(deps.stateFile);
  const view = state.lastView;
  if (view === undefined) {
    deps.print('No modal is open: open the builder first, with npm run slack -- "/airflow".');
    return 2;
  }
  const field = findField(view, label);
  if (typeof field === 'string') {
    deps.print(field);
    return 2;
  }
  const values = currentValues(state, view);
  const options = field.kind === 'static_select' ? field.options : (await askOptions(deps, view, values, field, choice)).options;
  const wanted = choice.trim().toLowerCase();
  const picked =
    options.find((o) => o.value.toLowerCase() === wanted) ??
    options.find((o) => o.text.text.toLowerCase() === wanted) ??
    (options.length === 1 && !options[0]!.value.startsWith('~') ? options[0] : undefined);
  if (picked === undefined || picked.value.startsWith('~')) {
    deps.print(`No option "${choice}" in ${field.label}. Options: ${options.map((o) => `"${o.text.text}"`).join(', ') || 'none'}`);
    return 2;
  }
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const next: CliState = {
    ...state,
    lastViewId: view.id,
    lastViewValues: { ...(state.lastViewId === view.id ? state.lastViewValues : {}), [field.blockId]: { [field.actionId]: { type: field.kind, selected_option: picked } } },
  };
  await writeCliState(deps.stateFile, next);
  deps.print(`${identity.user.name} picks ${field.label}: ${picked.text.text}`);
  return 0;
}
