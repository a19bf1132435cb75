import { BotError } from '../errors';
import { parseOptionsAnswer, type OptionsAnswer, type OptionsRequest } from '../protocol/builder';

/**
 * Asks the worker for a builder menu's options and waits for the answer: the one synchronous
 * question the Slack-facing function puts to the worker (everything else is a `WorkerJob`, handed
 * over and not waited for).
 */
export interface OptionsSource {
  /**
   * @throws `BotError('unavailable')` when the worker cannot be asked, does not answer in time
   * (`signal`), or answers something that is not an `OptionsAnswer`.
   */
  ask(request: OptionsRequest, signal?: AbortSignal): Promise<OptionsAnswer>;
}

/**
 * The worker's own handler run in this process (local runs and tests). The request and the
 * answer pass through JSON, and the answer is checked, as they would be on their way through Lambda.
 *
 * @example
 * const options = createInProcessOptionsSource((request) => workerHandler(request));
 */
export function createInProcessOptionsSource(run: (request: OptionsRequest) => Promise<unknown>): OptionsSource {
  return {
    async ask(request, signal) {
      const copy = JSON.parse(JSON.stringify(request)) as OptionsRequest;
      const answer = await raceAbort(run(copy), signal);
      return readAnswer(JSON.parse(JSON.stringify(answer ?? null)) as unknown, request);
    },
  };
}

/** Checks what came back; anything else is the worker's fault, told as `unavailable`. */
export function readAnswer(answer: unknown, request: OptionsRequest): OptionsAnswer {
  try {
    return parseOptionsAnswer(answer);
  } catch (error) {
    throw new BotError('unavailable', 'The worker answered the options request with something else.', {
      cause: error,
      details: { query: request.query.kind },
    });
  }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BotError('unavailable', 'The worker did not answer the options request in time.'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
