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
 * @throws `BotError('invalid')` when a value is empty, `.` or `..` (percent-encoded or not).
 * @example
 * apiPath`api/v1/dags/${'etl'}/dagRuns/${'manual/1'}` // 'api/v1/dags/etl/dagRuns/manual%2F1'
 */
export function apiPath(literals: TemplateStringsArray, ...segments: Array<string | number>): string {
  for (const segment of segments) {
    if (isEscapingId(String(segment))) {
      throw new BotError('invalid', 'An empty id, `.` or `..` names nothing in Airflow: use the real DAG, run and task ids.', {
        details: { segment: String(segment).slice(0, 20) },
      });
    }
  }
  return literals.reduce(
    (path, literal, index) =>
      index === 0 ? literal : path + encodeURIComponent(String(segments[index - 1])) + literal,
    '',
  );
}
