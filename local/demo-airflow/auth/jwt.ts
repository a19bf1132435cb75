/**
 * JWTs like Airflow 3's simple auth manager issues: HS512, with `sub`, `iat`, `nbf` and `exp`
 * claims. Signed with a secret that lives only as long as the server, so a restart logs everyone
 * out, as it does on a real deployment with a generated secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../src/clock';

/** Airflow's default `[api_auth] jwt_expiration_time`. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 86_400;

export type TokenCheck = { ok: true; subject: string } | { ok: false; reason: 'invalid' | 'expired' };

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class JwtIssuer {
  constructor(
    private readonly secret: Buffer,
    private readonly clock: Clock,
    private readonly lifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS,
  ) {}

  issue(subject: string): string {
    const now = Math.floor(this.clock() / 1000);
    const header = base64urlJson({ alg: 'HS512', typ: 'JWT' });
    const payload = base64urlJson({
      sub: subject,
      role: 'ADMIN',
      iss: 'demo-airflow',
      aud: 'apache-airflow',
      iat: now,
      nbf: now,
      exp: now + this.lifetimeSeconds,
    });
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  verify(token: string): TokenCheck {
    const [header, payload, signature, ...rest] = token.split('.');
    if (!header || !payload || !signature || rest.length > 0) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    const claims = parseClaims(payload);
    if (!claims) return { ok: false, reason: 'invalid' };
    if (claims.exp <= Math.floor(this.clock() / 1000)) return { ok: false, reason: 'expired' };
    return { ok: true, subject: claims.sub };
  }

  private sign(input: string): string {
    return createHmac('sha512', this.secret).update(input).digest('base64url');
  }
}

function parseClaims(payload: string): { sub: string; exp: number } | undefined {
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { sub, exp } = claims as Record<string, unknown>;
    return typeof sub === 'string' && typeof exp === 'number' ? { sub, exp } : undefined;
  } catch {
    return undefined;
  }
}
