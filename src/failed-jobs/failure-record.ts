import { z } from 'zod';

/**
 * What Lambda sends an asynchronous invocation's on-failure destination: the event it could not
 * process (`requestPayload`), why (`condition`: `RetriesExhausted` when the function failed, timed
 * out or crashed; `EventAgeExceeded` when it never ran in time), and the function's error.
 * Fields AWS may add later are ignored.
 */
const failureRecordSchema = z.object({
  requestContext: z.object({
    requestId: z.string(),
    condition: z.string(),
    approximateInvokeCount: z.number().optional(),
  }),
  requestPayload: z.unknown(),
  responsePayload: z.unknown().optional(),
});

export type FailureRecord = z.infer<typeof failureRecordSchema>;

/** The record, or `undefined` for anything that is not one (nothing to report then). */
export function readFailureRecord(input: unknown): FailureRecord | undefined {
  const parsed = failureRecordSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

/** The function's error type (`Sandbox.Timedout`, `Runtime.ExitError`…), for the log. */
export function errorTypeOf(record: FailureRecord): string | undefined {
  const payload = record.responsePayload as { errorType?: unknown } | null | undefined;
  return typeof payload?.errorType === 'string' ? payload.errorType : undefined;
}
