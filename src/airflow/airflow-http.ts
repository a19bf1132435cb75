import { isBotError } from '../errors';
import type { Authenticator } from './authenticator';
import type { AirflowRequest, HttpTransport } from './http-transport';

/** Requests to one deployment, with its credentials. */
export interface AirflowHttp {
  /** Sends with credentials; after a 401, renews them once and sends once more. A second 401 is `unauthorized`. */
  send(request: AirflowRequest): Promise<unknown>;
  /** Sends without credentials, for the routes Airflow leaves open (the version probes). */
  sendAnonymous(request: AirflowRequest): Promise<unknown>;
  /**
   * Sends an open route without credentials, and again with them when refused with 401 or 403:
   * a gateway in front of Airflow (Astro's, for one) may guard every route, open ones included.
   */
  sendOpen(request: AirflowRequest): Promise<unknown>;
}

export function createAirflowHttp(transport: HttpTransport, authenticator: Authenticator): AirflowHttp {
  const http: AirflowHttp = {
    async send(request) {
      const grant = await authenticator.current();
      try {
        return await transport.send(request, grant.headers);
      } catch (error) {
        if (!isBotError(error) || error.details.status !== 401) throw error;
        await authenticator.renew(grant);
        const renewed = await authenticator.current();
        return transport.send(request, renewed.headers);
      }
    },
    sendAnonymous: (request) => transport.send(request),
    async sendOpen(request) {
      try {
        return await transport.send(request);
      } catch (error) {
        if (!isBotError(error) || (error.details.status !== 401 && error.details.status !== 403)) throw error;
        return http.send(request);
      }
    },
  };
  return http;
}
