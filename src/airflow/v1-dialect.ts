import { z } from 'zod';
import { BotError } from '../errors';
import type { AirflowHttp } from './airflow-http';
import { apiPath } from './api-path';
import type { DialectApi, ReportedTaskInstance } from './dialect';
import type { AirflowRequest } from './http-transport';
import { textLines } from './log-text';
import { UNMAPPED, type LogPage, type TaskInstance, type TaskInstanceRef, type TaskState } from './model';
import { collectPages } from './paging';
import { openLog } from './open-log';
import { parsePayload } from './payload-fields';
import { pythonLogTexts } from './python-log-repr';
import { query } from './search-params';
import {
  DAGS_SUBJECT,
  VERSION_SUBJECT,
  endedRunsSubject,
  endedTaskInstancesSubject,
  failedSubject,
  linksSubject,
  logSubject,
  noteSubject,
  runSubject,
  runTaskInstancesSubject,
  runsSubject,
  taskInstanceSubject,
  triesSubject,
} from './subjects';
import { v1LogHasEnded } from './v1-log-token';
import {
  v1DagCollectionSchema,
  v1DagRunCollectionSchema,
  v1DagRunSchema,
  v1ExtraLinksSchema,
  v1LogPageSchema,
  v1ReferenceCollectionSchema,
  v1ReferenceSchema,
  v1TaskInstanceCollectionSchema,
  v1TaskInstanceSchema,
  v1TaskTryCollectionSchema,
  v1VersionSchema,
} from './v1-mapping';

/**
 * `/api/v1` cannot sort task instances, so "newest failures" reads up to this many and sorts them
 * here. The bot always passes `since` (a day), which keeps the scan small.
 */
export const V1_FAILED_SCAN_MAX = 1000;

const anyObject = z.object({});

/** Airflow 2's stable REST API. */
export function createV1Dialect(http: AirflowHttp, deploymentName: string): DialectApi {
  const read = async <T extends z.ZodType>(schema: T, request: AirflowRequest): Promise<z.output<T>> =>
    parsePayload(schema, await http.send(request), { deploymentName, subject: request.subject });

  /**
   * Airflow 2 answers an empty list for the runs or task instances of a DAG that does not exist,
   * where Airflow 3 answers 404. Asking for the DAG itself then says "not found" as on Airflow 3.
   */
  const requireDag = async (dagId: string, subject: string): Promise<void> => {
    if (dagId !== '~') await read(anyObject, { method: 'GET', path: apiPath`api/v1/dags/${dagId}`, subject });
  };

  const taskInstancesPath = (dagId: string, runId: string) => apiPath`api/v1/dags/${dagId}/dagRuns/${runId}/taskInstances`;
  const taskPath = (ref: TaskInstanceRef) => `${taskInstancesPath(ref.dagId, ref.runId)}/${apiPath`${ref.taskId}`}`;
  /** The unmapped and mapped routes differ only by a `/{map_index}` segment. */
  const instancePath = (ref: TaskInstanceRef) =>
    ref.mapIndex === UNMAPPED ? taskPath(ref) : `${taskPath(ref)}/${apiPath`${ref.mapIndex}`}`;

  /** One page of a log, for a server that ignores `Accept` (see `openLog`). */
  const logPage = async (ref: TaskInstanceRef, tryNumber: number, continuationToken: string | undefined): Promise<LogPage> => {
    const body = await read(v1LogPageSchema, {
      method: 'GET',
      path: `${taskPath(ref)}/logs/${apiPath`${tryNumber}`}`,
      searchParams: query({ map_index: mappedIndex(ref), token: continuationToken }),
      subject: logSubject(ref, tryNumber),
    });
    const content = body.content ?? '';
    const texts = pythonLogTexts(content) ?? [content];
    const token = body.continuation_token;
    return {
      lines: texts.flatMap(textLines),
      continuationToken: token && !v1LogHasEnded(token) ? token : null,
    };
  };

  return {
    dialect: 'v1',

    async version() {
      const body = await read(v1VersionSchema, { method: 'GET', path: 'api/v1/version', subject: VERSION_SUBJECT });
      return body.version;
    },

    getTaskInstance: (ref) =>
      read(v1TaskInstanceSchema, { method: 'GET', path: instancePath(ref), subject: taskInstanceSubject(ref) }),

    async taskInstancesPage(dagId, runId, states, page) {
      const body = await read(v1TaskInstanceCollectionSchema, {
        method: 'GET',
        path: taskInstancesPath(dagId, runId),
        searchParams: query({ state: states, limit: page.limit, offset: page.offset }),
        subject: runTaskInstancesSubject(dagId, runId),
      });
      return { items: body.task_instances, totalEntries: body.total_entries };
    },

    async listFailedTaskInstances({ dagId, since, limit }) {
      const failedStates: TaskState[] = ['failed', 'up_for_retry'];
      const all = await collectPages(async (page) => {
        const body = await read(v1TaskInstanceCollectionSchema, {
          method: 'GET',
          path: taskInstancesPath(dagId ?? '~', '~'),
          searchParams: query({
            state: failedStates,
            start_date_gte: since?.toISOString(),
            limit: page.limit,
            offset: page.offset,
          }),
          subject: failedSubject(dagId),
        });
        return { items: body.task_instances, totalEntries: body.total_entries };
      }, V1_FAILED_SCAN_MAX);
      if (all.length === 0 && dagId !== undefined) await requireDag(dagId, failedSubject(dagId));
      return newestFirst(all).slice(0, limit);
    },

    async endedTaskInstancesPage(ended, page) {
      const body = await read(v1TaskInstanceCollectionSchema, {
        method: 'POST',
        path: 'api/v1/dags/~/dagRuns/~/taskInstances/list',
        json: {
          state: ended.states,
          end_date_gte: ended.endedSince.toISOString(),
          page_limit: page.limit,
          page_offset: page.offset,
        },
        subject: endedTaskInstancesSubject(ended.endedSince),
      });
      return { items: body.task_instances, totalEntries: body.total_entries };
    },

    async endedRunsPage(ended, page) {
      const body = await read(v1DagRunCollectionSchema, {
        method: 'POST',
        path: 'api/v1/dags/~/dagRuns/list',
        json: {
          states: ended.states,
          end_date_gte: ended.endedSince.toISOString(),
          ...(ended.dagIds === undefined ? {} : { dag_ids: ended.dagIds }),
          page_limit: page.limit,
          page_offset: page.offset,
        },
        subject: endedRunsSubject(ended.endedSince),
      });
      return { items: body.dag_runs, totalEntries: body.total_entries };
    },

    async runsPage(dagId, filter, page) {
      const instant = filter.logicalDate?.toISOString();
      const body = await read(v1DagRunCollectionSchema, {
        method: 'GET',
        path: apiPath`api/v1/dags/${dagId}/dagRuns`,
        searchParams: query({
          order_by: '-execution_date',
          execution_date_gte: instant,
          execution_date_lte: instant,
          limit: page.limit,
          offset: page.offset,
        }),
        subject: runsSubject(dagId),
      });
      if (body.dag_runs.length === 0 && page.offset === 0) await requireDag(dagId, runsSubject(dagId));
      return { items: body.dag_runs, totalEntries: body.total_entries };
    },

    async dagsPage(filter, page) {
      const body = await read(v1DagCollectionSchema, {
        method: 'GET',
        path: 'api/v1/dags',
        searchParams: query({
          only_active: 'true',
          order_by: 'dag_id',
          dag_id_pattern: filter.dagIdPattern,
          limit: page.limit,
          offset: page.offset,
        }),
        subject: DAGS_SUBJECT,
      });
      return { items: body.dags, totalEntries: body.total_entries };
    },

    getRun: (dagId, runId) =>
      read(v1DagRunSchema, { method: 'GET', path: apiPath`api/v1/dags/${dagId}/dagRuns/${runId}`, subject: runSubject(dagId, runId) }),

    async listTries(ref) {
      return collectPages(async (page) => {
        const body = await read(v1TaskTryCollectionSchema, {
          method: 'GET',
          path: `${instancePath(ref)}/tries`,
          searchParams: query({ limit: page.limit, offset: page.offset }),
          subject: triesSubject(ref),
        });
        return { items: body.task_instances_history, totalEntries: body.total_entries };
      });
    },

    openLog: (ref, tryNumber) =>
      openLog(
        http,
        {
          method: 'GET',
          path: `${taskPath(ref)}/logs/${apiPath`${tryNumber}`}`,
          searchParams: query({ full_content: 'true', map_index: mappedIndex(ref) }),
          subject: logSubject(ref, tryNumber),
        },
        'text/plain',
        (token) => logPage(ref, tryNumber, token),
      ),

    extraLinks: (ref) =>
      read(v1ExtraLinksSchema, {
        method: 'GET',
        path: `${taskPath(ref)}/links`,
        searchParams: query({ map_index: mappedIndex(ref) }),
        subject: linksSubject(ref),
      }),

    async runAction(ref, action, dryRun) {
      const subject = taskInstanceSubject(ref);
      const relatives = { include_upstream: action.includeUpstream, include_downstream: action.includeDownstream };
      const elsewhere = { include_future: false, include_past: false };
      if (action.kind === 'clear') {
        // `task_ids` takes names only: a mapped task is cleared with all its map indexes.
        return read(v1ReferenceCollectionSchema, {
          method: 'POST',
          path: apiPath`api/v1/dags/${ref.dagId}/clearTaskInstances`,
          json: {
            dry_run: dryRun,
            task_ids: [ref.taskId],
            dag_run_id: ref.runId,
            only_failed: false,
            reset_dag_runs: true,
            ...relatives,
            ...elsewhere,
          },
          subject,
        });
      }
      if (ref.mapIndex === UNMAPPED) {
        return read(v1ReferenceCollectionSchema, {
          method: 'POST',
          path: apiPath`api/v1/dags/${ref.dagId}/updateTaskInstancesState`,
          json: { dry_run: dryRun, task_id: ref.taskId, dag_run_id: ref.runId, new_state: action.newState, ...relatives, ...elsewhere },
          subject,
        });
      }
      if (action.includeUpstream || action.includeDownstream) {
        throw new BotError(
          'invalid',
          `${deploymentName}: Airflow 2 cannot mark a mapped task instance together with its upstream or downstream tasks; mark ${subject} alone`,
          { details: { deployment: deploymentName } },
        );
      }
      const reference = await read(v1ReferenceSchema, {
        method: 'PATCH',
        path: instancePath(ref),
        json: { dry_run: dryRun, new_state: action.newState },
        subject,
      });
      const reported: ReportedTaskInstance = { ...reference, mapIndex: ref.mapIndex };
      return [reported];
    },

    async setNote(ref, note) {
      await read(anyObject, { method: 'PATCH', path: `${instancePath(ref)}/setNote`, json: { note }, subject: noteSubject(ref) });
    },
  };
}

function mappedIndex(ref: TaskInstanceRef): number | undefined {
  return ref.mapIndex === UNMAPPED ? undefined : ref.mapIndex;
}

/** Newest start first; task instances without a start date go last. */
function newestFirst(tis: TaskInstance[]): TaskInstance[] {
  const key = (ti: TaskInstance) => Date.parse(ti.startDate ?? ti.endDate ?? '') || 0;
  return [...tis].sort((a, b) => key(b) - key(a));
}
