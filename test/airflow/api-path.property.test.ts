import fc from 'fast-check';
import { apiPath, isEscapingId } from '../../src/airflow/api-path';
import { BotError } from '../../src/errors';

/** Pieces that make ids tricky in a URL path: dots, their encodings, separators, and the like. */
const TRICKY = ['.', '..', '%2e', '%2E', '%', '2e', '%25', '/', '\\', '?', '#', ';', '~', ' ', '%2f', '%5c', 'a', '😀', '\u00a0'];
const trickyId = fc.oneof(
  fc.array(fc.constantFrom(...TRICKY), { maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

/** Resolved as an HTTP client resolves it against a deployment's API URL with a path prefix. */
function resolvedSegments(path: string): string[] {
  const url = new URL(path, 'http://airflow.test/prefix/');
  return url.pathname.split('/').slice(1);
}

/** The decoded segments of the resolved path, or `refused` when `build` throws a BotError. */
function segmentsOrRefusal(build: () => string): string[] | 'refused' {
  let path: string;
  try {
    path = build();
  } catch (error) {
    if (error instanceof BotError) return 'refused';
    throw error;
  }
  return resolvedSegments(path).map((segment) => decodeURIComponent(segment));
}

describe('apiPath on any id', () => {
  it('yields a path whose every id stays in its own segment once resolved, or refuses the id', () => {
    fc.assert(
      fc.property(trickyId, trickyId, trickyId, (dagId, runId, taskId) => {
        const escaping = [dagId, runId, taskId].some(isEscapingId);
        expect(segmentsOrRefusal(() => apiPath`api/v2/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}`)).toEqual(
          escaping ? 'refused' : ['prefix', 'api', 'v2', 'dags', dagId, 'dagRuns', runId, 'taskInstances', taskId],
        );
      }),
      { numRuns: 2000 },
    );
  });
});
