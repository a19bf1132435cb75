import { BotError } from '../errors';

/**
 * The JSON object a secret holds. Never quotes the text: `JSON.parse`'s own message shows the
 * characters around the fault, which would put part of the secret in the logs.
 *
 * @throws `BotError('credentials', 'Secret "<id>" is not valid JSON')`, or `… is not a JSON object`.
 */
export function parseSecretObject(secretId: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BotError('credentials', `Secret "${secretId}" is not valid JSON`, { details: { secretId } });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BotError('credentials', `Secret "${secretId}" is not a JSON object`, { details: { secretId } });
  }
  return Object.fromEntries(Object.entries(parsed));
}

/**
 * A non-empty string under `key`.
 *
 * @param context - what the secret is for, appended in parentheses: `deployment "prod", auth basic`.
 * @throws `BotError('credentials', 'Secret "<id>" has no "password" key (deployment "prod", auth basic)')`,
 *   or `… "password" key must be a non-empty string (…)` when the key holds something else.
 */
export function requireSecretKey(secret: Record<string, unknown>, secretId: string, key: string, context: string): string {
  const value = secret[key];
  if (value === undefined) {
    throw new BotError('credentials', `Secret "${secretId}" has no "${key}" key (${context})`, { details: { secretId, key } });
  }
  if (typeof value !== 'string' || value === '') {
    throw new BotError('credentials', `Secret "${secretId}": the "${key}" key must be a non-empty string (${context})`, {
      details: { secretId, key },
    });
  }
  return value;
}
