import { BotError } from '../../src/errors';
import { HITL_PARAMS_INPUT_MAX_BYTES, parseWorkerJob } from '../../src/protocol/job-schema';

const request = {
  address: { deployment: 'prod', dagId: 'etl_daily', runId: 'scheduled__2026-12-06T00:00:00+00:00', taskId: 'approve', mapIndex: -1 },
  createdAt: '2026-12-06T09:00:00.000000Z',
};
const slack = { userId: 'UALICE0001', teamId: 'T0000001', channelId: 'C0000001', isEphemeral: false };
const answer = { kind: 'hitl_answer', request, chosen: [0], paramsInput: { reason: 'flaky source' }, slack, requestId: 'req-1' };

function fieldOf(input: unknown): unknown {
  try {
    parseWorkerJob(input);
  } catch (error) {
    if (error instanceof BotError) return error.details.field;
    throw error;
  }
  throw new Error('expected the job to be refused');
}

describe('the human-in-the-loop jobs', () => {
  it('reads an answer and a form job as they are', () => {
    expect(parseWorkerJob(answer)).toEqual(answer);
    const form = { kind: 'hitl_form', request, viewId: 'V0123ABCD', slack };
    expect(parseWorkerJob(form)).toEqual(form);
  });

  it.each([
    ['params past the bound', { ...answer, paramsInput: { text: 'x'.repeat(HITL_PARAMS_INPUT_MAX_BYTES) } }, 'paramsInput'],
    ['no option chosen', { ...answer, chosen: [] }, 'chosen'],
    ['a negative option', { ...answer, chosen: [-1] }, 'chosen.0'],
    ['no request id', { ...answer, requestId: undefined }, 'requestId'],
    ['a field this version does not know', { ...answer, extra: true }, 'job'],
    ['a request without its time', { ...answer, request: { address: request.address } }, 'request.createdAt'],
  ])('refuses %s, naming the field', (_label, job, field) => {
    expect(fieldOf(job)).toBe(field);
  });
});
