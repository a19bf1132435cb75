import { existsSync, readFileSync } from 'node:fs';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** `    at name (/var/task/handlers/slack-events.js:3:1402)`, or the same without a name. */
const FRAME = /^(\s*at (?:.*? \()?)([^()\s]+\.js):(\d+):(\d+)(\)?)$/;

/** Each bundle's source map, read on first need; `null` for a file that has none. */
const maps = new Map<string, TraceMap | null>();

/**
 * A stack trace whose frames in a bundled `.js` file (one with a `.js.map` beside it, outside
 * `node_modules`) point at the TypeScript they came from: `at translateError
 * (src/credentials/secrets-manager-source.ts:54:14)`. Other frames are left as they are.
 *
 * Node can do this itself (`--enable-source-maps`), but it then reads and decodes the whole map
 * while the bundle loads, on every cold start. Here a bundle's map is read when the first error
 * is logged, and kept for the container's later ones.
 *
 * @example
 * logger.error({ stack: sourceMappedStack(error.stack) });
 */
export function sourceMappedStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack; // Node maps them already
  return stack
    .split('\n')
    .map((line) => mapFrame(line))
    .join('\n');
}

function mapFrame(line: string): string {
  const frame = FRAME.exec(line);
  if (frame === null) return line;
  const [, prefix, file, lineNumber, column, suffix] = frame as unknown as [string, string, string, string, string, string];
  const map = sourceMapOf(file);
  if (map === null) return line;
  const original = originalPositionFor(map, { line: Number(lineNumber), column: Number(column) - 1 });
  if (original.source === null) return line;
  return `${prefix}${readableSource(original.source)}:${original.line}:${original.column + 1}${suffix}`;
}

function sourceMapOf(file: string): TraceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    map = readSourceMap(file);
    maps.set(file, map);
  }
  return map;
}

function readSourceMap(file: string): TraceMap | null {
  const mapFile = `${file}.map`;
  if (file.split(/[\\/]/).includes('node_modules') || !existsSync(mapFile)) return null;
  try {
    return new TraceMap(readFileSync(mapFile, 'utf8'));
  } catch {
    return null; // an unreadable map leaves the stack as it is rather than losing the log line
  }
}

/** The map's sources are relative to where the bundle was built: `../../src/x.ts` → `src/x.ts`. */
function readableSource(source: string): string {
  return source.replace(/^(\.\.\/|\.\/)+/, '');
}

/** Forgets the source maps read so far (tests). */
export function clearSourceMaps(): void {
  maps.clear();
}
