/**
 * Builds a request path in which every interpolated value is one URL-encoded path segment. Run ids
 * such as `scheduled__2024-01-01T00:00:00+00:00` or `manual/with/slashes` must reach Airflow whole:
 * an unencoded `/` would split the segment and a `+` would arrive as a space.
 *
 * @example
 * apiPath`api/v1/dags/${'etl'}/dagRuns/${'manual/1'}` // 'api/v1/dags/etl/dagRuns/manual%2F1'
 */
export function apiPath(literals: TemplateStringsArray, ...segments: Array<string | number>): string {
  return literals.reduce(
    (path, literal, index) =>
      index === 0 ? literal : path + encodeURIComponent(String(segments[index - 1])) + literal,
    '',
  );
}
