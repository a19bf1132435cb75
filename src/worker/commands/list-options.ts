import { findDeployment } from '../../config/deployments';
import { asBotError } from '../../errors';
import {
  LATEST_RUN_VALUE,
  parseOptionsRequest,
  type OptionsAnswer,
  type OptionsRequest,
} from '../../protocol/builder';
import type { WorkerDeps } from '../worker-deps';

/** A deployment with more DAGs than this lists only the first ones (by id): the answer stays well under Lambda's 6 MB. */
export const MAX_LISTED_DAGS = 20_000;
/** The run menu: `latest`, then this many of the newest runs. */
export const LISTED_RUNS = 25;

/**
 * Answers the builder's question for a menu's options: the deployment's DAGs, a DAG's newest runs,
 * or a run's task instances. Only for a user who may read the deployment (the Slack-facing function
 * checks too; this is the worker's own check, as for every job). Never throws: what went wrong is
 * a `refused` answer the menu shows, and the log has the cause.
 */
export async function answerOptions(input: unknown, deps: WorkerDeps): Promise<OptionsAnswer> {
  let request: OptionsRequest;
  try {
    request = parseOptionsRequest(input);
  } catch (error) {
    deps.logger.error({ err: error }, 'options request refused: it does not validate');
    return { kind: 'refused', message: 'The bot could not read this request.' };
  }
  const { query, requester } = request;
  const deployment = findDeployment(deps.registry, query.deployment);
  if (deployment === undefined) return { kind: 'refused', message: `No deployment is named ${query.deployment}.` };
  if (!(await deps.access.canRead(deployment, requester))) {
    return { kind: 'refused', message: `You may not read ${deployment.displayName} from Slack.` };
  }
  const client = deps.airflow.get(deployment.name);
  try {
    switch (query.kind) {
      case 'dags':
        return { kind: 'dags', dags: (await client.listDags({ maxDags: MAX_LISTED_DAGS })).map(({ dagId, isPaused }) => ({ dagId, isPaused })) };
      case 'runs':
        return {
          kind: 'runs',
          runs: (await client.recentRuns(query.dagId, LISTED_RUNS)).map(({ runId, state, logicalDate }) => ({ runId, state, logicalDate })),
        };
      case 'tasks': {
        const run = await client.resolveRun(query.dagId, query.run === LATEST_RUN_VALUE ? { kind: 'latest' } : { kind: 'id', runId: query.run });
        const tis = await client.listTaskInstances(query.dagId, run.runId);
        return { kind: 'tasks', runId: run.runId, tasks: tis.map(({ taskId, mapIndex, state }) => ({ taskId, mapIndex, state })) };
      }
    }
  } catch (error) {
    const botError = asBotError(error);
    deps.logger.warn({ err: botError.cause ?? botError, kind: botError.kind, query: query.kind }, 'options not listed');
    return { kind: 'refused', message: botError.kind === 'config' || botError.kind === 'credentials' ? 'The bot is not set up right for this deployment.' : botError.userMessage };
  }
}
