import { z } from 'zod';
import { isBotError } from '../errors';
import type { AirflowHttp } from './airflow-http';
import { apiPath } from './api-path';
import type { DialectApi, HitlApi } from './dialect';
import type { AirflowRequest } from './http-transport';
import { UNMAPPED, type LogPage, type TaskInstanceRef, type TaskState } from './model';
import { collectPages } from './paging';
import { openLog } from './open-log';
import { parsePayload } from './payload-fields';
import { query } from './search-params';
import { structuredLogLines } from './structured-log';
import {
  PENDING_HITL_SUBJECT,
  DAGS_SUBJECT,
  VERSION_SUBJECT,
  endedRunsSubject,
  endedTaskInstancesSubject,
  failedSubject,
  hitlAnswerSubject,
  hitlSubject,
  linksSubject,
  logSubject,
  noteSubject,
  runSubject,
  runTaskInstancesSubject,
  runsSubject,
  taskInstanceSubject,
  triesSubject,
} from './subjects';
import {
  v2AffectedSchema,
  v2DagCollectionSchema,
  v2DagRunCollectionSchema,
  v2DagRunSchema,
  v2ExtraLinksSchema,
  v2HitlDetailCollectionSchema,
  v2HitlDetailResponseSchema,
  v2HitlDetailSchema,
  v2LogPageSchema,
  v2TaskInstanceCollectionSchema,
  v2TaskInstanceSchema,
  v2TaskTryCollectionSchema,
  v2VersionSchema,
} from './v2-mapping';

const anyObject = z.object({});

/** Airflow 3's REST API. */
export function createV2Dialect(http: AirflowHttp, deploymentName: string): DialectApi {
  const read = async <T extends z.ZodType>(schema: T, request: AirflowRequest): Promise<z.output<T>> =>
    parsePayload(schema, await http.send(request), { deploymentName, subject: request.subject });

  const taskInstancesPath = (dagId: string, runId: string) => apiPath`api/v2/dags/${dagId}/dagRuns/${runId}/taskInstances`;
  const taskPath = (ref: TaskInstanceRef) => `${taskInstancesPath(ref.dagId, ref.runId)}/${apiPath`${ref.taskId}`}`;
  const mappedPath = (ref: TaskInstanceRef) => `${taskPath(ref)}/${apiPath`${ref.mapIndex}`}`;
  const isMapped = (ref: TaskInstanceRef) => ref.mapIndex !== UNMAPPED;
  /**
   * Routes with a `/{map_index}` variant use it for mapped instances; for unmapped ones the
   * `{task_id}` route is given `map_index=-1`, so it touches exactly that one task instance.
   */
  const instanceRoute = (ref: TaskInstanceRef, suffix = '') =>
    isMapped(ref)
      ? { path: `${mappedPath(ref)}${suffix}`, mapIndex: undefined }
      : { path: `${taskPath(ref)}${suffix}`, mapIndex: UNMAPPED };

  /** One page of a log, for a server that ignores `Accept` (see `openLog`). */
  const logPage = async (ref: TaskInstanceRef, tryNumber: number, continuationToken: string | undefined): Promise<LogPage> => {
    const body = await read(v2LogPageSchema, {
      method: 'GET',
      path: `${taskPath(ref)}/logs/${apiPath`${tryNumber}`}`,
      searchParams: query({ map_index: ref.mapIndex, token: continuationToken }),
      subject: logSubject(ref, tryNumber),
    });
    return { lines: structuredLogLines(body.content), continuationToken: body.continuation_token ?? null };
  };

  const hitl = createV2Hitl(deploymentName, read, (ref) => `${mappedPath(ref)}/hitlDetails`);

  return {
    dialect: 'v2',
    hitl,

    async version() {
      // Airflow 3 serves this route without a token; a gateway in front of it may not.
      const body = parsePayload(
        v2VersionSchema,
        await http.sendOpen({ method: 'GET', path: 'api/v2/version', subject: VERSION_SUBJECT }),
        { deploymentName, subject: VERSION_SUBJECT },
      );
      return body.version;
    },

    getTaskInstance: (ref) =>
      read(v2TaskInstanceSchema, {
        method: 'GET',
        path: isMapped(ref) ? mappedPath(ref) : taskPath(ref),
        subject: taskInstanceSubject(ref),
      }),

    async taskInstancesPage(dagId, runId, states, page) {
      const body = await read(v2TaskInstanceCollectionSchema, {
        method: 'GET',
        path: taskInstancesPath(dagId, runId),
        searchParams: query({ state: states, limit: page.limit, offset: page.offset }),
        subject: runTaskInstancesSubject(dagId, runId),
      });
      return { items: body.task_instances, totalEntries: body.total_entries };
    },

    async listFailedTaskInstances({ dagId, since, limit }) {
      const failedStates: TaskState[] = ['failed', 'up_for_retry'];
      return collectPages(async (page) => {
        const body = await read(v2TaskInstanceCollectionSchema, {
          method: 'GET',
          path: taskInstancesPath(dagId ?? '~', '~'),
          searchParams: query({
            state: failedStates,
            start_date_gte: since?.toISOString(),
            order_by: ['-start_date'],
            limit: page.limit,
            offset: page.offset,
          }),
          subject: failedSubject(dagId),
        });
        return { items: body.task_instances, totalEntries: body.total_entries };
      }, limit);
    },

    async endedTaskInstancesPage(ended, page) {
      const body = await read(v2TaskInstanceCollectionSchema, {
        method: 'POST',
        path: 'api/v2/dags/~/dagRuns/~/taskInstances/list',
        json: {
          state: ended.states,
          end_date_gte: ended.endedSince.toISOString(),
            // Paging in a fixed order, so a failure that ends between two pages shifts nothing seen.
            order_by: 'end_date',
          page_limit: page.limit,
          page_offset: page.offset,
        },
        subject: endedTaskInstancesSubject(ended.endedSince),
      });
      return { items: body.task_instances, totalEntries: body.total_entries };
    },

    async endedRunsPage(ended, page) {
      const body = await read(v2DagRunCollectionSchema, {
        method: 'POST',
        path: 'api/v2/dags/~/dagRuns/list',
        json: {
          states: ended.states,
          end_date_gte: ended.endedSince.toISOString(),
          ...(ended.dagIds === undefined ? {} : { dag_ids: ended.dagIds }),
            order_by: 'end_date',
          page_limit: page.limit,
          page_offset: page.offset,
        },
        subject: endedRunsSubject(ended.endedSince),
      });
      return { items: body.dag_runs, totalEntries: body.total_entries };
    },

    async runsPage(dagId, filter, page) {
      const instant = filter.logicalDate?.toISOString();
      const body = await read(v2DagRunCollectionSchema, {
        method: 'GET',
        path: apiPath`api/v2/dags/${dagId}/dagRuns`,
        searchParams: query({
          // `logical_date` is null for some manual runs in Airflow 3; `run_after` always orders.
          order_by: ['-run_after'],
          logical_date_gte: instant,
          logical_date_lte: instant,
          limit: page.limit,
          offset: page.offset,
        }),
        subject: runsSubject(dagId),
      });
      return { items: body.dag_runs, totalEntries: body.total_entries };
    },

    async dagsPage(filter, page) {
      const body = await read(v2DagCollectionSchema, {
        method: 'GET',
        path: 'api/v2/dags',
        searchParams: query({
          exclude_stale: 'true',
          order_by: ['dag_id'],
          dag_id_pattern: filter.dagIdPattern,
          limit: page.limit,
          offset: page.offset,
        }),
        subject: DAGS_SUBJECT,
      });
      return { items: body.dags, totalEntries: body.total_entries };
    },

    getRun: (dagId, runId) =>
      read(v2DagRunSchema, { method: 'GET', path: apiPath`api/v2/dags/${dagId}/dagRuns/${runId}`, subject: runSubject(dagId, runId) }),

    listTries(ref) {
      const route = instanceRoute(ref, '/tries');
      return read(v2TaskTryCollectionSchema, {
        method: 'GET',
        path: route.path,
        searchParams: query({ map_index: route.mapIndex }),
        subject: triesSubject(ref),
      });
    },

    openLog: (ref, tryNumber) =>
      openLog(
        http,
        {
          method: 'GET',
          path: `${taskPath(ref)}/logs/${apiPath`${tryNumber}`}`,
          searchParams: query({ full_content: 'true', map_index: ref.mapIndex }),
          subject: logSubject(ref, tryNumber),
        },
        'application/x-ndjson',
        (token) => logPage(ref, tryNumber, token),
      ),

    extraLinks: (ref) =>
      read(v2ExtraLinksSchema, {
        method: 'GET',
        path: `${taskPath(ref)}/links`,
        searchParams: query({ map_index: ref.mapIndex }),
        subject: linksSubject(ref),
      }),

    runAction(ref, action, dryRun) {
      const subject = taskInstanceSubject(ref);
      const scope = {
        include_upstream: action.includeUpstream,
        include_downstream: action.includeDownstream,
        include_future: false,
        include_past: false,
      };
      if (action.kind === 'clear') {
        return read(v2AffectedSchema, {
          method: 'POST',
          path: apiPath`api/v2/dags/${ref.dagId}/clearTaskInstances`,
          json: {
            dry_run: dryRun,
            task_ids: isMapped(ref) ? [[ref.taskId, ref.mapIndex]] : [ref.taskId],
            dag_run_id: ref.runId,
            only_failed: false,
            reset_dag_runs: true,
            ...scope,
          },
          subject,
        });
      }
      // v2 forbids a `dry_run` field: the preview is its own route.
      const route = instanceRoute(ref, dryRun ? '/dry_run' : '');
      return read(v2AffectedSchema, {
        method: 'PATCH',
        path: route.path,
        searchParams: query({ map_index: route.mapIndex }),
        json: { new_state: action.newState, ...scope },
        subject,
      });
    },

    async setNote(ref, note) {
      const route = instanceRoute(ref);
      await read(anyObject, {
        method: 'PATCH',
        path: route.path,
        searchParams: query({ update_mask: 'note', map_index: route.mapIndex }),
        json: { note },
        subject: noteSubject(ref),
      });
    },
  };
}

/**
 * Airflow 3.1's human-in-the-loop routes. Every request is addressed by `{task_id}/{map_index}`,
 * with `-1` for an unmapped task: these routes have no variant without the index.
 */
function createV2Hitl(
  deploymentName: string,
  read: <T extends z.ZodType>(schema: T, request: AirflowRequest) => Promise<z.output<T>>,
  detailPath: (ref: TaskInstanceRef) => string,
): HitlApi {
  return {
    async pendingPage(page) {
      try {
        const body = await read(v2HitlDetailCollectionSchema, {
          method: 'GET',
          path: 'api/v2/dags/~/dagRuns/~/hitlDetails',
          searchParams: query({
            response_received: 'false',
            state: ['deferred'],
            // Oldest first, and a fixed order, so a request made between two pages shifts nothing seen.
            order_by: ['created_at'],
            limit: page.limit,
            offset: page.offset,
          }),
          subject: PENDING_HITL_SUBJECT,
        });
        return { items: body.hitl_details, totalEntries: body.total_entries };
      } catch (error) {
        // With `~` for DAG and run, nothing named can be missing: a 404 is Airflow 3.0, which has no such route.
        if (isBotError(error) && error.details.status === 404) return { items: [], totalEntries: 0 };
        throw error;
      }
    },

    get: (ref) =>
      read(v2HitlDetailSchema, {
        method: 'GET',
        path: detailPath(ref),
        subject: hitlSubject(ref),
      }),

    answer(ref, answer) {
      const name = deploymentName;
      // The generic wording would name "the answer to …" as what is missing or refused.
      const quoted = (detail: string | undefined) => (detail ? `: ${detail}` : '');
      const rejected = (detail: string | undefined) => `${name}: Airflow rejected the answer to ${hitlSubject(ref)}${quoted(detail)}`;
      return read(v2HitlDetailResponseSchema, {
        method: 'PATCH',
        path: detailPath(ref),
        json: { chosen_options: answer.chosenOptions, params_input: answer.paramsInput },
        subject: hitlAnswerSubject(ref),
        refusals: {
          400: rejected,
          403: (detail) =>
            detail !== undefined && /not a respondent/i.test(detail)
              ? `${name}: Airflow refused the bot's own Airflow user as a respondent to ${hitlSubject(ref)}: "${detail}" ` +
                "To answer from Slack, add the bot's Airflow user to the task's assigned_users, or leave assigned_users empty."
              : undefined,
          404: (detail) => `${name}: ${hitlSubject(ref)} not found${quoted(detail)}`,
          409: (detail) => `${name}: this request was already answered; Airflow keeps the first answer to ${hitlSubject(ref)}${quoted(detail)}`,
          422: rejected,
        },
      });
    },
  };
}
