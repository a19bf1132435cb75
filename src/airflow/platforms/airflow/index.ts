import type { AirflowDeployment } from '../../../config/types';
import { createSecretAuthenticator } from '../../authenticator';
import type { Platform } from '../platform';

/** A self-run Airflow: basic, password or bearer auth from the deployment's secret. */
export const airflowPlatform: Platform<AirflowDeployment> = {
  authenticator: (context) =>
    createSecretAuthenticator(context.deployment, context.deployment.auth, context.credentials, context.transport, context.clock),
};
