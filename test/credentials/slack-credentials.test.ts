import { createSecretCache } from '../../src/credentials/secret-cache';
import { loadSlackCredentials } from '../../src/credentials/slack-credentials';
import { BotError } from '../../src/errors';
import { MemorySecretSource } from './memory-secret-source';

async function rejection(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

function load(secret: string) {
  return loadSlackCredentials(createSecretCache(new MemorySecretSource({ 'ops-bot/slack': secret })), 'ops-bot/slack');
}

describe('loadSlackCredentials', () => {
  it('reads the signing secret and the bot token', async () => {
    await expect(load(JSON.stringify({ signing_secret: 'sig', bot_token: 'xoxb-1-2', app_id: 'A1' }))).resolves.toEqual({
      signingSecret: 'sig',
      botToken: 'xoxb-1-2',
    });
  });

  it('fetches the secret once across calls within the TTL', async () => {
    const source = new MemorySecretSource({ 'ops-bot/slack': JSON.stringify({ signing_secret: 'sig', bot_token: 'xoxb-1' }) });
    const cache = createSecretCache(source);
    await Promise.all([loadSlackCredentials(cache, 'ops-bot/slack'), loadSlackCredentials(cache, 'ops-bot/slack')]);
    await loadSlackCredentials(cache, 'ops-bot/slack');
    expect(source.calls).toEqual(['ops-bot/slack']);
  });

  it.each([
    [{ bot_token: 'xoxb-1' }, 'Secret "ops-bot/slack" has no "signing_secret" key (Slack app credentials)'],
    [{ signing_secret: 'sig', botToken: 'xoxb-1' }, 'Secret "ops-bot/slack" has no "bot_token" key (Slack app credentials)'],
    [{ signing_secret: 'sig', bot_token: '' }, 'Secret "ops-bot/slack": the "bot_token" key must be a non-empty string (Slack app credentials)'],
  ])('refuses %j', async (secret, message) => {
    const error = await rejection(load(JSON.stringify(secret)));
    expect(error.kind).toBe('credentials');
    expect(error.userMessage).toBe(message);
  });

  it('says a secret that is not JSON is not valid JSON', async () => {
    const error = await rejection(load('signing_secret: Kv4pWz7Rm'));
    expect(error.userMessage).toBe('Secret "ops-bot/slack" is not valid JSON');
  });
});
