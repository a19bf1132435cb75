import type { MWAAClient } from '@aws-sdk/client-mwaa';
import { BotError } from '../../../errors';

/** A web login token for one MWAA environment: valid for 60 seconds, for one login. */
export interface WebLoginToken {
  webToken: string;
  /** The web server's host name, as MWAA reports it. */
  hostname: string;
}

/** MWAA's `CreateWebLoginToken`, for one environment of one region. */
export interface MwaaLoginTokens {
  create(environmentName: string, region: string): Promise<WebLoginToken>;
}

/**
 * `CreateWebLoginToken` through the AWS SDK, one client per region. `AWS_ENDPOINT_URL_MWAA` (read by
 * the SDK) points it elsewhere, such as the local stand-in; MWAA's `env.` host prefix is then left
 * off, since it would turn `127.0.0.1` into an unresolvable name.
 *
 * @example
 * const tokens = createMwaaLoginTokens();
 * const { webToken } = await tokens.create('prod-airflow', 'eu-west-1');
 */
export function createMwaaLoginTokens(makeClient?: (region: string) => MWAAClient): MwaaLoginTokens {
  const clients = new Map<string, MWAAClient>();
  return {
    async create(environmentName, region) {
      // Loaded on first use: a worker without MWAA deployments never initialises the SDK client.
      const sdk = await import('@aws-sdk/client-mwaa');
      let client = clients.get(region);
      if (!client) {
        client = makeClient ? makeClient(region) : defaultClient(sdk, region);
        clients.set(region, client);
      }
      try {
        const answer = await client.send(new sdk.CreateWebLoginTokenCommand({ Name: environmentName }));
        if (!answer.WebToken) throw new Error('the answer has no WebToken');
        return { webToken: answer.WebToken, hostname: answer.WebServerHostname ?? '' };
      } catch (error) {
        throw translateError(environmentName, region, error);
      }
    },
  };
}

function defaultClient(sdk: typeof import('@aws-sdk/client-mwaa'), region: string): MWAAClient {
  const override = process.env.AWS_ENDPOINT_URL_MWAA ?? process.env.AWS_ENDPOINT_URL;
  return new sdk.MWAAClient({ region, ...(override ? { disableHostPrefix: true } : {}) });
}

function translateError(environmentName: string, region: string, error: unknown): BotError {
  const name = error instanceof Error ? error.name : 'Error';
  const options = { cause: error, details: { environmentName, region, errorName: name } };
  const where = `MWAA environment "${environmentName}" in ${region}`;
  if (name === 'AccessDeniedException') {
    return new BotError(
      'credentials',
      `MWAA refused a web login token for ${where}: the function's IAM role needs airflow:CreateWebLoginToken on that environment`,
      options,
    );
  }
  if (name === 'ResourceNotFoundException') return new BotError('config', `There is no ${where}`, options);
  return new BotError('unavailable', `Could not get a web login token for ${where} (${name})`, options);
}
