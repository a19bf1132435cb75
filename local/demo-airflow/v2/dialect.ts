/**
 * The Airflow 3 demo: `/api/v2` behind JWT bearer tokens from `POST /auth/token`, with FastAPI's
 * error bodies. Nothing of `/api/v1` is served, as on a real Airflow 3.
 */
import type { DemoContext, DialectServer } from '../context';
import { DemoApiError } from '../errors';
import { Router } from '../http/router';
import { addV2ActionRoutes } from './action-routes';
import { v2ErrorResponse } from './fastapi-errors';
import { addHitlRoutes } from './hitl-routes';
import { addV2ReadRoutes, V2 } from './read-routes';
import { bearerToken } from './request';
import { addTokenRoute, TOKEN_PATH } from './token-route';

/** Routes that need no token, as on Airflow 3. */
const PUBLIC_PATHS: ReadonlySet<string> = new Set([`${V2}/version`, TOKEN_PATH]);

export function v2Dialect(ctx: DemoContext): DialectServer {
  const router = new Router();
  addTokenRoute(router, ctx);
  addV2ReadRoutes(router, ctx);
  addV2ActionRoutes(router, ctx);
  addHitlRoutes(router, ctx);
  return {
    router,
    authenticate: (request) => {
      if (PUBLIC_PATHS.has(request.path)) return undefined;
      const token = bearerToken(request);
      if (!token) return new DemoApiError(401, 'Not authenticated');
      const check = ctx.jwt.verify(token);
      if (check.ok) return undefined;
      // Airflow 3 tells an expired token (401, fetch a new one) from a forged or foreign one (403).
      return check.reason === 'expired' ? new DemoApiError(401, 'Token Expired') : new DemoApiError(403, 'Invalid JWT token');
    },
    errorResponse: v2ErrorResponse,
    noRoute: (_path, kind) =>
      kind === 'wrong_method' ? { status: 405, json: { detail: 'Method Not Allowed' } } : { status: 404, json: { detail: 'Not Found' } },
  };
}
