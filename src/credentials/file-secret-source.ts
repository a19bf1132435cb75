import { readFile } from 'node:fs/promises';
import { BotError } from '../errors';
import type { SecretSource } from './types';

/**
 * Reads secrets from a local JSON file shaped `{ "<secretId>": { ...secret JSON... } }`, for runs
 * on a laptop. Each value is handed out as Secrets Manager would: an object as its JSON text, a
 * string as it is. The file is read on every call (the cache in front decides how often), so an
 * edited file is picked up by the next fetch.
 *
 * @throws `BotError('credentials')` naming the file or the secret id, never a value.
 * @example
 * const source = createFileSecretSource('.local/credentials.json');
 */
export function createFileSecretSource(path: string): SecretSource {
  return {
    async getSecretString(secretId) {
      const secrets = await readSecretsFile(path);
      if (!Object.hasOwn(secrets, secretId)) {
        throw new BotError('credentials', `Secret "${secretId}" was not found in the local credentials file "${path}"`, {
          details: { secretId, path },
        });
      }
      const value = secrets[secretId];
      if (typeof value === 'string') return value;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return JSON.stringify(value);
      throw new BotError(
        'credentials',
        `Secret "${secretId}" in the local credentials file "${path}" must be a JSON object or a string`,
        { details: { secretId, path } },
      );
    },
  };
}

async function readSecretsFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? ` (${String(error.code)})` : '';
    throw new BotError('credentials', `The local credentials file "${path}" cannot be read${code}`, {
      cause: error,
      details: { path },
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the fault, which may be a secret: it is dropped.
    throw new BotError('credentials', `The local credentials file "${path}" is not valid JSON`, { details: { path } });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BotError('credentials', `The local credentials file "${path}" must hold a JSON object of secrets by secret id`, {
      details: { path },
    });
  }
  return Object.fromEntries(Object.entries(parsed));
}
