import { LambdaClient } from '@aws-sdk/client-lambda';
import { BotError } from '../errors';
import { createInProcessHandoff } from '../handoff/in-process-handoff';
import { createLambdaHandoff } from '../handoff/lambda-handoff';
import type { Handoff } from '../handoff/types';
import type { WorkerJob } from '../worker/job';
import { basicsFromEnv, type RuntimeBasics, type RuntimeOverrides } from './basics-from-env';
import { createSlackEventsHandler, type HttpHandler } from './slack-events-runtime';

/** Runs a worker job in this process: the worker function's own handler, in local runs. */
export type InProcessWorker = (job: WorkerJob) => Promise<void>;

let inProcessWorker: InProcessWorker | undefined;

/**
 * Local runs only: the worker handler to run in this process when `WORKER_FUNCTION_NAME` is unset.
 * Registered by the local stack rather than imported here, so the Lambda bundle of the Slack-facing
 * function carries no worker code (it is loaded on every cold start, inside Slack's 3 seconds).
 */
export function runWorkerInProcess(worker: InProcessWorker | undefined): void {
  inProcessWorker = worker;
}

export interface SlackEventsEntry {
  handler: HttpHandler;
  /** Resolves when background jobs are done (local runs only; the Lambda handoff returns at once). */
  drain(): Promise<void>;
}

/**
 * The Slack-facing function, configured from the environment. With `WORKER_FUNCTION_NAME` (always,
 * in AWS) work goes to the worker function by asynchronous invocation; without it, to the worker
 * registered with `runWorkerInProcess`, run in the background.
 */
export function slackEventsFromEnv(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides = {}): SlackEventsEntry {
  const basics = basicsFromEnv(env, overrides);
  const { handoff, drain } = handoffFor(basics);
  return { handler: createSlackEventsHandler({ ...basics, handoff }), drain };
}

function handoffFor(basics: RuntimeBasics): { handoff: Handoff; drain(): Promise<void> } {
  const functionName = basics.config.workerFunctionName;
  if (functionName !== undefined) {
    return { handoff: createLambdaHandoff({ client: new LambdaClient({}), functionName }), drain: async () => undefined };
  }
  const worker = inProcessWorker;
  if (worker === undefined) {
    throw new BotError('config', 'WORKER_FUNCTION_NAME must name the worker function (only local runs may leave it unset).');
  }
  const inProcess = createInProcessHandoff({ run: worker, logger: basics.logger });
  return { handoff: inProcess, drain: () => inProcess.drain() };
}
