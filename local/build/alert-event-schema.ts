import { z } from 'zod';
import { alertEventSchema } from '../../src/alerts/alert-event';

/** Where the published schema lives, relative to the repository root. */
export const ALERT_EVENT_SCHEMA_FILE = 'schemas/alert-event.v1.json';

/**
 * The published JSON Schema of the alert event, generated from the zod schema `POST /alerts/{source}`
 * validates with (`src/alerts/alert-event.ts`). The committed `schemas/alert-event.v1.json` must
 * equal it (a test checks it).
 */
export function alertEventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(alertEventSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/** The file's exact text: two-space JSON with a final newline. */
export function alertEventJsonSchemaText(): string {
  return `${JSON.stringify(alertEventJsonSchema(), null, 2)}\n`;
}
