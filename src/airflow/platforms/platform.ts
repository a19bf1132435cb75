import type { Clock } from '../../clock';
import type { DeploymentConfig } from '../../config/types';
import type { AirflowCredentialProvider } from '../../credentials/types';
import type { Logger } from '../../logging/logger';
import type { Authenticator } from '../authenticator';
import type { DialectApi } from '../dialect';
import type { HttpTransport } from '../http-transport';
import type { RetryPolicy } from '../ky-instance';
import type { MwaaLoginTokens } from './mwaa/web-login-token';

/** Outside services only some platforms use; each has a default. */
export interface PlatformServices {
  /** MWAA's `CreateWebLoginToken`; the AWS SDK client of the deployment's region when absent. */
  mwaa?: MwaaLoginTokens;
}

/** What a platform builds its authenticator and dialect from. */
export interface PlatformContext<D extends DeploymentConfig = DeploymentConfig> {
  deployment: D;
  credentials: AirflowCredentialProvider;
  /** Requests to the deployment's Airflow API, without credentials. */
  transport: HttpTransport;
  fetch: typeof fetch;
  clock: Clock;
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string;
  logger?: Logger;
  services: PlatformServices;
}

/**
 * How one kind of deployment is reached: its credentials and, where the platform has its own
 * routes for some operations, a dialect wrapped around the Airflow one. Nothing else in the bot
 * knows which platform it talks to.
 */
export interface Platform<D extends DeploymentConfig = DeploymentConfig> {
  authenticator(context: PlatformContext<D>): Authenticator;
  /** The platform's own routes in place of some of the dialect's; the dialect as is when absent. */
  wrapDialect?(dialect: DialectApi, context: PlatformContext<D>, authenticator: Authenticator): DialectApi;
}
