import type { DeploymentConfig } from '../config/types';
import type { SecretCache } from './secret-cache';
import { parseSecretObject, requireSecretKey } from './secret-json';
import type { AirflowCredentialProvider, AirflowCredentials } from './types';

/**
 * Airflow credentials from each deployment's secret, a JSON object whose keys depend on `auth`:
 * - `basic` and `password`: `{"username": "…", "password": "…"}`;
 * - `bearer`: `{"token": "…"}`.
 * Other keys are ignored. The cache decides how often the secret is fetched; `refresh` forces a
 * new fetch, for after Airflow answers 401.
 *
 * @throws `BotError('credentials')` naming the secret id and the deployment, never a value:
 *   `Secret "airflow/prod" has no "password" key (deployment "prod", auth basic)`.
 * @example
 * const credentials = createAirflowCredentialProvider(secrets);
 * const prod = await credentials.get(deployment);
 */
export function createAirflowCredentialProvider(cache: SecretCache): AirflowCredentialProvider {
  return {
    async get(deployment) {
      return credentialsFrom(deployment, await cache.get(deployment.secretId));
    },
    async refresh(deployment) {
      return credentialsFrom(deployment, await cache.refresh(deployment.secretId));
    },
  };
}

function credentialsFrom(deployment: DeploymentConfig, text: string): AirflowCredentials {
  const { secretId, auth } = deployment;
  const secret = parseSecretObject(secretId, text);
  const context = `deployment "${deployment.name}", auth ${auth}`;
  switch (auth) {
    case 'basic':
    case 'password':
      return {
        kind: auth,
        username: requireSecretKey(secret, secretId, 'username', context),
        password: requireSecretKey(secret, secretId, 'password', context),
      };
    case 'bearer':
      return { kind: 'bearer', token: requireSecretKey(secret, secretId, 'token', context) };
  }
}
