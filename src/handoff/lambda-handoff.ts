import type { LambdaClient } from '@aws-sdk/client-lambda';
import { BotError } from '../errors';
import type { WorkerJob } from '../protocol/job';
import type { Handoff } from './types';

/** Lambda's limit on an asynchronous invocation's payload, as this bot is deployed. */
export const ASYNC_PAYLOAD_MAX_BYTES = 256 * 1024;

export interface LambdaHandoffOptions {
  /**
   * The Lambda client, or a function that makes it on the first job: the Slack-facing function
   * passes one, so that the SDK's Lambda client is loaded only when a request needs the worker.
   */
  client: LambdaClient | (() => LambdaClient);
  /** The worker function's name or ARN. */
  functionName: string;
}

/**
 * Hands jobs to the worker function with an asynchronous (`Event`) invocation: Lambda queues the
 * job and answers at once, so the Slack-facing function can acknowledge within Slack's 3 seconds.
 * Lambda itself retries a worker that fails.
 *
 * @throws from `dispatch`: `BotError('invalid')` when the job is too large to send (nothing is
 * sent); `BotError('unavailable')` when Lambda does not take it.
 * @example
 * const handoff = createLambdaHandoff({ client: new LambdaClient({}), functionName: process.env.WORKER_FUNCTION_NAME });
 * await handoff.dispatch({ kind: 'command', command, slack });
 */
export function createLambdaHandoff(options: LambdaHandoffOptions): Handoff {
  const { functionName } = options;
  const encoder = new TextEncoder();
  let client: LambdaClient | undefined;

  return {
    async dispatch(job: WorkerJob) {
      const payload = encoder.encode(JSON.stringify(job));
      if (payload.byteLength > ASYNC_PAYLOAD_MAX_BYTES) {
        throw new BotError(
          'invalid',
          `This request is too large to hand to the worker (${kib(payload.byteLength)} KB; the limit is ${kib(ASYNC_PAYLOAD_MAX_BYTES)} KB). Nothing was changed.`,
          { details: { job: job.kind, bytes: payload.byteLength, maxBytes: ASYNC_PAYLOAD_MAX_BYTES } },
        );
      }
      let statusCode: number | undefined;
      try {
        client ??= typeof options.client === 'function' ? options.client() : options.client;
        const { InvokeCommand } = lambdaSdk();
        const response = await client.send(
          new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: payload }),
        );
        statusCode = response.StatusCode;
      } catch (error) {
        throw new BotError('unavailable', 'Could not hand the request to the worker', {
          cause: error,
          details: { functionName, job: job.kind },
        });
      }
      // Lambda answers 202 when it has queued an `Event` invocation.
      if (statusCode !== undefined && (statusCode < 200 || statusCode > 299)) {
        throw new BotError('unavailable', 'Could not hand the request to the worker', {
          details: { functionName, job: job.kind, statusCode },
        });
      }
    },
  };
}

/**
 * The SDK's Lambda client module, loaded on first use: about a tenth of the Slack-facing function's
 * load time, which help, usage errors and the note modal never need.
 */
export function lambdaSdk(): typeof import('@aws-sdk/client-lambda') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  return require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1);
}
