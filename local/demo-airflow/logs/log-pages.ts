/**
 * Reading a log a page at a time, with an opaque continuation token like Airflow's: a signed
 * `{log_pos, end_of_log}`. A forged or damaged token is refused, as Airflow refuses one with a bad
 * signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LogRecord } from './log-record';

/** Records per page when the caller does not ask for the full content. */
export const LOG_PAGE_SIZE = 100;

export interface LogSlice {
  records: LogRecord[];
  /** Where the next page starts. */
  nextPosition: number;
  /** True once a finished try's log has been read to its end. */
  endOfLog: boolean;
}

/** The page of `records` that starts at `position`. A running try's log never ends. */
export function sliceLog(records: LogRecord[], position: number, fullContent: boolean, finished: boolean): LogSlice {
  const end = fullContent ? records.length : Math.min(records.length, position + LOG_PAGE_SIZE);
  const page = records.slice(position, end);
  return { records: page, nextPosition: Math.max(end, position), endOfLog: finished && end >= records.length };
}

export interface LogPosition {
  logPos: number;
  endOfLog: boolean;
}

/** Signs and reads continuation tokens with one server's secret. */
export class LogTokenSigner {
  constructor(private readonly secret: Buffer) {}

  encode(position: LogPosition): string {
    const payload = Buffer.from(JSON.stringify({ log_pos: position.logPos, end_of_log: position.endOfLog })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position in a token, or `undefined` when the token was not made by this server. */
  decode(token: string): LogPosition | undefined {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return undefined;
    const { log_pos: logPos, end_of_log: endOfLog } = decoded as Record<string, unknown>;
    if (typeof logPos !== 'number' || !Number.isInteger(logPos) || logPos < 0 || typeof endOfLog !== 'boolean') return undefined;
    return { logPos, endOfLog };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
