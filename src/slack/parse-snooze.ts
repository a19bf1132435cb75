import type { Command } from '../protocol/command';
import type { Parsed } from '../protocol/parse-run';
import { parseSnoozeDuration } from '../protocol/snooze-values';
import { showTyped } from '../views/show-typed';
import { knownDeployment, type ParseContext } from './parse-context';
import { checkDagId } from './parse-target';

interface Words {
  words: string[];
  context: ParseContext;
}

/** `snooze <deployment> <dag_id> <duration>`: the duration `30m`, `4h`, `2d`, from a minute to 7 days. */
export function parseSnooze({ words, context }: Words): Parsed<Omit<Extract<Command, { name: 'snooze' }>, 'share'>> {
  if (words.length !== 3) return problem(`\`snooze\` takes a deployment, a DAG id and a duration; got ${countWords(words)}.`);
  const [deploymentWord, dagWord, durationWord] = words as [string, string, string];
  const dag = checkDagId(dagWord);
  if (!dag.ok) return dag;
  const durationMs = parseSnoozeDuration(durationWord);
  if (durationMs === undefined) {
    return problem(`${showTyped(durationWord)} is not a duration: write a number and \`m\`, \`h\` or \`d\`, from \`1m\` to \`7d\`, as in \`4h\`.`);
  }
  return { ok: true, value: { name: 'snooze', deployment: knownDeployment(deploymentWord, context) ?? deploymentWord, dagId: dag.value, durationMs } };
}

/** `unsnooze <deployment> <dag_id>`. */
export function parseUnsnooze({ words, context }: Words): Parsed<Omit<Extract<Command, { name: 'unsnooze' }>, 'share'>> {
  if (words.length !== 2) return problem(`\`unsnooze\` takes a deployment and a DAG id; got ${countWords(words)}.`);
  const [deploymentWord, dagWord] = words as [string, string];
  const dag = checkDagId(dagWord);
  if (!dag.ok) return dag;
  return { ok: true, value: { name: 'unsnooze', deployment: knownDeployment(deploymentWord, context) ?? deploymentWord, dagId: dag.value } };
}

function countWords(words: readonly string[]): string {
  return words.length === 0 ? 'nothing' : `${words.length} word${words.length === 1 ? '' : 's'}`;
}

function problem(message: string): { ok: false; problem: string } {
  return { ok: false, problem: message };
}
