import { startCountingProxy, type CountingProxy } from '../../local/counting-proxy';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { DEMO_NOW, RELEASE_LATEST } from './demo-airflow/fixtures';

describe('counting proxy', () => {
  let airflow: DemoAirflow;
  let proxy: CountingProxy;

  beforeAll(async () => {
    airflow = await startDemoAirflow({ dialect: 'v2', clock: () => DEMO_NOW });
    proxy = await startCountingProxy(airflow.url);
  });
  afterAll(async () => {
    await proxy.close();
    await airflow.close();
  });

  it('forwards and records a human-in-the-loop answer (a PATCH) with its body', async () => {
    const login = await fetch(`${proxy.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const path = `/api/v2/dags/release_approval/dagRuns/${encodeURIComponent(RELEASE_LATEST)}/taskInstances/approve_release/-1/hitlDetails`;
    const answer = await fetch(`${proxy.url}${path}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ chosen_options: ['Approve'] }),
    });
    expect(answer.status).toBe(200);
    const answers = proxy.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/hitlDetails'));
    expect(answers).toEqual([{ method: 'PATCH', path, body: { chosen_options: ['Approve'] } }]);
    expect(airflow.store.hitlDetail({ dagId: 'release_approval', runId: RELEASE_LATEST, taskId: 'approve_release', mapIndex: -1 })?.chosenOptions).toEqual([
      'Approve',
    ]);
    expect(proxy.listRequests()).toEqual([]);
  });
});
