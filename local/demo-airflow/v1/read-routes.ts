/** The v1 routes that read: task instances, tries, logs, extra links, DAG runs, version. */
import type { DemoContext } from '../context';
import { parseIsoDate } from '../dates';
import { DemoApiError, notFound } from '../errors';
import { json, queryList } from '../http/respond';
import type { Router } from '../http/router';
import type { DemoRequest, DemoResponse } from '../http/types';
import { sliceLog } from '../logs/log-pages';
import { pythonHostLogRepr } from '../logs/python-repr';
import { airflow2LogText, logFilePath } from '../logs/render';
import {
  findRuns,
  findTaskInstances,
  page,
  sortByKeys,
  stateFilter,
  taskOf,
  unlessWildcard,
  type TaskInstanceFilter,
  type TaskInstanceInRun,
} from '../queries';
import type { DemoRun } from '../types';
import { listDags } from '../dag-list';
import { v1Body, v1Integer, v1NumberRange, v1Range } from './request';
import { listDagRunsBody, listTaskInstancesBody } from './schemas';
import { V1_AIRFLOW_VERSION, v1Dag, v1DagRun, v1ExtraLinks, v1TaskInstance, v1Try } from './serializers';

export const V1 = '/api/v1';
export const V1_TI = `${V1}/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances`;

function mapIndexOf(request: DemoRequest): number {
  const fromPath = request.params.map_index;
  return fromPath === undefined ? v1Integer(request, 'map_index', -1, -1) : Number(fromPath);
}

function taskInstanceOf(ctx: DemoContext, request: DemoRequest) {
  const { dag_id: dagId = '', dag_run_id: runId = '', task_id: taskId = '' } = request.params;
  const ti = ctx.store.requireTaskInstance(dagId, runId, taskId, mapIndexOf(request));
  return { ti, run: ctx.store.requireRun(dagId, runId), task: taskOf(ctx.store, ti) };
}

function collection(ctx: DemoContext, found: TaskInstanceInRun[], limit: number, offset: number): DemoResponse {
  return json({
    task_instances: page(found, limit, offset).map(({ ti, run }) => v1TaskInstance(ti, run, taskOf(ctx.store, ti))),
    total_entries: found.length,
  });
}

function bodyDate(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseIsoDate(value);
  if (parsed === undefined) throw new DemoApiError(400, `'${value}' is not a 'date-time' - '${name}'`);
  return parsed;
}

const RUN_ORDER: Record<string, (run: DemoRun) => string | number | null> = {
  id: (r) => r.sequence,
  state: (r) => r.state,
  dag_id: (r) => r.dagId,
  dag_run_id: (r) => r.runId,
  execution_date: (r) => r.logicalDate,
  start_date: (r) => r.startDate,
  end_date: (r) => r.endDate,
};

export function addV1ReadRoutes(router: Router, ctx: DemoContext): void {
  const { store } = ctx;
  router.add('GET', `${V1}/version`, () => json({ version: V1_AIRFLOW_VERSION, git_version: null }));

  // The builder's DAG options. `only_active` changes nothing: every demo DAG is active.
  router.add('GET', `${V1}/dags`, (request) => {
    const dags = listDags(store, request.query);
    const limit = v1Integer(request, 'limit', 100, 1);
    const offset = v1Integer(request, 'offset', 0);
    return json({ dags: page(dags, limit, offset).map(v1Dag), total_entries: dags.length });
  });

  // The bot asks it only to tell "no such DAG" from "no runs": Airflow 2's run lists do not check.
  router.add('GET', `${V1}/dags/{dag_id}`, (request) => json(v1Dag(store.requireDag(request.params.dag_id ?? ''))));

  router.add('GET', `${V1}/dags/{dag_id}/dagRuns`, (request) => {
    const runs = findRuns(store, {
      dagIds: unlessWildcard(request.params.dag_id ?? ''),
      states: queryList(request.query, 'state'),
      logicalDate: v1Range(request, 'execution_date'),
      startDate: v1Range(request, 'start_date'),
      endDate: v1Range(request, 'end_date'),
    });
    const sorted = sortByKeys(runs, [request.query.get('order_by') ?? 'id'], RUN_ORDER);
    const limit = v1Integer(request, 'limit', 100, 1);
    const offset = v1Integer(request, 'offset', 0);
    return json({ dag_runs: page(sorted, limit, offset).map(v1DagRun), total_entries: sorted.length });
  });

  router.add('GET', `${V1}/dags/{dag_id}/dagRuns/{dag_run_id}`, (request) =>
    json(v1DagRun(store.requireRun(request.params.dag_id ?? '', request.params.dag_run_id ?? ''))),
  );

  router.add('POST', `${V1}/dags/~/dagRuns/list`, (request) => {
    const body = v1Body(request, listDagRunsBody);
    const runs = findRuns(store, {
      dagIds: body.dag_ids,
      states: body.states,
      logicalDate: { gte: bodyDate(body.execution_date_gte, 'execution_date_gte'), lte: bodyDate(body.execution_date_lte, 'execution_date_lte') },
      startDate: { gte: bodyDate(body.start_date_gte, 'start_date_gte'), lte: bodyDate(body.start_date_lte, 'start_date_lte') },
      endDate: { gte: bodyDate(body.end_date_gte, 'end_date_gte'), lte: bodyDate(body.end_date_lte, 'end_date_lte') },
    });
    const sorted = sortByKeys(runs, [body.order_by ?? 'id'], RUN_ORDER);
    return json({ dag_runs: page(sorted, body.page_limit, body.page_offset).map(v1DagRun), total_entries: sorted.length });
  });

  router.add('POST', `${V1}/dags/~/dagRuns/~/taskInstances/list`, (request) => {
    const body = v1Body(request, listTaskInstancesBody);
    const found = findTaskInstances(store, {
      dagIds: body.dag_ids,
      runIds: body.dag_run_ids,
      taskIds: body.task_ids,
      states: stateFilter(body.state),
      pools: body.pool,
      queues: body.queue,
      logicalDate: { gte: bodyDate(body.execution_date_gte, 'execution_date_gte'), lte: bodyDate(body.execution_date_lte, 'execution_date_lte') },
      startDate: { gte: bodyDate(body.start_date_gte, 'start_date_gte'), lte: bodyDate(body.start_date_lte, 'start_date_lte') },
      endDate: { gte: bodyDate(body.end_date_gte, 'end_date_gte'), lte: bodyDate(body.end_date_lte, 'end_date_lte') },
      duration: { gte: body.duration_gte, lte: body.duration_lte },
    });
    return collection(ctx, found, body.page_limit, body.page_offset);
  });

  router.add('GET', V1_TI, (request) => {
    const filter: TaskInstanceFilter = {
      dagIds: unlessWildcard(request.params.dag_id ?? ''),
      runIds: unlessWildcard(request.params.dag_run_id ?? ''),
      states: stateFilter(queryList(request.query, 'state')),
      pools: queryList(request.query, 'pool'),
      queues: queryList(request.query, 'queue'),
      logicalDate: v1Range(request, 'execution_date'),
      startDate: v1Range(request, 'start_date'),
      endDate: v1Range(request, 'end_date'),
      duration: v1NumberRange(request, 'duration'),
    };
    return collection(ctx, findTaskInstances(store, filter), v1Integer(request, 'limit', 100, 1), v1Integer(request, 'offset', 0));
  });

  const tries = (request: DemoRequest): DemoResponse => {
    const { ti, task } = taskInstanceOf(ctx, request);
    const all = store.tries(ti);
    const limit = v1Integer(request, 'limit', 100, 1);
    const offset = v1Integer(request, 'offset', 0);
    return json({ task_instances_history: page(all, limit, offset).map((t) => v1Try(ti, t, task)), total_entries: all.length });
  };
  const oneTry = (request: DemoRequest): DemoResponse => {
    const { ti, task } = taskInstanceOf(ctx, request);
    const wanted = Number(request.params.task_try_number);
    const attempt = store.tries(ti).find((t) => t.tryNumber === wanted);
    if (!attempt) throw notFound(`Task instance try ${wanted} of ${ti.taskId} not found`);
    return json(v1Try(ti, attempt, task));
  };
  router.add('GET', `${V1_TI}/{task_id}/tries`, tries);
  router.add('GET', `${V1_TI}/{task_id}/tries/{task_try_number}`, oneTry);
  router.add('GET', `${V1_TI}/{task_id}/{map_index}/tries`, tries);
  router.add('GET', `${V1_TI}/{task_id}/{map_index}/tries/{task_try_number}`, oneTry);

  router.add('GET', `${V1_TI}/{task_id}/logs/{task_try_number}`, (request) => {
    const { ti } = taskInstanceOf(ctx, request);
    const tryNumber = Number(request.params.task_try_number);
    const log = store.tryLog(ti, tryNumber);
    if (!log) throw notFound(`Task instance ${ti.taskId} has no try ${tryNumber}`);
    const token = request.query.get('token');
    const position = token === null ? { logPos: 0, endOfLog: false } : ctx.logTokens.decode(token);
    if (!position) throw new DemoApiError(400, 'Bad Signature. Please use only the tokens provided by the API.');
    const slice = sliceLog(log.records, position.logPos, request.query.get('full_content') === 'true', log.finished);
    const text = airflow2LogText(
      slice.records,
      position.logPos === 0,
      logFilePath(ti.dagId, ti.runId, ti.taskId, ti.mapIndex, tryNumber),
    );
    if ((request.headers.accept ?? '').includes('text/plain')) return { status: 200, text, contentType: 'text/plain; charset=utf-8' };
    // Airflow 2 sends JSON content as Python's str() of [(host, text)], not as the bare text.
    return json({
      continuation_token: ctx.logTokens.encode({ logPos: slice.nextPosition, endOfLog: slice.endOfLog }),
      content: pythonHostLogRepr(log.hostname, text),
    });
  });

  router.add('GET', `${V1_TI}/{task_id}/links`, (request) => {
    const { ti } = taskInstanceOf(ctx, request);
    return json(v1ExtraLinks(store.requireDag(ti.dagId), ti));
  });

  router.add('GET', `${V1_TI}/{task_id}/listMapped`, (request) => {
    const { dag_id: dagId = '', dag_run_id: runId = '', task_id: taskId = '' } = request.params;
    store.requireRun(dagId, runId);
    const found = findTaskInstances(store, { dagIds: [dagId], runIds: [runId], taskIds: [taskId], states: stateFilter(queryList(request.query, 'state')) })
      .filter(({ ti }) => ti.mapIndex >= 0);
    if (found.length === 0) throw notFound(`Task instance ${taskId} is not mapped`);
    return collection(ctx, found, v1Integer(request, 'limit', 100, 1), v1Integer(request, 'offset', 0));
  });

  const getTaskInstance = (request: DemoRequest): DemoResponse => {
    const { ti, run, task } = taskInstanceOf(ctx, request);
    return json(v1TaskInstance(ti, run, task));
  };
  router.add('GET', `${V1_TI}/{task_id}`, getTaskInstance);
  router.add('GET', `${V1_TI}/{task_id}/{map_index}`, getTaskInstance);
}
