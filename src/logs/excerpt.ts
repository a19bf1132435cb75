import { LogExcerptCollector, type LogExcerptOptions } from './excerpt-collector';
import type { LogCut, LogExcerpt } from './excerpt-types';

export type { LogExcerptOptions } from './excerpt-collector';
export { CAUSE_TITLE, SECTION_TITLES } from './excerpt-selection';
export { CUT_TAIL_TITLE } from './excerpt-collector';

/**
 * The excerpt of a log already in memory: the same collector the streamed reads feed, for tests,
 * the excerpt command and short texts.
 *
 * @example
 * buildLogExcerpt(['start', 'ERROR - boom', 'done'], { contextBefore: 1, tailLines: 1 });
 * // { sections: [{ kind: 'first-error', title: 'Around the first error', firstLineNumber: 1, lines: ['start', 'ERROR - boom', 'done'] }],
 * //   totalLines: 3, errorFound: true, truncated: false }
 */
export function buildLogExcerpt(lines: Iterable<string>, options: LogExcerptOptions = {}, cut?: LogCut): LogExcerpt {
  const collector = new LogExcerptCollector(options);
  for (const line of lines) collector.push(line);
  return collector.finish(cut);
}
