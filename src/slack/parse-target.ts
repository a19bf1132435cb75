import { UNMAPPED } from '../airflow/model';
import type { TaskInstanceTarget } from '../protocol/command';
import { knownDeployment, type ParseContext } from './parse-context';
import { idRefusal, parseRunSpec, type Parsed } from '../protocol/parse-run';
import { matchUiLink, parseTaskInstanceLink } from './ti-link';
import { showTyped } from '../views/show-typed';

// Airflow's own rule for DAG and task ids (`^[\w.-]+$`, at most 250 characters; `\w` is Unicode).
const AIRFLOW_KEY = /^[\p{L}\p{M}\p{N}\p{Pc}.-]{1,250}$/u;

/** Whether a word is meant as a link rather than an id. */
export function isLink(word: string): boolean {
  return /^https?:\/\//i.test(word);
}

/**
 * How many of `words` name the task instance in a command where free text follows it (`note`):
 * 1 for a link, 4 when the first word is a known deployment, else 3.
 */
export function taskInstanceWordCount(words: readonly string[], context: ParseContext): number {
  if (words.length > 0 && isLink(words[0])) return 1;
  if (words.length > 0 && knownDeployment(words[0], context) !== undefined) return 4;
  return 3;
}

/**
 * Reads the words that name a task instance: `<link>`, `<dag_id> <run> <task_id>[:<map_index>]`, or
 * the same with the deployment first. The first word is the deployment when it names a known
 * deployment, or when there are four words.
 */
export function parseTaskInstanceWords(words: readonly string[], context: ParseContext): Parsed<TaskInstanceTarget> {
  if (words.length > 0 && isLink(words[0])) {
    if (words.length > 1) return problem(`Paste the link alone: ${showTyped(words.slice(1).join(' '))} is left over.`);
    return parseLink(words[0], context);
  }
  const named = knownDeployment(words[0] ?? '', context);
  const deployment = named ?? (words.length === 4 ? words[0] : undefined);
  const ids = deployment === undefined ? words : words.slice(1);
  if (ids.length < 3) {
    const missing = ['the DAG id', 'the run', 'the task id'].slice(ids.length).join(', ').replace(/, (?=[^,]*$)/, ' and ');
    return problem(`Missing ${missing}: name the task instance, or paste its link from the Airflow UI.`);
  }
  if (ids.length > 3) return problem(`Too many words: ${showTyped(ids.slice(3).join(' '))} is left over after the task id.`);
  const [dagId, runWord, taskWord] = ids;
  const dag = checkDagId(dagId);
  if (!dag.ok) return dag;
  const run = parseRunSpec(runWord);
  if (!run.ok) return run;
  const task = parseTaskWord(taskWord);
  if (!task.ok) return task;
  return { ok: true, value: { deployment, dagId, run: run.value, ...task.value } };
}

const KEY_RULE = 'ids use letters, digits, `_`, `-` and `.`.';


/** A DAG id as Airflow allows them (`^[\w.-]+$`, at most 250 characters), but never `.` or `..`. */
export function checkDagId(word: string): Parsed<string> {
  const refusal = idRefusal(word);
  if (refusal !== undefined) return problem(`${showTyped(word)} is not a DAG id: ${refusal}`);
  return AIRFLOW_KEY.test(word) ? { ok: true, value: word } : problem(`${showTyped(word)} is not a DAG id: ${KEY_RULE}`);
}

/** `load` or `load:3`: a task id never holds `:`, so a trailing `:<digits>` is the map index. */
function parseTaskWord(word: string): Parsed<{ taskId: string; mapIndex: number }> {
  const colon = word.lastIndexOf(':');
  const taskId = colon === -1 ? word : word.slice(0, colon);
  let mapIndex = UNMAPPED;
  if (colon !== -1) {
    const indexText = word.slice(colon + 1);
    const index = Number(indexText);
    if (!/^\d+$/.test(indexText) || !Number.isSafeInteger(index)) {
      return problem(`The map index in ${showTyped(word)} must be a whole number, 0 or more (as in \`load:3\`).`);
    }
    mapIndex = index;
  }
  const refusal = idRefusal(taskId);
  if (refusal !== undefined) return problem(`${showTyped(taskId)} is not a task id: ${refusal}`);
  if (!AIRFLOW_KEY.test(taskId)) return problem(`${showTyped(taskId)} is not a task id: ${KEY_RULE}`);
  return { ok: true, value: { taskId, mapIndex } };
}

function parseLink(link: string, context: ParseContext): Parsed<TaskInstanceTarget> {
  const target = parseTaskInstanceLink(link, context.uiLinks);
  if (target) return { ok: true, value: target };
  if (!matchUiLink(link, context.uiLinks)) {
    return problem(`No deployment has its Airflow UI at ${showTyped(siteOf(link))}.`);
  }
  return problem('That link does not point to a task instance: open the task instance in the Airflow UI and copy its link.');
}

function siteOf(link: string): string {
  try {
    return new URL(link).origin;
  } catch {
    return link;
  }
}

function problem(message: string): { ok: false; problem: string } {
  return { ok: false, problem: message };
}
