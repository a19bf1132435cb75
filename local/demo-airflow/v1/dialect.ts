/**
 * The Airflow 2 demo: `/api/v1` behind HTTP basic auth (the `basic_auth` backend), with errors as
 * problem details. Nothing else is served: `/api/v2` and `/auth/token` are 404 here, as on a real
 * Airflow 2.
 */
import { basicAuthMatches } from '../auth/basic-auth';
import type { DemoContext, DialectServer } from '../context';
import { DemoApiError } from '../errors';
import { Router } from '../http/router';
import { addV1ActionRoutes } from './action-routes';
import { v1ErrorResponse, v1Problem } from './problem';
import { addV1ReadRoutes, V1 } from './read-routes';

/** Routes anyone may call, as on Airflow 2. */
const PUBLIC_PATHS: ReadonlySet<string> = new Set([`${V1}/version`]);

export function v1Dialect(ctx: DemoContext): DialectServer {
  const router = new Router();
  addV1ReadRoutes(router, ctx);
  addV1ActionRoutes(router, ctx);
  return {
    router,
    authenticate: (request) => {
      if (PUBLIC_PATHS.has(request.path)) return undefined;
      if (basicAuthMatches(request.headers.authorization, ctx.user)) return undefined;
      return new DemoApiError(401, 'Invalid or missing credentials. This API takes HTTP basic authentication.');
    },
    errorResponse: v1ErrorResponse,
    noRoute: (path, kind) => {
      if (!path.startsWith(`${V1}/`)) return { status: 404, text: 'Not Found', contentType: 'text/plain; charset=utf-8' };
      return kind === 'wrong_method'
        ? v1Problem(405, 'The method is not allowed for the requested URL.')
        : v1Problem(404, 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.');
    },
  };
}
