import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSecretSource } from '../../src/credentials/file-secret-source';
import { BotError } from '../../src/errors';

async function rejection(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('createFileSecretSource', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-secret-source-'));
    path = join(dir, 'credentials.json');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hands out an object secret as its JSON text and a string secret as it is', async () => {
    await writeFile(path, JSON.stringify({ 'local/demo-v2': { username: 'admin', password: 'admin' }, 'local/raw': 'plain text' }));
    const source = createFileSecretSource(path);

    await expect(source.getSecretString('local/demo-v2')).resolves.toBe('{"username":"admin","password":"admin"}');
    await expect(source.getSecretString('local/raw')).resolves.toBe('plain text');
  });

  it('reads the file again on every call, so an edit is picked up', async () => {
    await writeFile(path, JSON.stringify({ 'local/x': { token: 'one' } }));
    const source = createFileSecretSource(path);
    await expect(source.getSecretString('local/x')).resolves.toBe('{"token":"one"}');

    await writeFile(path, JSON.stringify({ 'local/x': { token: 'two' } }));
    await expect(source.getSecretString('local/x')).resolves.toBe('{"token":"two"}');
  });

  it('says which secret id the file does not hold', async () => {
    await writeFile(path, JSON.stringify({ 'local/demo-v2': { token: 't' } }));

    const error = await rejection(createFileSecretSource(path).getSecretString('local/demo-v1'));

    expect(error.kind).toBe('credentials');
    expect(error.userMessage).toBe(`Secret "local/demo-v1" was not found in the local credentials file "${path}"`);
  });

  it('does not treat inherited object keys as secrets', async () => {
    await writeFile(path, '{}');

    const error = await rejection(createFileSecretSource(path).getSecretString('constructor'));

    expect(error.userMessage).toBe(`Secret "constructor" was not found in the local credentials file "${path}"`);
  });

  it('names the file when it cannot be read', async () => {
    const error = await rejection(createFileSecretSource(path).getSecretString('local/x'));

    expect(error.userMessage).toBe(`The local credentials file "${path}" cannot be read (ENOENT)`);
  });

  it('says the file is not valid JSON without quoting it', async () => {
    await writeFile(path, '{"local/x": {"password": Qz8wLm3Np}}');

    const error = await rejection(createFileSecretSource(path).getSecretString('local/x'));

    expect(error.userMessage).toBe(`The local credentials file "${path}" is not valid JSON`);
    expect(error.cause).toBeUndefined();
  });

  it('refuses a file that is not an object of secrets, and a secret that is neither object nor string', async () => {
    await writeFile(path, '[]');
    expect((await rejection(createFileSecretSource(path).getSecretString('local/x'))).userMessage).toBe(
      `The local credentials file "${path}" must hold a JSON object of secrets by secret id`,
    );

    await writeFile(path, '{"local/x": 42}');
    expect((await rejection(createFileSecretSource(path).getSecretString('local/x'))).userMessage).toBe(
      `Secret "local/x" in the local credentials file "${path}" must be a JSON object or a string`,
    );
  });
});
