/**
 * `npm run alert-schema`: writes the published JSON Schema of the alert event from its one
 * definition in `src/alerts/alert-event.ts`. A test fails while the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALERT_EVENT_SCHEMA_FILE, alertEventJsonSchemaText } from './alert-event-schema';

const file = path.resolve(ALERT_EVENT_SCHEMA_FILE);
writeFileSync(file, alertEventJsonSchemaText());
process.stdout.write(`Wrote ${file}\n`);
