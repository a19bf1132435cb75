import { BotError } from '../../src/errors';
import type { SecretSource } from '../../src/credentials/types';

/** Secrets held in a map, counting fetches; an unknown id fails as Secrets Manager would. */
export class MemorySecretSource implements SecretSource {
  readonly secrets = new Map<string, string>();
  readonly calls: string[] = [];

  constructor(entries: Record<string, string> = {}) {
    for (const [id, value] of Object.entries(entries)) this.secrets.set(id, value);
  }

  async getSecretString(secretId: string): Promise<string> {
    this.calls.push(secretId);
    const value = this.secrets.get(secretId);
    if (value === undefined) throw new BotError('credentials', `Secret "${secretId}" was not found in Secrets Manager`);
    return value;
  }
}
