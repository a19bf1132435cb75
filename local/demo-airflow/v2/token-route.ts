/**
 * `POST /auth/token` of Airflow 3's simple auth manager: `{username, password}` as JSON or a form
 * gives `201 {access_token}`; wrong credentials give `401 {detail}`.
 */
import { credentialsMatch } from '../auth/basic-auth';
import type { DemoContext } from '../context';
import { DemoApiError } from '../errors';
import { json } from '../http/respond';
import type { Router } from '../http/router';
import { v2Body } from './request';
import { loginBody } from './schemas';

export const TOKEN_PATH = '/auth/token';

export function addTokenRoute(router: Router, ctx: DemoContext): void {
  router.add('POST', TOKEN_PATH, (request) => {
    const contentType = request.headers['content-type'] ?? 'application/json';
    if (!contentType.startsWith('application/json') && !contentType.startsWith('application/x-www-form-urlencoded')) {
      throw new DemoApiError(415, 'Unsupported Media Type');
    }
    const { username, password } = v2Body(request, loginBody);
    if (!credentialsMatch(ctx.user, username, password)) throw new DemoApiError(401, 'Invalid credentials');
    return json({ access_token: ctx.jwt.issue(username) }, 201);
  });
}
