/**
 * Writes the webhook action JSON Schema from the zod schema:
 * `npx tsx src/webhook-actions/write-json-schema.ts`. Run it after changing `action-payload.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_JSON_SCHEMA_PATH, actionJsonSchemaText } from './action-json-schema';

mkdirSync(path.dirname(ACTION_JSON_SCHEMA_PATH), { recursive: true });
writeFileSync(ACTION_JSON_SCHEMA_PATH, actionJsonSchemaText());
process.stdout.write(`wrote ${ACTION_JSON_SCHEMA_PATH}\n`);
