import { LambdaClient } from '@aws-sdk/client-lambda';
import { createInProcessHandoff } from '../handoff/in-process-handoff';
import { createLambdaHandoff } from '../handoff/lambda-handoff';
import type { Handoff } from '../handoff/types';
import type { WorkerJob } from '../worker/job';
import { basicsFromEnv, type RuntimeBasics, type RuntimeOverrides } from './basics-from-env';
import { createSlackEventsHandler, type HttpHandler } from './slack-events-runtime';

export interface SlackEventsEntry {
  handler: HttpHandler;
  /** Resolves when background jobs are done (local runs only; the Lambda handoff returns at once). */
  drain(): Promise<void>;
}

/**
 * The Slack-facing function, configured from the environment. With `WORKER_FUNCTION_NAME` (always,
 * in AWS) work goes to the worker function by asynchronous invocation; without it (local runs) the
 * same worker code runs in this process, in the background.
 */
export function slackEventsFromEnv(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides = {}): SlackEventsEntry {
  const basics = basicsFromEnv(env, overrides);
  const { handoff, drain } = handoffFor(env, overrides, basics);
  return { handler: createSlackEventsHandler({ ...basics, handoff }), drain };
}

function handoffFor(
  env: NodeJS.ProcessEnv,
  overrides: RuntimeOverrides,
  basics: RuntimeBasics,
): { handoff: Handoff; drain(): Promise<void> } {
  const functionName = basics.config.workerFunctionName;
  if (functionName !== undefined) {
    return { handoff: createLambdaHandoff({ client: new LambdaClient({}), functionName }), drain: async () => undefined };
  }
  // Loaded on first use so the Lambda bundle does not evaluate worker code at cold start.
  let worker: Promise<(job: WorkerJob) => Promise<void>> | undefined;
  const run = async (job: WorkerJob): Promise<void> => {
    worker ??= import('./worker-from-env').then(({ workerHandlerFromEnv }) => workerHandlerFromEnv(env, overrides, basics));
    await (await worker)(job);
  };
  const inProcess = createInProcessHandoff({ run, logger: basics.logger });
  return { handoff: inProcess, drain: () => inProcess.drain() };
}
