import { deflateSync } from 'node:zlib';
import { v1LogHasEnded } from '../../src/airflow/v1-log-token';

const dump = (value: object) => `${Buffer.from(JSON.stringify(value)).toString('base64url')}.c2lnbmF0dXJl`;

describe('v1LogHasEnded', () => {
  it('reads end_of_log from a signed token', () => {
    expect(v1LogHasEnded(dump({ end_of_log: true, log_pos: 10 }))).toBe(true);
    expect(v1LogHasEnded(dump({ end_of_log: false, log_pos: 10 }))).toBe(false);
  });

  it('reads a compressed token', () => {
    const payload = deflateSync(Buffer.from(JSON.stringify({ end_of_log: true }))).toString('base64url');
    expect(v1LogHasEnded(`.${payload}.c2ln`)).toBe(true);
  });

  it.each(['', 'opaque', '!!!.sig'])('reads on when the token %p cannot be read', (token) => {
    expect(v1LogHasEnded(token)).toBe(false);
  });
});
