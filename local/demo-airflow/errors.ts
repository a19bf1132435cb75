/**
 * An HTTP error answer of the demo Airflow. This is the fake server's side of the wire, not the
 * bot's error model: each dialect spells it the way its real Airflow does (v1 RFC 7807 problem,
 * v2 FastAPI `{detail}`).
 */

/** One field a request got wrong, as FastAPI reports it in a 422 (`loc`, `msg`, `type`, `input`). */
export interface FieldProblem {
  location: (string | number)[];
  message: string;
  type: string;
  input: unknown;
  context?: Record<string, unknown>;
}

export class DemoApiError extends Error {
  override readonly name = 'DemoApiError';

  constructor(
    readonly status: number,
    readonly detail: string,
    /** For validation failures: every field at fault. */
    readonly problems: FieldProblem[] = [],
  ) {
    super(detail);
  }
}

/** 404 with Airflow's wording for a missing object. */
export function notFound(detail: string): DemoApiError {
  return new DemoApiError(404, detail);
}
