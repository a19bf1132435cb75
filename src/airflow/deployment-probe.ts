import { BotError, asBotError } from '../errors';
import type { AirflowClient } from './client';

/** What a deployment answered just now. */
export type DeploymentHealth =
  | { state: 'reachable'; version: string }
  /** Down, too slow, or something other than Airflow answered (a gateway's HTML page…). */
  | { state: 'unreachable'; reason: string }
  /** Airflow answered but refused the bot's credentials or its user's rights. */
  | { state: 'credentials_rejected'; reason: string }
  /** The bot could not even ask: its secret or configuration is wrong. */
  | { state: 'not_checked'; reason: string };

/** Long enough for a healthy Airflow and one retry, short enough for a list of many. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/**
 * Asks one deployment now (`client.probe()`) and says how it is, within `timeoutMs` whatever the
 * client's own timeouts and retries; the reason is the error's user message without the
 * deployment name the list already shows.
 *
 * @example
 * const health = await probeDeployment(client, { timeoutMs: 5_000 });
 * // { state: 'unreachable', reason: 'could not reach Airflow at http://10.0.0.5:8080 for the API version (ECONNREFUSED)' }
 */
export async function probeDeployment(client: AirflowClient, options: { timeoutMs: number }): Promise<DeploymentHealth> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BotError('timeout', `Airflow did not answer within ${formatSeconds(options.timeoutMs)}`)),
      options.timeoutMs,
    );
  });
  const probe = client.probe();
  // The probe may settle after the deadline: its failure then is nobody's to handle.
  probe.catch(() => undefined);
  try {
    const { version } = await Promise.race([probe, deadline]);
    return { state: 'reachable', version };
  } catch (error) {
    const failure = asBotError(error);
    const reason = withoutPrefix(failure.userMessage, `${client.deploymentName}: `);
    switch (failure.kind) {
      case 'unauthorized':
      case 'forbidden':
        return { state: 'credentials_rejected', reason };
      case 'credentials':
      case 'config':
      case 'internal':
        return { state: 'not_checked', reason };
      default:
        return { state: 'unreachable', reason };
    }
  } finally {
    clearTimeout(timer);
  }
}

function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
