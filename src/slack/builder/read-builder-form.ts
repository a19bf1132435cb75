import { NOTE_MAX_LENGTH } from '../../airflow/model';
import {
  BUILDER_ACTIONS,
  BUILDER_FIELDS,
  LATEST_RUN_VALUE,
  isNoteOptionValue,
  type BuilderField,
} from '../../protocol/builder';
import type { Command, RunSpec } from '../../protocol/command';
import { idRefusal } from '../../protocol/parse-run';
import type { ParseContext } from '../parse-context';
import { parseTaskInstanceWords } from '../parse-target';

/** `view.state.values` as Slack sends it: block id → action id → the element's state. */
export type ViewStateValues = Record<string, Record<string, { type?: string; value?: string | null; selected_option?: { value?: string } | null }>>;

/** The chosen option's value of a select field, unless it is empty or one of the note options. */
export function selectedValue(values: ViewStateValues, field: BuilderField): string | undefined {
  const id = BUILDER_FIELDS[field];
  const value = values[id]?.[id]?.selected_option?.value;
  return value === undefined || value === '' || isNoteOptionValue(value) ? undefined : value;
}

const MISSING: Record<'deployment' | 'dag' | 'run' | 'task' | 'action', string> = {
  deployment: 'Pick a deployment.',
  dag: 'Pick a DAG from the list (type part of its id).',
  run: 'Pick a run, or latest.',
  task: 'Pick a task.',
  action: 'Pick what to do.',
};

/**
 * The submitted builder as the `Command` its typed form gives, with the same checks (ids as the
 * parser reads them, a note within Airflow's limit), or the errors to show beside each field.
 *
 * @example
 * readBuilderForm(view.state.values, parseContext)
 * // { ok: true, command: { name: 'ti', share: false, target: { deployment: 'demo-v2', dagId: 'etl_daily', run: { kind: 'latest' }, taskId: 'load', mapIndex: -1 } } }
 */
export function readBuilderForm(
  values: ViewStateValues,
  context: ParseContext,
): { ok: true; command: Command } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const picked = (field: keyof typeof MISSING): string => {
    const value = selectedValue(values, field);
    if (value === undefined) errors[BUILDER_FIELDS[field]] = MISSING[field];
    return value ?? '';
  };
  const deployment = picked('deployment');
  const dagId = picked('dag');
  const runValue = picked('run');
  const taskWord = picked('task');
  const action = picked('action');
  const noteId = BUILDER_FIELDS.note;
  const note = (values[noteId]?.[noteId]?.value ?? '').trim();
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  // The ids are read exactly as typed words are (the run is given apart: a run id is never re-read as a date).
  const words = parseTaskInstanceWords([deployment, dagId, LATEST_RUN_VALUE, taskWord], { ...context, deployments: [...context.deployments, deployment] });
  if (!words.ok) return { ok: false, errors: { [BUILDER_FIELDS.task]: words.problem } };
  const refusal = runValue === LATEST_RUN_VALUE ? undefined : idRefusal(runValue);
  if (refusal !== undefined) return { ok: false, errors: { [BUILDER_FIELDS.run]: `That is not a run id: ${refusal}` } };
  const run: RunSpec = runValue === LATEST_RUN_VALUE ? { kind: 'latest' } : { kind: 'id', runId: runValue };
  const target = { ...words.value, run };

  if (note !== '' && action !== BUILDER_ACTIONS.note) {
    return { ok: false, errors: { [noteId]: 'A note is only saved with "Add a note": pick it, or empty this field.' } };
  }
  switch (action) {
    case BUILDER_ACTIONS.card:
      return { ok: true, command: { name: 'ti', target, share: false } };
    case BUILDER_ACTIONS.logs:
      return { ok: true, command: { name: 'logs', target, share: false } };
    case BUILDER_ACTIONS.markSuccess:
    case BUILDER_ACTIONS.markFailed:
      return {
        ok: true,
        command: {
          name: 'mark',
          target,
          newState: action === BUILDER_ACTIONS.markSuccess ? 'success' : 'failed',
          includeUpstream: false,
          includeDownstream: false,
          share: false,
        },
      };
    case BUILDER_ACTIONS.clear:
      return { ok: true, command: { name: 'clear', target, includeDownstream: false, share: false } };
    case BUILDER_ACTIONS.note: {
      const length = Array.from(note).length;
      if (length === 0) return { ok: false, errors: { [noteId]: 'Write the note to add.' } };
      if (length > NOTE_MAX_LENGTH) return { ok: false, errors: { [noteId]: `The note is ${length} characters long; Airflow keeps at most ${NOTE_MAX_LENGTH}.` } };
      return { ok: true, command: { name: 'note', target, text: note, share: false } };
    }
    default:
      return { ok: false, errors: { [BUILDER_FIELDS.action]: MISSING.action } };
  }
}
