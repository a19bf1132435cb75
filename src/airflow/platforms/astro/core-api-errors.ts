import type { AstroDeployment } from '../../../config/types';
import { BotError, isBotError } from '../../../errors';
import { oneLine } from '../../error-detail';

/**
 * Rewords a failed core API call so the user learns it was Astronomer's core API, not Airflow,
 * that refused, and what to check. The status, URL and detail stay in `details`.
 */
export function coreApiError(deployment: AstroDeployment, what: string, error: unknown): unknown {
  if (!isBotError(error) || typeof error.details.status !== 'number') return error;
  const status = error.details.status;
  const quoted = typeof error.details.detail === 'string' ? error.details.detail : coreApiMessage(error.cause);
  const detail = quoted ? `: ${quoted}` : '';
  const name = deployment.name;
  const api = "Astronomer's core API";
  const options = { cause: error, details: error.details };
  switch (status) {
    case 400:
      return new BotError('invalid', `${name}: ${api} rejected the request to ${what} (HTTP 400)${detail}`, options);
    case 401:
      return new BotError(
        'unauthorized',
        `${name}: ${api} did not accept the Astro API token in secret "${deployment.secretId}" (HTTP 401); it may have expired or been deleted`,
        options,
      );
    case 403:
      return new BotError(
        'forbidden',
        `${name}: the Astro API token may not ${what} in deployment ${deployment.deploymentId ?? ''} (HTTP 403); it needs a role that may operate the deployment`,
        options,
      );
    case 404:
      return new BotError(
        'not_found',
        `${name}: ${api} found nothing to ${what} (HTTP 404): check organizationId, workspaceId and deploymentId, and that the run exists${detail}`,
        options,
      );
    default:
      return status >= 500
        ? new BotError('unavailable', `${name}: ${api} failed (HTTP ${status}) to ${what}; nothing was confirmed changed, try again later`, options)
        : new BotError(error.kind, `${name}: ${api} answered HTTP ${status} to the request to ${what}${detail}`, options);
  }
}

/** The core API's error body is `{message, requestId, statusCode}`: the message is worth quoting. */
function coreApiMessage(cause: unknown): string | undefined {
  const data: unknown = typeof cause === 'object' && cause !== null && 'data' in cause ? cause.data : undefined;
  const message: unknown = typeof data === 'object' && data !== null && 'message' in data ? data.message : undefined;
  return typeof message === 'string' ? oneLine(message) : undefined;
}
