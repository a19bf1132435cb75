import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { systemClock, type Clock } from '../src/clock';

export interface LambdaContextOptions {
  functionName?: string;
  /** The function's timeout; `getRemainingTimeInMillis` counts down from it. 30 s (API Gateway's limit) by default. */
  timeoutMs?: number;
  awsRequestId?: string;
  memoryLimitInMB?: number;
  clock?: Clock;
}

const LOCAL_ACCOUNT = '000000000000';
const LOCAL_REGION = 'us-east-1';

/**
 * A Lambda `Context` for one invocation, shaped like the one the Node.js runtime passes. The
 * callback-style `done`/`fail`/`succeed` throw: handlers here are async and return their result.
 *
 * @example
 * await handler(event, createLambdaContext({ functionName: 'slack-events' }));
 */
export function createLambdaContext(options: LambdaContextOptions = {}): Context {
  const clock = options.clock ?? systemClock;
  const functionName = options.functionName ?? 'local-function';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = clock() + timeoutMs;
  const callbackStyle = (name: string) => (): never => {
    throw new Error(`context.${name}() is not supported locally: return the result from the async handler.`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock()),
    done: callbackStyle('done'),
    fail: callbackStyle('fail'),
    succeed: callbackStyle('succeed'),
  };
}
