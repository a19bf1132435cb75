import type { Clock } from '../../src/clock';
import type { DemoUser } from './auth/basic-auth';
import type { JwtIssuer } from './auth/jwt';
import type { DemoApiError } from './errors';
import type { Router } from './http/router';
import type { DemoRequest, DemoResponse } from './http/types';
import type { LogTokenSigner } from './logs/log-pages';
import type { DemoStore } from './store';

/** What the routes of either dialect work with. */
export interface DemoContext {
  store: DemoStore;
  clock: Clock;
  user: DemoUser;
  logTokens: LogTokenSigner;
  jwt: JwtIssuer;
}

/** One API dialect: its routes, how it checks callers, and how it spells errors. */
export interface DialectServer {
  router: Router;
  /** `undefined` when the caller may go on; the error to answer otherwise. Public routes always pass. */
  authenticate(request: DemoRequest): DemoApiError | undefined;
  errorResponse(error: DemoApiError): DemoResponse;
  /** The answer when no route serves the path (`none`) or not with this method (`wrong_method`). */
  noRoute(path: string, kind: 'none' | 'wrong_method'): DemoResponse;
}
