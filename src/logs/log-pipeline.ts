import { LogExcerptCollector, type LogExcerptOptions } from './excerpt-collector';
import type { LogCut, LogExcerpt } from './excerpt-types';
import { FULL_LOG_FILE_LIMITS, FullLogFileBuilder, type FullLogFile, type FullLogFileLimits } from './full-log-file';
import { SecretMasker } from './mask-secrets';
import type { RenderLine } from './recent-lines';
import type { Skimming } from './skim-stretches';

/** How a read of a log ended: how much was read, and why it stopped early if it did. */
export interface LogFeedResult {
  bytesRead: number;
  stoppedBy?: LogCut['reason'];
}

/**
 * Takes each line of a log. With `render`, `line` is a raw record the reader found uninteresting,
 * to be rendered (by `render`) only if its text is needed. A sink with `skimming` lets a streamed
 * read pass over long stretches it looks for nothing in (see `LineSkimmer`); one without is handed
 * every line.
 */
export type LogLineSink = ((line: string, render?: RenderLine) => void) & { skimming?: Skimming };

/** A read of a whole log that hands each line to `onLine` as it arrives. */
export type LogFeed = (onLine: LogLineSink) => Promise<LogFeedResult>;

/**
 * The masked excerpt of a log read through `feed`. Every line passes the private key tracking;
 * the lines kept are masked (known values, secret shapes) before they are cut to fit. The worker
 * and the excerpt command both go through here.
 *
 * @example
 * const excerpt = await excerptFromFeed((onLine) => client.readLog(ref, 2, onLine), await client.credentialValues());
 */
export async function excerptFromFeed(feed: LogFeed, knownSecrets: readonly string[], options: Omit<LogExcerptOptions, 'mask'> = {}): Promise<LogExcerpt> {
  const masker = new SecretMasker(knownSecrets);
  const collector = new LogExcerptCollector({ ...options, mask: (line) => masker.maskContent(line) });
  const sink: LogLineSink = (line, render) => {
    // Inside a private key every line must pass the guard, rendered or not.
    if (render && !masker.inPrivateKey) collector.pushUninteresting(line, render);
    else collector.push(masker.guardLine(render ? render(line) : line));
  };
  // Lines far from anything the excerpt looks for are only counted; a private key is read whole.
  sink.skimming = { busy: () => collector.busy || masker.inPrivateKey, skipped: (count) => collector.skip(count) };
  const result = await feed(sink);
  return collector.finish(cutOf(result, collector.lineCount));
}

/** The masked log as a file (see `FullLogFileBuilder`), and where reading stopped if it did. */
export async function fullLogFromFeed(
  feed: LogFeed,
  knownSecrets: readonly string[],
  limits: FullLogFileLimits = FULL_LOG_FILE_LIMITS,
): Promise<FullLogFile & { cut?: LogCut }> {
  const masker = new SecretMasker(knownSecrets);
  const file = new FullLogFileBuilder(limits);
  const result = await feed((line, render) => file.push(masker.maskLine(render ? render(line) : line)));
  const built = file.finish();
  const cut = cutOf(result, built.totalLines);
  return cut ? { ...built, cut } : built;
}

function cutOf(result: LogFeedResult, lines: number): LogCut | undefined {
  return result.stoppedBy ? { reason: result.stoppedBy, afterBytes: result.bytesRead, afterLines: lines } : undefined;
}
