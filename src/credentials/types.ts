import type { DeploymentConfig } from '../config/types';

/** Credentials for one Airflow deployment, by the deployment's auth kind. */
export type AirflowCredentials =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'password'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | ServiceAccountKey;

/** The fields of a Google service-account key file the JWT bearer grant needs. */
export interface ServiceAccountKey {
  kind: 'service-account';
  clientEmail: string;
  /** PEM, PKCS#8. */
  privateKey: string;
  privateKeyId?: string;
  /** Where the key is exchanged for access tokens (`token_uri` of the key file). */
  tokenUri: string;
}

/** The bot's own Slack secrets. */
export interface SlackCredentials {
  signingSecret: string;
  botToken: string;
}

/**
 * Where raw secret strings come from: Secrets Manager in AWS, a local JSON file on a laptop.
 * Throws `BotError('credentials', …)` naming the secret id (never the value) when it is missing.
 */
export interface SecretSource {
  getSecretString(secretId: string): Promise<string>;
}

/** Airflow credentials, cached; `refresh` forces one new fetch (after a 401: the secret may have rotated). */
export interface AirflowCredentialProvider {
  get(deployment: DeploymentConfig): Promise<AirflowCredentials>;
  refresh(deployment: DeploymentConfig): Promise<AirflowCredentials>;
}
