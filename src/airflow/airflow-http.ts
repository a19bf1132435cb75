import { isBotError } from '../errors';
import type { Authenticator } from './authenticator';
import type { AirflowRequest, HttpTransport, StreamedResponse } from './http-transport';

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
  /** A streamed GET with credentials, renewed once after a 401 like `send`. */
  stream(request: AirflowRequest, accept: string): Promise<StreamedResponse>;
}

export function createAirflowHttp(transport: HttpTransport, authenticator: Authenticator): AirflowHttp {
  const withCredentials = async <T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T> => {
    const grant = await authenticator.current();
    try {
      return await call(grant.headers);
    } catch (error) {
      if (!isBotError(error) || error.details.status !== 401) throw error;
      await authenticator.renew(grant);
      const renewed = await authenticator.current();
      return call(renewed.headers);
    }
  };
  const http: AirflowHttp = {
    send: (request) => withCredentials((headers) => transport.send(request, headers)),
    stream: (request, accept) => withCredentials((headers) => transport.stream(request, accept, headers)),
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
