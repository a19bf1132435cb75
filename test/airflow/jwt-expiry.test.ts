import { jwtExpiryMs } from '../../src/airflow/jwt-expiry';
import { jwt } from './payloads';

describe('jwtExpiryMs', () => {
  it('reads exp in milliseconds without checking the signature', () => {
    expect(jwtExpiryMs(jwt(1_700_003_600))).toBe(1_700_003_600_000);
  });

  it.each([
    ['a token without exp', jwt()],
    ['an opaque token', 'astro-api-token'],
    ['a payload that is not JSON', 'a.bm90LWpzb24.c'],
    ['an exp that is not a number', `a.${Buffer.from('{"exp":"soon"}').toString('base64url')}.c`],
  ])('gives undefined for %s', (_, token) => {
    expect(jwtExpiryMs(token)).toBeUndefined();
  });
});
