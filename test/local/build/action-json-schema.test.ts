import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { ACTION_JSON_SCHEMA_PATH, actionJsonSchemaText } from '../../../local/build/action-json-schema';
import { actionPayloadSchema } from '../../../src/webhook-actions/action-payload';

const committed = readFileSync(path.join(__dirname, '..', '..', '..', ACTION_JSON_SCHEMA_PATH), 'utf8');

describe('the published webhook action JSON Schema', () => {
  it('is the one generated from the payload schema (regenerate: npm run action-schema)', () => {
    expect(committed).toBe(actionJsonSchemaText());
  });

  const validate = new Ajv2020({ strict: false }).compile(JSON.parse(committed) as object);
  const samples: unknown[] = [
    { action: 'lookup', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'load' },
    { action: 'note', deployment: 'prod', dag_id: 'etl', run: '2026-11-22', task_id: 'load', map_index: 3, note: 'Row count 40 % low' },
    { action: 'mark', deployment: 'prod', dag_id: 'etl', run: 'manual__1', task_id: 'load', state: 'failed', downstream: true, confirm: true },
    { action: 'clear', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'load', downstream: true, idempotency_key: 'k-1', version: 1 },
    { action: 'mark', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'load', state: 'running' },
    { action: 'mark', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'a/b', state: 'failed' },
    { action: 'note', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'load', note: 'x'.repeat(1001) },
    { action: 'clear', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'load', confirm: 'yes' },
    { action: 'delete', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'load' },
    { action: 'lookup', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'load', map_index: 'abc' },
    { action: 'lookup', deployment: 'prod', dag_id: 'etl', run: 'latest', task_id: 'load', extra: 1 },
  ];

  it.each(samples.map((sample) => [JSON.stringify(sample).slice(0, 90), sample]))('agrees with the endpoint on %s', (_name, sample) => {
    expect(validate(sample)).toBe(actionPayloadSchema.safeParse(sample).success);
  });
});
