/**
 * Airflow 3.1's human-in-the-loop routes: the requests HITL operators made (`GET …/hitlDetails`,
 * with `~` for every DAG and run), one task instance's request, and the answer (`PATCH`). Only
 * the v2 dialect has them; an Airflow 2 answers these paths 404 like any unknown route.
 */
import type { DemoContext } from '../context';
import { DemoApiError, notFound } from '../errors';
import { json, queryList } from '../http/respond';
import type { Router } from '../http/router';
import type { DemoRequest } from '../http/types';
import { inRange, likeSearch, page, sortByKeys, stateFilter, WILDCARD, taskOf, type Range, type SortKey } from '../queries';
import type { DemoHitlDetail, DemoHitlUser, DemoRun, DemoTaskInstance, DemoTaskState, DemoTiKey } from '../types';
import { serializeTi } from './related';
import { V2, V2_TI } from './read-routes';
import { bearerToken, v2Body, v2Integer, v2OptionalBoolean, v2OptionalInteger, v2QueryRange } from './request';
import { updateHitlDetailBody } from './schemas';
import { v2HitlDetail, v2HitlResponse, v2TaskInstanceId } from './serializers';

interface Found {
  detail: DemoHitlDetail;
  ti: DemoTaskInstance;
  run: DemoRun;
  /** The task instance's place in creation order: Airflow's `ti_id` is a UUIDv7, ordered by creation. */
  tiOrder: number;
  operator: string | null;
}

const HITL_ORDER: Record<string, SortKey<Found>> = {
  ti_id: (x) => x.tiOrder,
  subject: (x) => x.detail.subject,
  responded_at: (x) => x.detail.respondedAt,
  created_at: (x) => x.detail.createdAt,
  responded_by_user_id: (x) => x.detail.respondedBy?.id ?? null,
  responded_by_user_name: (x) => x.detail.respondedBy?.name ?? null,
  dag_id: (x) => x.ti.dagId,
  run_id: (x) => x.ti.runId,
  task_display_name: (x) => x.ti.taskId,
  run_after: (x) => x.run.runAfter,
  rendered_map_index: (x) => x.ti.renderedMapIndex,
  task_instance_operator: (x) => x.operator,
  task_instance_state: (x) => x.ti.state,
};

/** What the list route's query asks for. */
interface HitlFilter {
  dagId: string;
  runId: string;
  taskId: string | null;
  mapIndex: number | undefined;
  states: (DemoTaskState | null)[] | undefined;
  responseReceived: boolean | undefined;
  respondedByIds: string[] | undefined;
  respondedByNames: string[] | undefined;
  createdAt: Range;
  /** `*_pattern` and `*_search` parameters, each a test on one field. */
  searches: ((found: Found) => boolean)[];
}

function filterOf(request: DemoRequest): HitlFilter {
  const { dag_id: dagId = '', dag_run_id: runId = '' } = request.params;
  const search = (name: string, field: (found: Found) => string | null): ((found: Found) => boolean)[] => {
    const pattern = request.query.get(name);
    if (pattern === null || pattern === '') return [];
    const matches = likeSearch(pattern);
    return [(found) => matches(field(found))];
  };
  return {
    dagId,
    runId,
    taskId: request.query.get('task_id'),
    mapIndex: v2OptionalInteger(request, 'map_index'),
    states: stateFilter(queryList(request.query, 'state')),
    responseReceived: v2OptionalBoolean(request, 'response_received'),
    respondedByIds: queryList(request.query, 'responded_by_user_id'),
    respondedByNames: queryList(request.query, 'responded_by_user_name'),
    createdAt: v2QueryRange(request, 'created_at'),
    searches: [
      ...search('dag_id_pattern', (x) => x.ti.dagId),
      ...search('task_id_pattern', (x) => x.ti.taskId),
      ...search('subject_search', (x) => x.detail.subject),
      ...search('body_search', (x) => x.detail.body),
    ],
  };
}

function kept(found: Found, filter: HitlFilter): boolean {
  const { detail, ti } = found;
  return (
    (filter.dagId === WILDCARD || ti.dagId === filter.dagId) &&
    (filter.runId === WILDCARD || ti.runId === filter.runId) &&
    (filter.taskId === null || ti.taskId === filter.taskId) &&
    (filter.mapIndex === undefined || ti.mapIndex === filter.mapIndex) &&
    (filter.states === undefined || filter.states.includes(ti.state)) &&
    (filter.responseReceived === undefined || (detail.respondedAt !== null) === filter.responseReceived) &&
    (filter.respondedByIds === undefined || filter.respondedByIds.includes(detail.respondedBy?.id ?? '')) &&
    (filter.respondedByNames === undefined || filter.respondedByNames.includes(detail.respondedBy?.name ?? '')) &&
    inRange(detail.createdAt, filter.createdAt) &&
    filter.searches.every((matches) => matches(found))
  );
}

/**
 * The user behind the request's token. The simple auth manager's user has its name as its id,
 * which is what Airflow records as `HITLUser`.
 */
function respondentOf(ctx: DemoContext, request: DemoRequest): DemoHitlUser {
  const check = ctx.jwt.verify(bearerToken(request) ?? '');
  // The dialect let the request through, so the token is valid; the fallback is never reached.
  const name = check.ok ? check.subject : ctx.user.username;
  return { id: name, name };
}

export function addHitlRoutes(router: Router, ctx: DemoContext): void {
  const { store } = ctx;

  /** The task instance and its request, or Airflow's 404 for whichever is missing. */
  const requireHitl = (request: DemoRequest): { key: DemoTiKey; detail: DemoHitlDetail; ti: DemoTaskInstance } => {
    const { dag_id: dagId = '', dag_run_id: runId = '', task_id: taskId = '', map_index: mapText = '-1' } = request.params;
    const key: DemoTiKey = { dagId, runId, taskId, mapIndex: Number(mapText) };
    const ti = store.taskInstance(dagId, runId, taskId, key.mapIndex);
    if (!ti) {
      throw notFound(`The Task Instance with dag_id: \`${dagId}\`, run_id: \`${runId}\`, task_id: \`${taskId}\` and map_index: \`${key.mapIndex}\` was not found`);
    }
    const detail = store.hitlDetail(key);
    if (!detail) throw notFound(`Human-in-the-loop detail does not exist for Task Instance with id ${v2TaskInstanceId(ti)}`);
    return { key, detail, ti };
  };

  router.add('GET', `${V2}/dags/{dag_id}/dagRuns/{dag_run_id}/hitlDetails`, (request) => {
    const filter = filterOf(request);
    const orderBy = queryList(request.query, 'order_by') ?? ['ti_id'];
    const limit = v2Integer(request, 'limit', 50);
    const offset = v2Integer(request, 'offset', 0);
    const tis = store.taskInstances();
    const runs = store.runs();
    // Like Airflow, an unknown DAG or run is no error here: it just has no requests.
    const found = store.hitlDetails().flatMap((detail): Found[] => {
      const tiOrder = tis.findIndex((t) => t.dagId === detail.dagId && t.runId === detail.runId && t.taskId === detail.taskId && t.mapIndex === detail.mapIndex);
      const ti = tis[tiOrder];
      const run = runs.find((r) => r.dagId === detail.dagId && r.runId === detail.runId);
      if (!ti || !run) return [];
      const item = { detail, ti, run, tiOrder, operator: taskOf(store, ti)?.operator ?? null };
      return kept(item, filter) ? [item] : [];
    });
    const sorted = sortByKeys(found, [...orderBy, 'ti_id'], HITL_ORDER);
    return json({
      hitl_details: page(sorted, limit, offset).map(({ detail, ti, run }) => v2HitlDetail(detail, serializeTi(ctx, ti, run))),
      total_entries: found.length,
    });
  });

  router.add('GET', `${V2_TI}/{task_id}/{map_index}/hitlDetails`, (request) => {
    const { detail, ti } = requireHitl(request);
    return json(v2HitlDetail(detail, serializeTi(ctx, ti)));
  });

  router.add('PATCH', `${V2_TI}/{task_id}/{map_index}/hitlDetails`, (request) => {
    // FastAPI validates the body before the route looks anything up.
    const body = v2Body(request, updateHitlDetailBody);
    const { key, detail, ti } = requireHitl(request);
    if (detail.respondedAt !== null) {
      throw new DemoApiError(
        409,
        `Human-in-the-loop detail has already been updated for Task Instance with id ${v2TaskInstanceId(ti)} and is not allowed to write again.`,
      );
    }
    const respondent = respondentOf(ctx, request);
    // Airflow compares the whole HITLUser (id and name), not just the id.
    if (detail.assignedUsers.length > 0 && !detail.assignedUsers.some((u) => u.id === respondent.id && u.name === respondent.name)) {
      throw new DemoApiError(403, `User=${respondent.name} (id=${respondent.id}) is not a respondent for the task.`);
    }
    // Airflow 3.1's route does not check chosen_options against the request's options (nor
    // `multiple`): it stores them, and the operator judges them when it resumes (see the store).
    const answered = store.answerHitl({ ...key, respondent, chosenOptions: body.chosen_options, paramsInput: body.params_input });
    return json(v2HitlResponse(answered));
  });
}
