import type { AirflowClient, RunSelector } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import type { DeploymentConfig } from '../config/types';
import type { RunSpec } from '../protocol/command';
import type { TaskInstanceAddress } from '../protocol/interaction-types';

/** A deployment and the client that talks to it. */
export interface DeploymentAccess {
  deployment: DeploymentConfig;
  client: AirflowClient;
}

/** A task instance found in a deployment. */
export interface ResolvedTaskInstance extends DeploymentAccess {
  ref: TaskInstanceRef;
}

function toSelector(run: RunSpec): RunSelector {
  // Jobs cross a JSON boundary between functions: a date arrives as a string.
  if (run.kind === 'date') return { kind: 'date', date: new Date(run.date) };
  return run;
}

/** The run id meant: as given, or asked of Airflow for `latest` or a logical date. */
export async function resolveRunId(client: AirflowClient, dagId: string, run: RunSpec): Promise<string> {
  return run.kind === 'id' ? run.runId : (await client.resolveRun(dagId, toSelector(run))).runId;
}

/** A task instance's address in a deployment (what audit records and buttons carry). */
export function addressOf(deploymentName: string, ref: TaskInstanceRef, tryNumber?: number): TaskInstanceAddress {
  return { deployment: deploymentName, ...ref, ...(tryNumber === undefined ? {} : { tryNumber }) };
}
