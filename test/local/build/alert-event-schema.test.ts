import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALERT_EVENT_SCHEMA_FILE, alertEventJsonSchemaText } from '../../../local/build/alert-event-schema';

describe('the published alert event schema', () => {
  it('is the file generated from the event definition (run npm run alert-schema after changing it)', () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', '..', ALERT_EVENT_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(alertEventJsonSchemaText());
  });
});
