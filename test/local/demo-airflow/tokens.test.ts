import { JwtIssuer } from '../../../local/demo-airflow/auth/jwt';
import { basicAuthMatches } from '../../../local/demo-airflow/auth/basic-auth';
import { LogTokenSigner, sliceLog } from '../../../local/demo-airflow/logs/log-pages';
import type { LogRecord } from '../../../local/demo-airflow/logs/log-record';
import { movableClock } from './fixtures';

describe('JwtIssuer', () => {
  it('accepts its own token until it expires, then says it expired', () => {
    const time = movableClock();
    const issuer = new JwtIssuer(Buffer.from('secret'), time.clock, 60);
    const token = issuer.issue('admin');
    expect(issuer.verify(token)).toEqual({ ok: true, subject: 'admin' });
    time.advance(59_000);
    expect(issuer.verify(token)).toEqual({ ok: true, subject: 'admin' });
    time.advance(1_000);
    expect(issuer.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret, a changed payload, or garbage', () => {
    const { clock } = movableClock();
    const token = new JwtIssuer(Buffer.from('one'), clock).issue('admin');
    const issuer = new JwtIssuer(Buffer.from('two'), clock);
    expect(issuer.verify(token)).toEqual({ ok: false, reason: 'invalid' });
    const own = issuer.issue('admin').split('.');
    const otherPayload = Buffer.from(JSON.stringify({ sub: 'root', exp: 9_999_999_999 })).toString('base64url');
    expect(issuer.verify(`${own[0]}.${otherPayload}.${own[2]}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(issuer.verify('not-a-jwt')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('basicAuthMatches', () => {
  const user = { username: 'admin', password: 'p:ss' };
  const header = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

  it('accepts the right user and a password holding a colon', () => {
    expect(basicAuthMatches(header('admin:p:ss'), user)).toBe(true);
  });

  it('refuses a wrong password, another scheme, or no header', () => {
    expect(basicAuthMatches(header('admin:nope'), user)).toBe(false);
    expect(basicAuthMatches('Bearer abc', user)).toBe(false);
    expect(basicAuthMatches(undefined, user)).toBe(false);
  });
});

describe('log paging', () => {
  const records: LogRecord[] = Array.from({ length: 150 }, (_, i) => ({ at: i, level: 'INFO', source: 'x.py:1', message: `line ${i}` }));

  it('pages 100 records at a time and ends a finished log on its last page', () => {
    expect(sliceLog(records, 0, false, true)).toMatchObject({ nextPosition: 100, endOfLog: false });
    const last = sliceLog(records, 100, false, true);
    expect([last.records.length, last.nextPosition, last.endOfLog]).toEqual([50, 150, true]);
  });

  it('never ends the log of a running try', () => {
    expect(sliceLog(records, 0, true, false)).toMatchObject({ nextPosition: 150, endOfLog: false });
  });

  it('reads back its own tokens and refuses changed ones', () => {
    const signer = new LogTokenSigner(Buffer.from('key'));
    const token = signer.encode({ logPos: 100, endOfLog: false });
    expect(signer.decode(token)).toEqual({ logPos: 100, endOfLog: false });
    const [, signature] = token.split('.');
    const changed = `${Buffer.from(JSON.stringify({ log_pos: 0, end_of_log: false })).toString('base64url')}.${signature}`;
    expect(signer.decode(changed)).toBeUndefined();
    expect(new LogTokenSigner(Buffer.from('other')).decode(token)).toBeUndefined();
  });
});
