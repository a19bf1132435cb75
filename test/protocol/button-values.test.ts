import fc from 'fast-check';
import { BotError } from '../../src/errors';
import {
  BUTTON_VALUE_MAX_LENGTH,
  decodeAddress,
  decodePreviewId,
  encodeAddress,
  encodePreviewId,
} from '../../src/protocol/button-values';
import type { TaskInstanceAddress } from '../../src/protocol/interaction-types';

const address: TaskInstanceAddress = {
  deployment: 'demo-v2',
  dagId: 'etl_daily',
  runId: 'scheduled__2024-05-01T00:00:00+00:00',
  taskId: 'load.orders',
  mapIndex: 3,
  tryNumber: 2,
};

const longId = (char: string): string => char.repeat(250);

/** Runs `run` and returns what it threw, or what it returned when it did not throw. */
function catchError(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error;
  }
}

function expectInvalid(run: () => unknown, message: string | RegExp): void {
  const caught = catchError(run);
  expect(caught).toBeInstanceOf(BotError);
  const botError = caught as BotError;
  expect(botError.kind).toBe('invalid');
  expect(botError.userMessage).toMatch(message);
}

const DAMAGED = /^This button is damaged or out of date\./;

describe('encodeAddress / decodeAddress', () => {
  it('encodes an address as compact JSON with one-letter keys', () => {
    expect(encodeAddress(address)).toBe(
      '{"v":1,"d":"demo-v2","g":"etl_daily","r":"scheduled__2024-05-01T00:00:00+00:00","t":"load.orders","m":3,"n":2}',
    );
  });

  it('round-trips an address with and without a try number', () => {
    expect(decodeAddress(encodeAddress(address))).toEqual(address);
    const withoutTry: TaskInstanceAddress = { deployment: 'prod', dagId: 'd', runId: 'r', taskId: 't', mapIndex: -1 };
    const decoded = decodeAddress(encodeAddress(withoutTry));
    expect(decoded).toEqual(withoutTry);
    expect('tryNumber' in decoded).toBe(false);
  });

  it('fits 250-character DAG, run and task ids, even when the run id needs JSON escaping', () => {
    const worst: TaskInstanceAddress = {
      ...address,
      dagId: longId('d'),
      runId: longId('"'),
      taskId: longId('t'),
      tryNumber: 99,
    };
    const value = encodeAddress(worst);
    expect(value.length).toBeLessThanOrEqual(BUTTON_VALUE_MAX_LENGTH);
    expect(decodeAddress(value)).toEqual(worst);
  });

  it('round-trips any ids within Airflow bounds, or refuses them with a BotError when they cannot fit', () => {
    const id = fc.string({ minLength: 1, maxLength: 250, unit: 'binary' });
    const check = (): void =>
      fc.assert(
        fc.property(id, id, id, fc.integer({ min: -1, max: 100000 }), (dagId, runId, taskId, mapIndex) => {
          const candidate = { deployment: 'prod', dagId, runId, taskId, mapIndex };
          const outcome = catchError(() => encodeAddress(candidate));
          if (outcome instanceof BotError) {
            // Only ids heavy with control characters (six-character JSON escapes) can be too long.
            return outcome.kind === 'invalid' && JSON.stringify(candidate).length > BUTTON_VALUE_MAX_LENGTH - 30;
          }
          return (
            typeof outcome === 'string' &&
            outcome.length <= BUTTON_VALUE_MAX_LENGTH &&
            JSON.stringify(decodeAddress(outcome)) === JSON.stringify(candidate)
          );
        }),
        { numRuns: 100 },
      );
    expect(check).not.toThrow();
  });

  it('throws a clear error when the encoded value would exceed 2000 characters', () => {
    // Control characters become six-character \u escapes in JSON.
    const tooLong = { ...address, dagId: longId('d'), runId: longId('\u0001'), taskId: longId('t') };
    expectInvalid(
      () => encodeAddress(tooLong),
      /^The ids of this task instance are too long for a Slack button \(\d{4} characters encoded; Slack allows 2000\)\.$/,
    );
  });

  it('refuses to encode ids that Airflow could not hold', () => {
    expectInvalid(() => encodeAddress({ ...address, dagId: '' }), /^This task instance cannot be put on a Slack button: DAG id: /);
    expectInvalid(
      () => encodeAddress({ ...address, taskId: 'x'.repeat(251) }),
      /^This task instance cannot be put on a Slack button: task id: /,
    );
    expectInvalid(
      () => encodeAddress({ ...address, mapIndex: -2 }),
      /^This task instance cannot be put on a Slack button: map index: /,
    );
    expectInvalid(
      () => encodeAddress({ ...address, tryNumber: 1.5 }),
      /^This task instance cannot be put on a Slack button: try number: /,
    );
  });

  it.each([
    ['an empty value', ''],
    ['text that is not JSON', 'not json'],
    ['a JSON array', '[1,2,3]'],
    ['JSON null', 'null'],
    ['another format version', '{"v":2,"d":"p","g":"g","r":"r","t":"t","m":-1}'],
    ['a missing key', '{"v":1,"d":"p","g":"g","r":"r","m":-1}'],
    ['an unknown key', '{"v":1,"d":"p","g":"g","r":"r","t":"t","m":-1,"x":1}'],
    ['an empty id', '{"v":1,"d":"p","g":"","r":"r","t":"t","m":-1}'],
    ['a map index below -1', '{"v":1,"d":"p","g":"g","r":"r","t":"t","m":-5}'],
    ['a fractional map index', '{"v":1,"d":"p","g":"g","r":"r","t":"t","m":0.5}'],
    ['a negative try', '{"v":1,"d":"p","g":"g","r":"r","t":"t","m":-1,"n":-1}'],
    ['a number where a string belongs', '{"v":1,"d":"p","g":7,"r":"r","t":"t","m":-1}'],
    ['an id longer than 250 characters', `{"v":1,"d":"p","g":"${'g'.repeat(251)}","r":"r","t":"t","m":-1}`],
    ['a value over 2000 characters', `{"v":1,"d":"p","g":"g","r":"r","t":"t","m":-1,"pad":"${' '.repeat(2000)}"}`],
  ])('throws BotError(invalid) for %s', (_label, value) => {
    expectInvalid(() => decodeAddress(value), DAMAGED);
  });

  it('names the bad field in the error details, not its value', () => {
    const error = catchError(() => decodeAddress('{"v":1,"d":"p","g":"g","r":"r","t":"t","m":"secret-ish"}'));
    expect(error).toBeInstanceOf(BotError);
    const reason = String((error as BotError).details.reason);
    expect(reason).toMatch(/^map index: /);
    expect(reason).not.toContain('secret-ish');
  });
});

describe('encodePreviewId / decodePreviewId', () => {
  it('carries the preview id and nothing else', () => {
    expect(encodePreviewId('0b6f7c1e-8a1d-4c5e-9f00-2f3d9d1c2a11')).toBe('0b6f7c1e-8a1d-4c5e-9f00-2f3d9d1c2a11');
    expect(decodePreviewId('pv_01HZX3')).toBe('pv_01HZX3');
  });

  it('refuses to encode an id with characters outside letters, digits, - and _', () => {
    expectInvalid(() => encodePreviewId('a b'), /^This preview cannot be put on a Slack button/);
    expectInvalid(() => encodePreviewId(''), /^This preview cannot be put on a Slack button/);
  });

  it.each([
    ['an address', () => encodeAddress(address)],
    ['a button of the older format that carried the whole action', () => JSON.stringify({ v: 1, p: 'pv_1', a: 'success', d: 'prod' })],
    ['an id too long to be the bot\'s', () => 'p'.repeat(129)],
    ['a path', () => '../p1'],
  ])('refuses %s as a preview id', (_label, value) => {
    expectInvalid(() => decodePreviewId(value()), DAMAGED);
  });
});

describe('ids that would leave their path segment', () => {
  it.each(['.', '..', '%2e%2e', '%2E.'])('refuses %p as DAG, run or task id when decoding and when encoding', (id) => {
    for (const key of ['g', 'r', 't']) {
      const value = JSON.stringify({ v: 1, d: 'prod', g: 'etl', r: 'r1', t: 'load', m: -1, [key]: id });
      expect(() => decodeAddress(value)).toThrow('This button is damaged or out of date.');
    }
    expect(() => encodeAddress({ ...address, taskId: id })).toThrow('This task instance cannot be put on a Slack button: task id: must not be empty, `.` or `..` (percent-encoded or not).');
  });
});
