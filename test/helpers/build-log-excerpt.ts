import { LogExcerptCollector, type LogExcerptOptions } from '../../src/logs/excerpt-collector';
import type { LogCut, LogExcerpt } from '../../src/logs/excerpt-types';

/**
 * The excerpt of a log already in memory, for tests: the same collector the streamed reads feed
 * (`src/logs/log-pipeline.ts` in the functions, `npm run excerpt` locally).
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
