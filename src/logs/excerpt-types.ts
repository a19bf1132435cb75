/** The part of a task log that explains a failure, chosen by `src/logs/excerpt.ts`. */
export interface LogExcerptSection {
  /** e.g. `Around the first error` or `Last lines`. */
  title: string;
  /** 1-based number of `lines[0]` in the whole log. */
  firstLineNumber: number;
  lines: string[];
}

export interface LogExcerpt {
  sections: LogExcerptSection[];
  /** Lines in the log that was read. */
  totalLines: number;
  /** True when an error line or a Python traceback was found. */
  errorFound: boolean;
  /** True when lines were left out (the full log is in the Airflow UI). */
  truncated: boolean;
}
