import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging/logger';

/** A real pino logger whose JSON lines are parsed into `lines`, for exact assertions. */
export function collectingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text.length > 0) lines.push(JSON.parse(text) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}
