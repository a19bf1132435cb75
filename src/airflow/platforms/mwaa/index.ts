import type { MwaaDeployment } from '../../../config/types';
import { createCachedGrantAuthenticator } from '../cached-grant';
import type { Platform } from '../platform';
import { createMwaaLoginTokens, type MwaaLoginTokens } from './web-login-token';
import { loginToWebServer } from './web-server-login';

let defaultTokens: MwaaLoginTokens | undefined;

/**
 * Amazon MWAA: the function's IAM role asks `CreateWebLoginToken` for a 60-second token, the web
 * server's login route turns it into a session, and the session is used with the normal v1/v2
 * dialect until shortly before it expires, or until a 401 says it has.
 */
export const mwaaPlatform: Platform<MwaaDeployment> = {
  authenticator(context) {
    const { deployment } = context;
    const tokens = context.services.mwaa ?? (defaultTokens ??= createMwaaLoginTokens());
    return createCachedGrantAuthenticator(async () => {
      const { webToken } = await tokens.create(deployment.environmentName, deployment.region);
      return loginToWebServer(deployment, webToken, context);
    }, context.clock);
  },
};
