import type { AstroDeployment } from '../../../config/types';
import { createAirflowHttp } from '../../airflow-http';
import { createSecretAuthenticator } from '../../authenticator';
import { createHttpTransport } from '../../http-transport';
import { createKyInstance } from '../../ky-instance';
import type { Platform } from '../platform';
import { createCoreApiActions } from './core-api-actions';

/**
 * Astronomer: the deployment's Airflow API with an Astro API token as bearer. With
 * `actions: astro-core-api`, marks and clears go through Astronomer's core API instead, with the
 * same token; everything else stays on the Airflow API.
 */
export const astroPlatform: Platform<AstroDeployment> = {
  authenticator: (context) => createSecretAuthenticator(context.deployment, 'bearer', context.credentials, context.transport, context.clock),

  wrapDialect(dialect, context, authenticator) {
    const { deployment } = context;
    if (deployment.actions !== 'astro-core-api') return dialect;
    const api = createKyInstance({
      apiUrl: deployment.coreApiUrl,
      fetch: context.fetch,
      timeoutMs: context.timeoutMs,
      retry: context.retry,
      userAgent: context.userAgent,
      logger: context.logger,
    });
    const transport = createHttpTransport({
      deploymentName: deployment.name,
      apiUrl: deployment.coreApiUrl,
      api,
      timeoutMs: context.timeoutMs,
      logger: context.logger,
    });
    return { ...dialect, runAction: createCoreApiActions(deployment, createAirflowHttp(transport, authenticator)) };
  },
};
