import { BotError, type BotErrorKind } from '../../src/errors';

/** Awaits a rejection and asserts it is a `BotError` of this kind with exactly this message. */
export async function expectBotError(promise: Promise<unknown>, kind: BotErrorKind, userMessage: string): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(BotError);
  const botError = error as BotError;
  expect({ kind: botError.kind, userMessage: botError.userMessage }).toEqual({ kind, userMessage });
  return botError;
}
