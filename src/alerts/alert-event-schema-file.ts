import { alertEventJsonSchema } from './alert-event';

/** Where the published schema lives, relative to the repository root. */
export const ALERT_EVENT_SCHEMA_FILE = 'schemas/alert-event.v1.json';

/** The file's exact text: two-space JSON with a final newline. */
export function alertEventJsonSchemaText(): string {
  return `${JSON.stringify(alertEventJsonSchema(), null, 2)}\n`;
}
