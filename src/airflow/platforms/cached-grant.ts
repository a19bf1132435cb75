import type { Clock } from '../../clock';
import type { AuthGrant, Authenticator } from '../authenticator';

/** Credentials a platform obtained, and until when they are sent. */
export interface ObtainedGrant {
  headers: Record<string, string>;
  /** Epoch ms; renewed before this instant. */
  usableUntil: number;
}

/**
 * An authenticator over credentials that cost a round trip to obtain (a login, a token exchange):
 * kept until `usableUntil`, obtained by one call at a time that everyone waiting shares, and
 * renewed at most once per generation after a 401.
 */
export function createCachedGrantAuthenticator(obtain: () => Promise<ObtainedGrant>, clock: Clock): Authenticator {
  let cached: (ObtainedGrant & { generation: number }) | undefined;
  let obtaining: Promise<AuthGrant> | undefined;
  let generation = 0;

  const fetchGrant = (): Promise<AuthGrant> => {
    obtaining ??= obtain()
      .then((grant) => {
        generation += 1;
        cached = { ...grant, generation };
        return { headers: grant.headers, generation };
      })
      .finally(() => {
        obtaining = undefined;
      });
    return obtaining;
  };

  return {
    current() {
      if (cached && clock() < cached.usableUntil) return Promise.resolve({ headers: cached.headers, generation: cached.generation });
      return fetchGrant();
    },
    async renew(grant) {
      if (grant.generation !== generation) return;
      cached = undefined;
      await fetchGrant();
    },
  };
}
