import { z } from 'zod';
import { invalidPayloadResponse } from '../../src/webhooks/invalid-payload';

const schema = z.strictObject({
  task_id: z.string({ error: 'must be a task id' }),
  map_index: z.number({ error: 'must be a whole number from -1 up' }).int().min(-1),
  options: z.strictObject({ downstream: z.boolean({ error: 'must be true or false' }) }).optional(),
});

function refusal(payload: unknown) {
  const parsed = schema.safeParse(payload);
  if (parsed.success) throw new Error('expected a refusal');
  const response = invalidPayloadResponse(parsed.error);
  return { status: response.statusCode, body: JSON.parse(response.body) as unknown };
}

describe('invalidPayloadResponse', () => {
  it('answers 400 naming the field and saying what it must be', () => {
    expect(refusal({ task_id: 't', map_index: 'abc' })).toEqual({
      status: 400,
      body: { error: { code: 'invalid', message: 'map_index: must be a whole number from -1 up', field: 'map_index' } },
    });
  });

  it('names a nested field with its path', () => {
    expect(refusal({ task_id: 't', map_index: 0, options: { downstream: 'yes' } })).toEqual({
      status: 400,
      body: { error: { code: 'invalid', message: 'options.downstream: must be true or false', field: 'options.downstream' } },
    });
  });

  it('names an unknown field itself', () => {
    expect(refusal({ task_id: 't', map_index: 0, colour: 'red' })).toEqual({
      status: 400,
      body: { error: { code: 'invalid', message: 'colour: is not a known field', field: 'colour' } },
    });
  });

  it('leaves the field out when the whole payload is wrong', () => {
    expect(refusal('text')).toEqual({
      status: 400,
      body: { error: { code: 'invalid', message: expect.any(String) } },
    });
  });
});
