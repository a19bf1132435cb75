/** The v2 routes that read: task instances, tries, logs, extra links, DAG runs, version. */
import type { DemoContext } from '../context';
import { DemoApiError, notFound } from '../errors';
import { json, queryList } from '../http/respond';
import type { Router } from '../http/router';
import type { DemoRequest, DemoResponse } from '../http/types';
import { sliceLog } from '../logs/log-pages';
import { airflow3LogMessages } from '../logs/render';
import {
  durationSeconds,
  findRuns,
  findTaskInstances,
  page,
  sortByKeys,
  stateFilter,
  unlessWildcard,
  WILDCARD,
  type SortKey,
  type TaskInstanceFilter,
  type TaskInstanceInRun,
} from '../queries';
import type { DemoRun } from '../types';
import { relatedOf, serializeRun, serializeTi } from './related';
import { v2Body, v2BodyRange, v2Integer, v2IntegerList, v2NumberRange, v2QueryRange } from './request';
import { dagRunsBatchBody, taskInstancesBatchBody } from './schemas';
import { V2_AIRFLOW_VERSION, v2Dag, v2ExtraLinks, v2Try } from './serializers';
import { listDags } from '../dag-list';

export const V2 = '/api/v2';
export const V2_TI = `${V2}/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances`;

type Indexed = TaskInstanceInRun & { index: number };

const TI_ORDER: Record<string, SortKey<Indexed>> = {
  id: (x) => x.index,
  state: (x) => x.ti.state,
  duration: (x) => durationSeconds(x.ti.startDate, x.ti.endDate),
  start_date: (x) => x.ti.startDate,
  end_date: (x) => x.ti.endDate,
  map_index: (x) => x.ti.mapIndex,
  try_number: (x) => x.ti.tryNumber,
  logical_date: (x) => x.run.logicalDate,
  run_after: (x) => x.run.runAfter,
  data_interval_start: (x) => x.run.dataIntervalStart,
  data_interval_end: (x) => x.run.dataIntervalEnd,
  rendered_map_index: (x) => x.ti.renderedMapIndex,
};

const RUN_ORDER: Record<string, SortKey<DemoRun>> = {
  id: (r) => r.sequence,
  state: (r) => r.state,
  dag_id: (r) => r.dagId,
  run_id: (r) => r.runId,
  dag_run_id: (r) => r.runId,
  logical_date: (r) => r.logicalDate,
  run_after: (r) => r.runAfter,
  start_date: (r) => r.startDate,
  end_date: (r) => r.endDate,
  duration: (r) => durationSeconds(r.startDate, r.endDate),
};

function sortedPage(ctx: DemoContext, found: TaskInstanceInRun[], orderBy: string[], limit: number, offset: number): DemoResponse {
  const indexed = found.map((item, index) => ({ ...item, index }));
  const sorted = sortByKeys(indexed, [...orderBy, 'id'], TI_ORDER);
  return json({
    task_instances: page(sorted, limit, offset).map(({ ti, run }) => serializeTi(ctx, ti, run)),
    total_entries: found.length,
  });
}

/** The `Accept` header decides the log format: JSON (the default), NDJSON, or 406. */
function logFormat(request: DemoRequest): 'json' | 'ndjson' | undefined {
  const accept = request.headers.accept ?? '*/*';
  if (accept.includes('application/x-ndjson')) return 'ndjson';
  if (accept.includes('application/json') || accept.includes('*/*')) return 'json';
  return undefined;
}

export function addV2ReadRoutes(router: Router, ctx: DemoContext): void {
  const { store } = ctx;
  const requireDagOrWildcard = (dagId: string): void => {
    if (dagId !== WILDCARD) store.requireDag(dagId);
  };
  const taskInstanceOf = (request: DemoRequest, queryMapIndex = true) => {
    const { dag_id: dagId = '', dag_run_id: runId = '', task_id: taskId = '', map_index: fromPath } = request.params;
    const mapIndex = fromPath !== undefined ? Number(fromPath) : queryMapIndex ? v2Integer(request, 'map_index', -1, -1) : -1;
    return store.requireTaskInstance(dagId, runId, taskId, mapIndex);
  };

  router.add('GET', `${V2}/version`, () => json({ version: V2_AIRFLOW_VERSION, git_version: null }));

  // The builder's DAG options. `exclude_stale` changes nothing: no demo DAG is stale.
  router.add('GET', `${V2}/dags`, (request) => {
    const dags = listDags(store, request.query);
    const limit = v2Integer(request, 'limit', 50);
    const offset = v2Integer(request, 'offset', 0);
    return json({ dags: page(dags, limit, offset).map((dag) => v2Dag(dag, ctx.clock())), total_entries: dags.length });
  });

  router.add('GET', `${V2}/dags/{dag_id}/dagRuns`, (request) => {
    const dagId = request.params.dag_id ?? '';
    requireDagOrWildcard(dagId);
    const runs = findRuns(store, {
      dagIds: unlessWildcard(dagId),
      states: queryList(request.query, 'state'),
      runTypes: queryList(request.query, 'run_type'),
      logicalDate: v2QueryRange(request, 'logical_date'),
      runAfter: v2QueryRange(request, 'run_after'),
      startDate: v2QueryRange(request, 'start_date'),
      endDate: v2QueryRange(request, 'end_date'),
    });
    const sorted = sortByKeys(runs, [...(queryList(request.query, 'order_by') ?? []), 'id'], RUN_ORDER);
    const limit = v2Integer(request, 'limit', 50);
    const offset = v2Integer(request, 'offset', 0);
    return json({ dag_runs: page(sorted, limit, offset).map((run) => serializeRun(ctx, run)), total_entries: sorted.length });
  });

  router.add('GET', `${V2}/dags/{dag_id}/dagRuns/{dag_run_id}`, (request) =>
    json(serializeRun(ctx, store.requireRun(request.params.dag_id ?? '', request.params.dag_run_id ?? ''))),
  );

  router.add('POST', `${V2}/dags/~/dagRuns/list`, (request) => {
    const body = v2Body(request, dagRunsBatchBody);
    const runs = findRuns(store, {
      dagIds: body.dag_ids ?? undefined,
      states: body.states?.filter((state) => state !== null),
      logicalDate: v2BodyRange(body, 'logical_date'),
      runAfter: v2BodyRange(body, 'run_after'),
      startDate: v2BodyRange(body, 'start_date'),
      endDate: v2BodyRange(body, 'end_date'),
    });
    const sorted = sortByKeys(runs, [...(body.order_by ? [body.order_by] : []), 'id'], RUN_ORDER);
    return json({ dag_runs: page(sorted, body.page_limit, body.page_offset).map((run) => serializeRun(ctx, run)), total_entries: sorted.length });
  });

  router.add('POST', `${V2}/dags/~/dagRuns/~/taskInstances/list`, (request) => {
    const body = v2Body(request, taskInstancesBatchBody);
    const found = findTaskInstances(store, {
      dagIds: body.dag_ids ?? undefined,
      runIds: body.dag_run_ids ?? undefined,
      taskIds: body.task_ids ?? undefined,
      states: body.state ?? undefined,
      pools: body.pool ?? undefined,
      queues: body.queue ?? undefined,
      logicalDate: v2BodyRange(body, 'logical_date'),
      runAfter: v2BodyRange(body, 'run_after'),
      startDate: v2BodyRange(body, 'start_date'),
      endDate: v2BodyRange(body, 'end_date'),
      duration: {
        gte: body.duration_gte ?? undefined,
        gt: body.duration_gt ?? undefined,
        lte: body.duration_lte ?? undefined,
        lt: body.duration_lt ?? undefined,
      },
    });
    const orderBy = body.order_by ? [body.order_by] : ['map_index'];
    return sortedPage(ctx, found, orderBy, body.page_limit, body.page_offset);
  });

  router.add('GET', V2_TI, (request) => {
    const { dag_id: dagId = '', dag_run_id: runId = '' } = request.params;
    requireDagOrWildcard(dagId);
    if (dagId !== WILDCARD && runId !== WILDCARD) store.requireRun(dagId, runId);
    const taskId = request.query.get('task_id');
    const filter: TaskInstanceFilter = {
      dagIds: unlessWildcard(dagId),
      runIds: unlessWildcard(runId),
      taskIds: taskId === null ? undefined : [taskId],
      states: stateFilter(queryList(request.query, 'state')),
      mapIndexes: v2IntegerList(request, 'map_index'),
      pools: queryList(request.query, 'pool'),
      queues: queryList(request.query, 'queue'),
      logicalDate: v2QueryRange(request, 'logical_date'),
      runAfter: v2QueryRange(request, 'run_after'),
      startDate: v2QueryRange(request, 'start_date'),
      endDate: v2QueryRange(request, 'end_date'),
      duration: v2NumberRange(request, 'duration'),
    };
    const tries = v2IntegerList(request, 'try_number');
    const found = findTaskInstances(store, filter).filter(({ ti }) => !tries || tries.includes(ti.tryNumber));
    const orderBy = queryList(request.query, 'order_by') ?? ['map_index'];
    return sortedPage(ctx, found, orderBy, v2Integer(request, 'limit', 50), v2Integer(request, 'offset', 0));
  });

  const tries = (request: DemoRequest): DemoResponse => {
    const ti = taskInstanceOf(request);
    const related = relatedOf(ctx, ti);
    const all = store.tries(ti);
    return json({ task_instances: all.map((t) => v2Try(ti, t, related)), total_entries: all.length });
  };
  const oneTry = (request: DemoRequest): DemoResponse => {
    const ti = taskInstanceOf(request);
    const wanted = Number(request.params.task_try_number);
    const attempt = store.tries(ti).find((t) => t.tryNumber === wanted);
    if (!attempt) {
      throw notFound(`The Task Instance with dag_id: \`${ti.dagId}\`, run_id: \`${ti.runId}\`, task_id: \`${ti.taskId}\`, try_number: \`${wanted}\` and map_index: \`${ti.mapIndex}\` was not found`);
    }
    return json(v2Try(ti, attempt, relatedOf(ctx, ti)));
  };
  router.add('GET', `${V2_TI}/{task_id}/tries`, tries);
  router.add('GET', `${V2_TI}/{task_id}/tries/{task_try_number}`, oneTry);
  router.add('GET', `${V2_TI}/{task_id}/{map_index}/tries`, tries);
  router.add('GET', `${V2_TI}/{task_id}/{map_index}/tries/{task_try_number}`, oneTry);

  router.add('GET', `${V2_TI}/{task_id}/logs/{try_number}`, (request) => {
    const format = logFormat(request);
    if (!format) throw new DemoApiError(406, 'Only application/json or application/x-ndjson is supported');
    const ti = taskInstanceOf(request);
    const tryNumber = Number(request.params.try_number);
    const log = store.tryLog(ti, tryNumber);
    if (!log) throw notFound(`TaskInstance ${ti.taskId} has no try ${tryNumber}`);
    const token = request.query.get('token');
    const position = token === null || token === '' ? { logPos: 0, endOfLog: false } : ctx.logTokens.decode(token);
    if (!position) throw new DemoApiError(400, 'Bad Signature. Please use only the tokens provided by the API.');
    const slice = sliceLog(log.records, position.logPos, request.query.get('full_content') === 'true', log.finished);
    const content = airflow3LogMessages(slice.records);
    if (format === 'ndjson') {
      return { status: 200, text: content.map((m) => `${JSON.stringify(m)}\n`).join(''), contentType: 'application/x-ndjson' };
    }
    const continuation = slice.endOfLog ? null : ctx.logTokens.encode({ logPos: slice.nextPosition, endOfLog: false });
    return json({ content, continuation_token: continuation });
  });

  router.add('GET', `${V2_TI}/{task_id}/links`, (request) => {
    const ti = taskInstanceOf(request);
    return json(v2ExtraLinks(store.requireDag(ti.dagId), ti));
  });

  router.add('GET', `${V2_TI}/{task_id}/listMapped`, (request) => {
    const { dag_id: dagId = '', dag_run_id: runId = '', task_id: taskId = '' } = request.params;
    store.requireRun(dagId, runId);
    const found = findTaskInstances(store, { dagIds: [dagId], runIds: [runId], taskIds: [taskId], states: stateFilter(queryList(request.query, 'state')) })
      .filter(({ ti }) => ti.mapIndex >= 0);
    if (found.length === 0) throw notFound(`Task id ${taskId} is not mapped`);
    const orderBy = queryList(request.query, 'order_by') ?? ['map_index'];
    return sortedPage(ctx, found, orderBy, v2Integer(request, 'limit', 50), v2Integer(request, 'offset', 0));
  });

  const getTaskInstance = (request: DemoRequest): DemoResponse => json(serializeTi(ctx, taskInstanceOf(request, false)));
  router.add('GET', `${V2_TI}/{task_id}`, getTaskInstance);
  router.add('GET', `${V2_TI}/{task_id}/{map_index}`, getTaskInstance);
}
