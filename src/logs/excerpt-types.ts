/** What a section of an excerpt shows, in the order the excerpt gives it room. */
export type LogExcerptSectionKind = 'failure' | 'first-error' | 'tail';

/** A line of a log with its 1-based number in it. */
export interface NumberedLine {
  n: number;
  text: string;
}

/** The part of a task log that explains a failure, chosen by `src/logs/excerpt-collector.ts`. */
export interface LogExcerptSection {
  kind: LogExcerptSectionKind;
  /** e.g. `Why the task failed` or `Last lines`. */
  title: string;
  /** 1-based number of `lines[0]` in the whole log. */
  firstLineNumber: number;
  lines: string[];
}

/** Where and why reading a log stopped before its end. */
export interface LogCut {
  /** Lines read before the cut. */
  afterLines: number;
  /** Bytes read before the cut. */
  afterBytes: number;
  /** `size`: the byte limit; `pages`: the page limit; `time`: the server stopped sending for too long. */
  reason: 'size' | 'pages' | 'time';
}

export interface LogExcerpt {
  /**
   * The lines that say why the task failed, in log order, not always adjacent (see
   * `selectCause`); empty when nothing in the log names a cause.
   */
  cause: NumberedLine[];
  sections: LogExcerptSection[];
  /** Lines in the log that was read. */
  totalLines: number;
  /** True when a cause, a traceback or an error line was found. */
  errorFound: boolean;
  /** True when lines were left out (the full log is in the Airflow UI). */
  truncated: boolean;
  /** Set when the log was not read to its end: the last lines shown are not the log's last. */
  cut?: LogCut;
}
