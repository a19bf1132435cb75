import { BotError } from '../errors';
import type { SecretCache } from '../credentials/secret-cache';
import { parseSecretObject } from '../credentials/secret-json';

/** The prefix Standard Webhooks gives a secret: `whsec_` then the base64 key. */
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/;

/**
 * A source's signing secrets, from a secret shaped `{"secrets": ["whsec_…", …]}`. Several may be
 * listed while a key is rotated: a signature made with any of them is accepted.
 *
 * @throws `BotError('credentials')` naming the secret id (never a value) when the secret is
 *   missing, not JSON, has no `secrets` list, or holds something that is not a `whsec_` secret.
 * @example
 * const secrets = await loadSourceSecrets(cache, 'airflow-slack-ops/sources/dq-monitor');
 */
export async function loadSourceSecrets(cache: SecretCache, secretId: string): Promise<string[]> {
  const secret = parseSecretObject(secretId, await cache.get(secretId));
  const list = secret.secrets;
  if (!Array.isArray(list) || list.length === 0) {
    throw new BotError('credentials', `Secret "${secretId}" must hold a non-empty "secrets" list of whsec_ secrets`, {
      details: { secretId },
    });
  }
  return list.map((value: unknown, index) => {
    if (typeof value !== 'string' || !SECRET_PATTERN.test(value)) {
      throw new BotError('credentials', `Secret "${secretId}": secrets[${index}] is not a whsec_ secret (whsec_ then base64)`, {
        details: { secretId, index },
      });
    }
    return value;
  });
}
