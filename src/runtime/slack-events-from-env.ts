import { BotError } from '../errors';
import { createInProcessHandoff } from '../handoff/in-process-handoff';
import { createLambdaHandoff, lambdaSdk } from '../handoff/lambda-handoff';
import type { Handoff } from '../handoff/types';
import type { WorkerJob } from '../protocol/job';
import type { OptionsRequest } from '../protocol/builder';
import { createLambdaOptionsSource } from '../handoff/lambda-options-source';
import { createInProcessOptionsSource, type OptionsSource } from '../handoff/options-source';
import { basicsFromEnv, type RuntimeBasics, type RuntimeOverrides } from './basics-from-env';
import { createSlackEventsHandler, type HttpHandler } from './slack-events-runtime';

/**
 * Runs a worker job in this process: the worker function's own handler, in local runs. It also
 * answers the builder's options requests, with the answer.
 */
export type InProcessWorker = (job: WorkerJob | OptionsRequest) => Promise<unknown>;

/**
 * The Slack-facing function, configured from the environment. With `WORKER_FUNCTION_NAME` (always,
 * in AWS) work goes to the worker function by asynchronous invocation; without it, to
 * `inProcessWorker`, run in the background: passed in by the local stack rather than imported here,
 * so the Lambda bundle of the Slack-facing function carries no worker code (it is loaded on every
 * cold start, inside Slack's 3 seconds).
 */
export function slackEventsFromEnv(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides & { inProcessWorker?: InProcessWorker } = {}): HttpHandler {
  const basics = basicsFromEnv(env, overrides);
  return createSlackEventsHandler({
    ...basics,
    handoff: handoffFor(basics, overrides.inProcessWorker),
    options: optionsSourceFor(basics, overrides.inProcessWorker),
  });
}

/** The builder's options come from the worker too: the Slack-facing function never calls Airflow. */
function optionsSourceFor(basics: RuntimeBasics, inProcessWorker: InProcessWorker | undefined): OptionsSource {
  const functionName = basics.config.workerFunctionName;
  if (functionName !== undefined) return createLambdaOptionsSource({ client: () => new (lambdaSdk().LambdaClient)({}), functionName });
  if (inProcessWorker === undefined) {
    throw new BotError('config', 'WORKER_FUNCTION_NAME must name the worker function (only local runs may leave it unset).');
  }
  return createInProcessOptionsSource(inProcessWorker);
}

function handoffFor(basics: RuntimeBasics, inProcessWorker: InProcessWorker | undefined): Handoff {
  const functionName = basics.config.workerFunctionName;
  if (functionName !== undefined) return createLambdaHandoff({ client: () => new (lambdaSdk().LambdaClient)({}), functionName });
  if (inProcessWorker === undefined) {
    throw new BotError('config', 'WORKER_FUNCTION_NAME must name the worker function (only local runs may leave it unset).');
  }
  return createInProcessHandoff({
    run: async (job) => {
      await inProcessWorker(job);
    },
    logger: basics.logger,
  });
}
