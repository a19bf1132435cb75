import type { DeploymentConfig } from '../config/types';
import { BotError } from '../errors';
import type { SecretCache } from './secret-cache';
import { parseSecretObject, requireSecretKey } from './secret-json';
import type { AirflowCredentialProvider, AirflowCredentials } from './types';

/** Google's token endpoint, for a key file without `token_uri`. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/**
 * Airflow credentials from each deployment's secret, a JSON object whose keys depend on the
 * platform and `auth`:
 * - `basic` and `password`: `{"username": "…", "password": "…"}`;
 * - `bearer` and Astronomer: `{"token": "…"}`;
 * - Composer: a Google service-account key file (`client_email`, `private_key`, `token_uri`…).
 * Other keys are ignored. MWAA deployments have no secret. The cache decides how often the
 * secret is fetched; `refresh` forces a new fetch, for after Airflow answers 401.
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
      return credentialsFrom(deployment, await cache.get(secretIdOf(deployment)));
    },
    async refresh(deployment) {
      return credentialsFrom(deployment, await cache.refresh(secretIdOf(deployment)));
    },
  };
}

function secretIdOf(deployment: DeploymentConfig): string {
  return deployment.platform === 'mwaa' ? noSecret(deployment) : deployment.secretId;
}

function noSecret(deployment: DeploymentConfig): never {
  throw new BotError('credentials', `${deployment.name}: an MWAA deployment has no secret; it signs in with the function's IAM role`, {
    details: { deployment: deployment.name },
  });
}

function credentialsFrom(deployment: DeploymentConfig, text: string): AirflowCredentials {
  const secretId = secretIdOf(deployment);
  const secret = parseSecretObject(secretId, text);
  switch (deployment.platform) {
    case 'astro':
      return { kind: 'bearer', token: requireSecretKey(secret, secretId, 'token', `deployment "${deployment.name}", Astronomer`) };
    case 'composer':
      return serviceAccountKey(secret, secretId, `deployment "${deployment.name}", Composer service-account key`);
    case 'mwaa':
      return noSecret(deployment);
    case undefined:
    case 'airflow':
      break;
  }
  const { auth } = deployment;
  const context = `deployment "${deployment.name}", auth ${auth}`;
  if (auth === 'bearer') return { kind: 'bearer', token: requireSecretKey(secret, secretId, 'token', context) };
  return {
    kind: auth,
    username: requireSecretKey(secret, secretId, 'username', context),
    password: requireSecretKey(secret, secretId, 'password', context),
  };
}

function serviceAccountKey(secret: Record<string, unknown>, secretId: string, context: string): AirflowCredentials {
  const optional = (key: string) => {
    const value = secret[key];
    return value === undefined ? undefined : requireSecretKey(secret, secretId, key, context);
  };
  const privateKeyId = optional('private_key_id');
  return {
    kind: 'service-account',
    clientEmail: requireSecretKey(secret, secretId, 'client_email', context),
    privateKey: requireSecretKey(secret, secretId, 'private_key', context),
    ...(privateKeyId === undefined ? {} : { privateKeyId }),
    tokenUri: optional('token_uri') ?? GOOGLE_TOKEN_URI,
  };
}
