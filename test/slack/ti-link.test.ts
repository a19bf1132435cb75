import { taskInstanceUiUrl } from '../../src/links/airflow-ui';
import { matchUiLink, parseTaskInstanceLink, parseUiLink, type UiLink } from '../../src/slack/ti-link';
import { runUiUrl } from '../../src/links/airflow-ui';

const uiLinks: readonly UiLink[] = Object.freeze([
  { deployment: 'prod', uiUrl: 'https://airflow.example.com' },
  { deployment: 'tools', uiUrl: 'https://tools.example.com/airflow/' },
  { deployment: 'tools-beta', uiUrl: 'https://tools.example.com/airflow/beta' },
  { deployment: 'local', uiUrl: 'http://127.0.0.1:8080' },
]);

describe('parseTaskInstanceLink', () => {
  describe('Airflow 2 grid links', () => {
    it('reads the DAG from the path and the run, task and map index from the query', () => {
      const link =
        'https://airflow.example.com/dags/etl/grid?dag_run_id=scheduled__2026-11-22T00%3A00%3A00%2B00%3A00&task_id=load&map_index=2';
      expect(parseTaskInstanceLink(link, uiLinks)).toEqual({
        deployment: 'prod',
        dagId: 'etl',
        run: { kind: 'id', runId: 'scheduled__2026-11-22T00:00:00+00:00' },
        taskId: 'load',
        mapIndex: 2,
      });
    });

    it('reads a missing map index and map_index=-1 as not mapped, and ignores other parameters', () => {
      expect(parseTaskInstanceLink('https://airflow.example.com/dags/etl/grid?dag_run_id=r1&task_id=load&tab=logs', uiLinks)).toMatchObject({
        mapIndex: -1,
      });
      expect(parseTaskInstanceLink('https://airflow.example.com/dags/etl/grid?dag_run_id=r1&task_id=load&map_index=-1', uiLinks)).toMatchObject({
        mapIndex: -1,
      });
    });

    it('returns undefined when the run, the task or a sound map index is missing', () => {
      for (const query of ['task_id=load', 'dag_run_id=r1', 'dag_run_id=r1&task_id=load&map_index=x', 'dag_run_id=&task_id=load']) {
        expect(parseTaskInstanceLink(`https://airflow.example.com/dags/etl/grid?${query}`, uiLinks)).toBeUndefined();
      }
    });
  });

  describe('Airflow 3 links', () => {
    it('reads a task link', () => {
      expect(parseTaskInstanceLink('https://airflow.example.com/dags/etl/runs/manual__2026-11-22T00:00:00+00:00/tasks/load', uiLinks)).toEqual({
        deployment: 'prod',
        dagId: 'etl',
        run: { kind: 'id', runId: 'manual__2026-11-22T00:00:00+00:00' },
        taskId: 'load',
        mapIndex: -1,
      });
    });

    it('reads a mapped task link and a link to a tab', () => {
      expect(parseTaskInstanceLink('https://airflow.example.com/dags/etl/runs/r1/tasks/load/mapped/2', uiLinks)).toMatchObject({ mapIndex: 2 });
      expect(parseTaskInstanceLink('https://airflow.example.com/dags/etl/runs/r1/tasks/load/mapped/2/logs?try_number=1', uiLinks)).toMatchObject({
        taskId: 'load',
        mapIndex: 2,
      });
      expect(parseTaskInstanceLink('https://airflow.example.com/dags/etl/runs/r1/tasks/load/xcom', uiLinks)).toMatchObject({ mapIndex: -1 });
    });

    it('percent-decodes path segments and keeps a + in a path as a plus', () => {
      expect(
        parseTaskInstanceLink('https://airflow.example.com/dags/my%20dag/runs/manual%2Fwith%2Fslash+1%3A2/tasks/group.load', uiLinks),
      ).toMatchObject({ dagId: 'my dag', run: { kind: 'id', runId: 'manual/with/slash+1:2' }, taskId: 'group.load' });
    });

    it('returns undefined for links that stop short of a task or go past it', () => {
      for (const path of [
        '/dags/etl',
        '/dags/etl/runs/r1',
        '/dags/etl/runs/r1/tasks',
        '/dags/etl/runs/r1/tasks/load/mapped/x',
        '/dags/etl/runs/r1/tasks/load/logs/extra',
        '/dags/etl/runs/r1/tasks/load/Bad%20Tab',
        '/dags/etl/runs/r1/tasks/load%ZZ',
        '/home',
      ]) {
        expect(parseTaskInstanceLink(`https://airflow.example.com${path}`, uiLinks)).toBeUndefined();
      }
    });
  });

  describe('matching the deployment', () => {
    it('strips the UI base path, picking the longest base that matches', () => {
      expect(parseTaskInstanceLink('https://tools.example.com/airflow/dags/etl/runs/r1/tasks/load', uiLinks)).toMatchObject({
        deployment: 'tools',
        dagId: 'etl',
      });
      expect(parseTaskInstanceLink('https://tools.example.com/airflow/beta/dags/etl/runs/r1/tasks/load', uiLinks)).toMatchObject({
        deployment: 'tools-beta',
        dagId: 'etl',
      });
    });

    it('does not match a path that only starts with the same letters as the base path', () => {
      expect(matchUiLink('https://tools.example.com/airflowx/dags/etl', uiLinks)).toBeUndefined();
    });

    it('compares host and port, not scheme or host case', () => {
      expect(parseTaskInstanceLink('http://AIRFLOW.example.com/dags/etl/runs/r1/tasks/load', uiLinks)).toMatchObject({ deployment: 'prod' });
      expect(parseTaskInstanceLink('http://127.0.0.1:8080/dags/etl/runs/r1/tasks/load', uiLinks)).toMatchObject({ deployment: 'local' });
      expect(parseTaskInstanceLink('http://127.0.0.1:9090/dags/etl/runs/r1/tasks/load', uiLinks)).toBeUndefined();
    });

    it('returns undefined for an unknown host, text that is not a link, and other schemes', () => {
      expect(parseTaskInstanceLink('https://elsewhere.example.org/dags/etl/runs/r1/tasks/load', uiLinks)).toBeUndefined();
      expect(parseTaskInstanceLink('etl latest load', uiLinks)).toBeUndefined();
      expect(parseTaskInstanceLink('ftp://airflow.example.com/dags/etl/runs/r1/tasks/load', uiLinks)).toBeUndefined();
      expect(parseTaskInstanceLink('https://', uiLinks)).toBeUndefined();
    });

    it('skips deployments whose UI URL is not a URL', () => {
      expect(parseTaskInstanceLink('https://airflow.example.com/dags/etl/runs/r1/tasks/load', [{ deployment: 'x', uiUrl: 'not a url' }])).toBeUndefined();
    });
  });

  it('reads back the links the bot itself builds, for both dialects', () => {
    const ref = { dagId: 'etl', runId: 'scheduled__2026-11-22T00:00:00+00:00 & co/1', taskId: 'group.load', mapIndex: 7 };
    for (const dialect of ['v1', 'v2'] as const) {
      const link = taskInstanceUiUrl('https://tools.example.com/airflow/', dialect, ref);
      expect(parseTaskInstanceLink(link, uiLinks)).toEqual({
        deployment: 'tools',
        dagId: ref.dagId,
        run: { kind: 'id', runId: ref.runId },
        taskId: ref.taskId,
        mapIndex: ref.mapIndex,
      });
    }
  });
});

describe('parseUiLink', () => {
  it('reads a task-instance link of either dialect as the task instance, with the run id as the link names it', () => {
    expect(parseUiLink('https://airflow.example.com/dags/etl/runs/manual__1/tasks/load/mapped/3', uiLinks)).toEqual({
      kind: 'task_instance',
      deployment: 'prod',
      dagId: 'etl',
      runId: 'manual__1',
      taskId: 'load',
      mapIndex: 3,
    });
    expect(parseUiLink('https://airflow.example.com/dags/etl/grid?dag_run_id=r1&task_id=load', uiLinks)).toEqual({
      kind: 'task_instance',
      deployment: 'prod',
      dagId: 'etl',
      runId: 'r1',
      taskId: 'load',
      mapIndex: -1,
    });
  });

  it('reads the run links the bot itself builds, in both dialects, back to the run', () => {
    const run = { dagId: 'etl daily', runId: 'scheduled__2026-11-22T00:00:00+00:00' };
    for (const dialect of ['v1', 'v2'] as const) {
      expect(parseUiLink(runUiUrl('https://tools.example.com/airflow/', dialect, run), uiLinks)).toEqual({ kind: 'run', deployment: 'tools', ...run });
    }
    expect(parseUiLink('https://airflow.example.com/dags/etl/runs/r1/graph', uiLinks)).toEqual({ kind: 'run', deployment: 'prod', dagId: 'etl', runId: 'r1' });
  });

  it('reads a DAG link, bare or with one page word, as the DAG', () => {
    for (const url of ['https://airflow.example.com/dags/etl', 'https://airflow.example.com/dags/etl/grid', 'https://airflow.example.com/dags/etl/runs', 'http://airflow.example.com/dags/etl/code']) {
      expect(parseUiLink(url, uiLinks)).toEqual({ kind: 'dag', deployment: 'prod', dagId: 'etl' });
    }
  });

  it('returns undefined for a foreign host, a lookalike host, a path outside the base path, and pages that name nothing', () => {
    for (const url of [
      'https://evil.example.com/dags/etl/runs/r1/tasks/load',
      'https://airflow.example.com.evil.test/dags/etl',
      'https://tools.example.com/other/dags/etl',
      'https://airflow.example.com/',
      'https://airflow.example.com/dags',
      'https://airflow.example.com/connections/list',
      'https://airflow.example.com/dags/etl/grid?task_id=load',
      'https://airflow.example.com/dags/etl/runs/r1/a/b',
      'https://airflow.example.com/dags/../runs/r1',
      'https://airflow.example.com/dags/etl/Grid',
      'not a link',
    ]) {
      expect([url, parseUiLink(url, uiLinks)]).toEqual([url, undefined]);
    }
  });
});
