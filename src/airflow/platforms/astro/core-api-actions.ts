import type { z } from 'zod';
import type { AstroDeployment } from '../../../config/types';
import { BotError } from '../../../errors';
import type { AirflowHttp } from '../../airflow-http';
import { apiPath } from '../../api-path';
import type { ReportedTaskInstance } from '../../dialect';
import type { AirflowRequest } from '../../http-transport';
import { UNMAPPED, type TaskAction, type TaskInstanceRef } from '../../model';
import { parsePayload } from '../../payload-fields';
import { taskInstanceSubject } from '../../subjects';
import { v1ReferenceCollectionSchema, v1ReferenceSchema } from '../../v1-mapping';
import { coreApiError } from './core-api-errors';

/** The ids a core API route names; `astro-core-api` deployments have all three (the schema checks). */
interface RuntimeIds {
  organizationId: string;
  workspaceId: string;
  deploymentId: string;
}

function runtimeIds(deployment: AstroDeployment): RuntimeIds {
  const { organizationId, workspaceId, deploymentId } = deployment;
  if (!organizationId || !workspaceId || !deploymentId) {
    throw new BotError('config', `${deployment.name}: actions through the core API need organizationId, workspaceId and deploymentId`, {
      details: { deployment: deployment.name },
    });
  }
  return { organizationId, workspaceId, deploymentId };
}

/**
 * Marks and clears through Astronomer's core API (`/v1alpha1`, its `TaskApi`), with `is_dry_run`
 * for previews: `clear-task-instances` and `update-task-instances-state` for a DAG, and the PATCH
 * of one task instance for a mapped one. Each call is one request; a write is never retried.
 */
export function createCoreApiActions(deployment: AstroDeployment, http: AirflowHttp) {
  const ids = runtimeIds(deployment);
  const dagPath = (dagId: string) =>
    apiPath`v1alpha1/organizations/${ids.organizationId}/workspaces/${ids.workspaceId}/runtimes/${ids.deploymentId}/dags/${dagId}`;

  const call = async <T extends z.ZodType>(schema: T, request: AirflowRequest, what: string): Promise<z.output<T>> => {
    let body: unknown;
    try {
      body = await http.send(request);
    } catch (error) {
      throw coreApiError(deployment, what, error);
    }
    return parsePayload(schema, body, { deploymentName: deployment.name, subject: request.subject });
  };

  return async function runAction(ref: TaskInstanceRef, action: TaskAction, dryRun: boolean): Promise<ReportedTaskInstance[]> {
    const subject = `${taskInstanceSubject(ref)} (Astronomer core API)`;
    const relatives = { include_upstream: action.includeUpstream, include_downstream: action.includeDownstream };
    const elsewhere = { include_future: false, include_past: false };
    if (action.kind === 'clear') {
      return call(
        v1ReferenceCollectionSchema,
        {
          method: 'POST',
          path: `${dagPath(ref.dagId)}/clear-task-instances`,
          json: { dag_run_id: ref.runId, task_ids: [ref.taskId], is_dry_run: dryRun, only_failed: false, reset_dag_runs: true, ...relatives, ...elsewhere },
          subject,
        },
        `clear ${taskInstanceSubject(ref)}`,
      );
    }
    const what = `mark ${taskInstanceSubject(ref)} ${action.newState}`;
    if (ref.mapIndex === UNMAPPED) {
      return call(
        v1ReferenceCollectionSchema,
        {
          method: 'POST',
          path: `${dagPath(ref.dagId)}/update-task-instances-state`,
          json: { dag_run_id: ref.runId, task_id: ref.taskId, new_state: action.newState, is_dry_run: dryRun, ...relatives, ...elsewhere },
          subject,
        },
        what,
      );
    }
    if (action.includeUpstream || action.includeDownstream) {
      throw new BotError(
        'invalid',
        `${deployment.name}: a mapped task instance is marked alone through Astronomer's core API; mark ${taskInstanceSubject(ref)} without upstream or downstream tasks`,
        { details: { deployment: deployment.name } },
      );
    }
    const reference = await call(
      v1ReferenceSchema,
      {
        method: 'PATCH',
        path: `${dagPath(ref.dagId)}/${apiPath`runs/${ref.runId}/tasks/${ref.taskId}`}`,
        json: { new_state: action.newState, is_dry_run: dryRun, map_index: ref.mapIndex },
        subject,
      },
      what,
    );
    return [{ ...reference, mapIndex: ref.mapIndex }];
  };
}
