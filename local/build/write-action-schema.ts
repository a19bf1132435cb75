/**
 * `npm run action-schema`: writes the webhook action JSON Schema from the zod schema in
 * `src/webhook-actions/action-payload.ts`. Run it after changing that file; a test fails while the
 * committed file differs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_JSON_SCHEMA_PATH, actionJsonSchemaText } from './action-json-schema';

mkdirSync(path.dirname(ACTION_JSON_SCHEMA_PATH), { recursive: true });
writeFileSync(ACTION_JSON_SCHEMA_PATH, actionJsonSchemaText());
process.stdout.write(`wrote ${ACTION_JSON_SCHEMA_PATH}\n`);
