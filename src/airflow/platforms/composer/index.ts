import type { ComposerDeployment } from '../../../config/types';
import type { AirflowCredentials, ServiceAccountKey } from '../../../credentials/types';
import { BotError } from '../../../errors';
import { createCachedGrantAuthenticator } from '../cached-grant';
import type { Platform } from '../platform';
import { exchangeServiceAccountKey, KeyRefusedError } from './token-exchange';

/**
 * Google Cloud Composer: the service-account key in the deployment's secret is exchanged for an
 * OAuth 2 access token (JWT bearer grant, cloud-platform scope), sent as a bearer token to the
 * Airflow web server. When the key is refused, the secret is read once more: it may just have
 * been rotated.
 */
export const composerPlatform: Platform<ComposerDeployment> = {
  authenticator(context) {
    const { deployment, credentials } = context;
    const keyOf = (secret: AirflowCredentials): ServiceAccountKey => {
      if (secret.kind === 'service-account') return secret;
      throw new BotError('credentials', `${deployment.name}: secret "${deployment.secretId}" does not hold a service-account key`, {
        details: { deployment: deployment.name, secretId: deployment.secretId },
      });
    };
    return createCachedGrantAuthenticator(async () => {
      try {
        return await exchangeServiceAccountKey(deployment, keyOf(await credentials.get(deployment)), context);
      } catch (error) {
        if (!(error instanceof KeyRefusedError)) throw error;
        return exchangeServiceAccountKey(deployment, keyOf(await credentials.refresh(deployment)), context);
      }
    }, context.clock);
  },
};
