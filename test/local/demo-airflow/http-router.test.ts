import { Router } from '../../../local/demo-airflow/http/router';

describe('Router', () => {
  const ok = () => ({ status: 200 });
  const router = new Router()
    .add('GET', '/ti/{task_id}/links', ok)
    .add('GET', '/ti/{task_id}/{map_index}', ok)
    .add('POST', '/dags/~/list', ok)
    .add('GET', '/dags/{dag_id}', ok);

  it('decodes path parameters, so run ids keep their : and +', () => {
    const match = router.match('GET', '/dags/manual__2026-11-22T09%3A15%3A00%2B00%3A00');
    expect(match).toMatchObject({ kind: 'found', params: { dag_id: 'manual__2026-11-22T09:15:00+00:00' } });
  });

  it('matches integer parameters only with integers', () => {
    expect(router.match('GET', '/ti/t/links')).toMatchObject({ kind: 'found', params: { task_id: 't' } });
    expect(router.match('GET', '/ti/t/-1')).toMatchObject({ kind: 'found', params: { task_id: 't', map_index: '-1' } });
    expect(router.match('GET', '/ti/t/links2')).toEqual({ kind: 'none' });
  });

  it('tells a known path with another method from an unknown path', () => {
    expect(router.match('DELETE', '/dags/x')).toEqual({ kind: 'wrong_method' });
    expect(router.match('GET', '/nowhere')).toEqual({ kind: 'none' });
    expect(router.match('GET', '/dags/%E0%A4%A')).toEqual({ kind: 'none' });
  });

  it('lists its routes in registration order', () => {
    expect(router.list().map((r) => `${r.method} ${r.pattern}`)).toEqual([
      'GET /ti/{task_id}/links',
      'GET /ti/{task_id}/{map_index}',
      'POST /dags/~/list',
      'GET /dags/{dag_id}',
    ]);
  });
});
