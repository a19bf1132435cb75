import type { LambdaClient } from '@aws-sdk/client-lambda';
import { BotError } from '../errors';
import { lambdaSdk } from './lambda-handoff';
import { readAnswer, type OptionsSource } from './options-source';

export interface LambdaOptionsSourceOptions {
  /** The Lambda client, or a function that makes it on the first request (the SDK loads lazily). */
  client: LambdaClient | (() => LambdaClient);
  /** The worker function's name or ARN. */
  functionName: string;
}

/**
 * Asks the worker function with a synchronous (`RequestResponse`) invocation: the same
 * `lambda:InvokeFunction` permission on the same function as the asynchronous handoff, so the
 * Slack-facing function's role gains nothing, and it still never holds Airflow credentials.
 *
 * @example
 * const options = createLambdaOptionsSource({ client: () => new LambdaClient({}), functionName });
 * const answer = await options.ask({ kind: 'options', query: { kind: 'dags', deployment: 'prod' }, requester }, AbortSignal.timeout(2500));
 */
export function createLambdaOptionsSource(options: LambdaOptionsSourceOptions): OptionsSource {
  const { functionName } = options;
  let client: LambdaClient | undefined;
  return {
    async ask(request, signal) {
      let response;
      try {
        client ??= typeof options.client === 'function' ? options.client() : options.client;
        const { InvokeCommand } = lambdaSdk();
        const payload = new TextEncoder().encode(JSON.stringify(request));
        response = await client.send(
          new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: payload }),
          signal === undefined ? {} : { abortSignal: signal },
        );
      } catch (error) {
        throw new BotError('unavailable', 'Could not ask the worker for options', { cause: error, details: { functionName, query: request.query.kind } });
      }
      if (response.FunctionError !== undefined) {
        throw new BotError('unavailable', 'The worker failed to list the options', {
          details: { functionName, query: request.query.kind, functionError: response.FunctionError },
        });
      }
      let answer: unknown;
      try {
        answer = JSON.parse(new TextDecoder().decode(response.Payload ?? new Uint8Array()));
      } catch (error) {
        throw new BotError('unavailable', 'The worker answered the options request with something else.', { cause: error });
      }
      return readAnswer(answer, request);
    },
  };
}
