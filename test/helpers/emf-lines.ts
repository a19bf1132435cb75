/**
 * Captures what is written to stdout while `work` runs and returns the lines in CloudWatch's
 * embedded metric format (`_aws.CloudWatchMetrics`), parsed. Powertools Metrics writes them to
 * `process.stdout` itself, not through the logger.
 */
export async function emfLinesOf(work: () => unknown): Promise<EmfLine[]> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as EmfLine)
    .filter((line) => line._aws?.CloudWatchMetrics !== undefined);
}

/** One embedded-metric-format line: the metadata, then the dimensions' and metrics' values as top-level fields. */
export interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [field: string]: unknown;
}
