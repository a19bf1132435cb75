import { BotError } from '../errors';

/** How many rounds of percent-decoding are undone before an id is judged: `%252e` is `%2e` is `.`. */
const DECODE_ROUNDS = 3;

/**
 * Whether an id would not stay one path segment once a URL is resolved: `.` and `..` (in any
 * mix of literal and percent-encoded dots, such as `%2e%2e` or `%2E.`) are read by URL resolution
 * as "this folder" and "the folder above", and an empty id leaves `//`. Such ids name nothing in
 * Airflow (its ids need at least one character besides dots to be useful, and the UI cannot show
 * them either), so they are refused wherever an id enters the bot.
 *
 * @example
 * isEscapingId('..') // true
 * isEscapingId('%2E.') // true
 * isEscapingId('etl.daily') // false
 */
export function isEscapingId(id: string): boolean {
  let text = id;
  for (let round = 0; round < DECODE_ROUNDS; round += 1) {
    if (text === '' || text === '.' || text === '..') return true;
    const decoded = decodeOnce(text);
    if (decoded === text) return false;
    text = decoded;
  }
  return text === '' || text === '.' || text === '..';
}

/** A lone surrogate: with the `u` flag `\p{Cs}` matches only unpaired halves, never a pair. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATE_ALL = /\p{Cs}/gu;

/**
 * Why `id` can name nothing in Airflow's API, or `undefined` when it may be sent: text that is not
 * well-formed (a lone surrogate, which `encodeURIComponent` throws on and no Airflow id holds), or
 * an id that would leave its path segment ({@link isEscapingId}). The one check of every id that
 * enters the bot (Slack commands and buttons, alert events, webhook actions) and of {@link apiPath},
 * so an id that passed its entry point never fails later on the way to Airflow.
 *
 * @example
 * idProblem('etl_daily') // undefined
 * idProblem('%2e%2e') // 'must not be empty, `.` or `..` (percent-encoded or not)'
 */
export function idProblem(id: string): string | undefined {
  if (LONE_SURROGATE.test(id)) return 'must be well-formed text (it holds a lone surrogate)';
  if (isEscapingId(id)) return 'must not be empty, `.` or `..` (percent-encoded or not)';
  return undefined;
}

/** Percent-decodes what can be decoded; a malformed escape (`%zz`) is left as it is. */
function decodeOnce(text: string): string {
  return text.replace(/%[0-9A-Fa-f]{2}/g, (escape) => String.fromCharCode(Number.parseInt(escape.slice(1), 16)));
}

/**
 * Builds a request path in which every interpolated value is one URL-encoded path segment. Run ids
 * such as `scheduled__2024-01-01T00:00:00+00:00` or `manual/with/slashes` must reach Airflow whole:
 * an unencoded `/` would split the segment and a `+` would arrive as a space. `encodeURIComponent`
 * keeps dots, so an id that URL resolution would read as `.` or `..` is refused here, whatever
 * entry point it came from.
 *
 * @throws `BotError('invalid')` when a value is empty, `.` or `..` (percent-encoded or not), or not
 *   well-formed text ({@link idProblem}).
 * @example
 * apiPath`api/v1/dags/${'etl'}/dagRuns/${'manual/1'}` // 'api/v1/dags/etl/dagRuns/manual%2F1'
 */
export function apiPath(literals: TemplateStringsArray, ...segments: Array<string | number>): string {
  for (const segment of segments) {
    const text = String(segment);
    if (idProblem(text) === undefined) continue;
    const what = isEscapingId(text) ? 'An empty id, `.` or `..`' : 'An id that is not well-formed text';
    throw new BotError('invalid', `${what} names nothing in Airflow: use the real DAG, run and task ids.`, {
      details: { segment: text.slice(0, 20).replace(LONE_SURROGATE_ALL, '\uFFFD') },
    });
  }
  return literals.reduce(
    (path, literal, index) =>
      index === 0 ? literal : path + encodeURIComponent(String(segments[index - 1])) + literal,
    '',
  );
}
