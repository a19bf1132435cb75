import { AirflowContract } from '../../helpers/airflow-contract';
import { startDemoAirflow, type DemoAirflow } from '../../../local/demo-airflow/server';
import { basicAuth, ContractClient, seg } from './contract-client';
import { BACKFILL_RUN, DEMO_NOW, RELEASE_EARLIER, RELEASE_LATEST, movableClock } from './fixtures';

const LIST = (dagId: string, runId: string) => `/api/v2/dags/${seg(dagId)}/dagRuns/${seg(runId)}/hitlDetails`;
const TI = (dagId: string, runId: string) => `/api/v2/dags/${seg(dagId)}/dagRuns/${seg(runId)}/taskInstances`;
const APPROVAL = `${TI('release_approval', RELEASE_LATEST)}/approve_release/-1/hitlDetails`;
const BACKFILL = `${TI('backfill_review', BACKFILL_RUN)}/choose_backfill/-1/hitlDetails`;
const APPROVAL_KEY = { dagId: 'release_approval', runId: RELEASE_LATEST, taskId: 'approve_release', mapIndex: -1 };
const PENDING = { response_received: 'false', state: ['deferred'] };
const MINUTE_MS = 60_000;

interface Detail {
  subject: string;
  created_at: string;
  response_received: boolean;
  chosen_options: string[] | null;
  responded_by_user: { id: string; name: string } | null;
  task_instance: { dag_id: string; dag_run_id: string; task_id: string; state: string | null; id: string };
}
type Collection = { hitl_details: Detail[]; total_entries: number };

const tasksOf = (body: unknown) => (body as Collection).hitl_details.map((d) => `${d.task_instance.dag_id}/${d.task_instance.dag_run_id}/${d.task_instance.task_id}`);

describe('demo Airflow, v2 dialect: human-in-the-loop', () => {
  let contract: AirflowContract;
  let demo: DemoAirflow;
  let api: ContractClient;
  let token = '';
  const time = movableClock();

  beforeAll(async () => {
    contract = await AirflowContract.load();
    demo = await startDemoAirflow({ dialect: 'v2', clock: time.clock });
    api = new ContractClient(demo.url, contract, 'v2', () => ({ authorization: `Bearer ${token}` }));
    const login = await api.call('POST', '/auth/token', { body: { username: 'admin', password: 'admin' }, anonymous: true });
    token = (login.body as { access_token: string }).access_token;
  });
  afterEach(() => demo.store.reset());
  afterAll(async () => {
    await demo.close();
  });

  const stateOf = (dagId: string, runId: string, taskId: string) => demo.store.taskInstance(dagId, runId, taskId)?.state;

  describe('listing requests', () => {
    it('gives the two seeded pending requests for response_received=false&state=deferred', async () => {
      const response = await api.call('GET', LIST('~', '~'), { query: PENDING });
      expect(response.status).toBe(200);
      expect(tasksOf(response.body)).toEqual([
        `release_approval/${RELEASE_LATEST}/approve_release`,
        `backfill_review/${BACKFILL_RUN}/choose_backfill`,
      ]);
      expect((response.body as Collection).total_entries).toBe(2);
    });

    it('answers the approval request with every HITLDetail field and its deferred task instance', async () => {
      const response = await api.call('GET', LIST('release_approval', RELEASE_LATEST));
      const [detail] = (response.body as { hitl_details: Record<string, unknown>[] }).hitl_details;
      expect(detail).toEqual({
        options: ['Approve', 'Reject'],
        subject: 'Release 2026.12 to production?',
        body: expect.stringContaining('[Release notes](https://git.demo.internal/platform/releases/tag/2026.12)') as unknown,
        defaults: null,
        multiple: false,
        params: {},
        assigned_users: [],
        created_at: '2026-11-22T11:58:11Z',
        responded_by_user: null,
        responded_at: null,
        chosen_options: null,
        params_input: {},
        response_received: false,
        task_instance: expect.objectContaining({ task_id: 'approve_release', state: 'deferred', operator: 'ApprovalOperator', try_number: 1, end_date: null }) as unknown,
      });
      expect(detail?.body).toContain('\n- Database migration `0042_add_invoice_index` (online, no downtime)\n');
    });

    it('seeds the backfill request with several options, defaults and dumped params', async () => {
      const response = await api.call('GET', BACKFILL);
      expect(response.body).toMatchObject({
        options: ['Rerun failed partitions', 'Rerun everything', 'Skip'],
        multiple: true,
        defaults: ['Rerun failed partitions'],
        params: {
          days: { value: 3, description: 'How many days back', schema: { type: 'integer', minimum: 1, maximum: 30 } },
          reason: { value: '', description: 'Why', schema: { type: 'string', minLength: 1 } },
          notify: { value: true, description: null, schema: { type: 'boolean' } },
        },
        created_at: '2026-11-22T11:40:06Z',
        response_received: false,
        task_instance: { task_id: 'choose_backfill', state: 'deferred', operator: 'HITLOperator' },
      });
    });

    it('makes both pending requests within the hour before now, so a watcher’s first window sees them', async () => {
      const response = await api.call('GET', LIST('~', '~'), { query: PENDING });
      const ages = (response.body as Collection).hitl_details.map((d) => DEMO_NOW - Date.parse(d.created_at));
      expect(ages.every((age) => age > 0 && age < 60 * MINUTE_MS)).toBe(true);
    });

    it('includes answered requests without filters, and response_received=true gives only those', async () => {
      const all = await api.call('GET', LIST('~', '~'));
      expect((all.body as Collection).total_entries).toBe(3);
      const answered = await api.call('GET', LIST('~', '~'), { query: { response_received: 'true' } });
      expect((answered.body as Collection).hitl_details).toMatchObject([
        {
          subject: 'Release 2026.11 to production?',
          response_received: true,
          chosen_options: ['Approve'],
          responded_by_user: { id: 'admin', name: 'admin' },
          responded_at: '2026-11-15T12:39:59Z',
          task_instance: { dag_run_id: RELEASE_EARLIER, state: 'success' },
        },
      ]);
    });

    it('filters by created_at bounds', async () => {
      const recent = await api.call('GET', LIST('~', '~'), { query: { created_at_gte: '2026-11-22T11:45:00Z' } });
      expect(tasksOf(recent.body)).toEqual([`release_approval/${RELEASE_LATEST}/approve_release`]);
      const window = await api.call('GET', LIST('~', '~'), { query: { created_at_gt: '2026-11-20T00:00:00Z', created_at_lt: '2026-11-22T11:58:11Z' } });
      expect(tasksOf(window.body)).toEqual([`backfill_review/${BACKFILL_RUN}/choose_backfill`]);
      const exact = await api.call('GET', LIST('~', '~'), { query: { created_at_lte: '2026-11-22T11:40:06Z', created_at_gte: '2026-11-22T11:40:06Z' } });
      expect(tasksOf(exact.body)).toEqual([`backfill_review/${BACKFILL_RUN}/choose_backfill`]);
    });

    it('filters by DAG and run in the path, task_id, map_index, patterns and searches', async () => {
      expect(tasksOf((await api.call('GET', LIST('backfill_review', '~'))).body)).toEqual([`backfill_review/${BACKFILL_RUN}/choose_backfill`]);
      expect((await api.call('GET', LIST('release_approval', RELEASE_EARLIER))).body).toMatchObject({ total_entries: 1 });
      expect((await api.call('GET', LIST('~', '~'), { query: { task_id: 'approve_release', map_index: '-1' } })).body).toMatchObject({ total_entries: 2 });
      expect((await api.call('GET', LIST('~', '~'), { query: { map_index: '0' } })).body).toMatchObject({ total_entries: 0 });
      expect(tasksOf((await api.call('GET', LIST('~', '~'), { query: { dag_id_pattern: 'BACKFILL%' } })).body)).toEqual([
        `backfill_review/${BACKFILL_RUN}/choose_backfill`,
      ]);
      expect((await api.call('GET', LIST('~', '~'), { query: { task_id_pattern: 'choose | approve_' } })).body).toMatchObject({ total_entries: 3 });
      expect(tasksOf((await api.call('GET', LIST('~', '~'), { query: { subject_search: '2026.12' } })).body)).toEqual([
        `release_approval/${RELEASE_LATEST}/approve_release`,
      ]);
      expect((await api.call('GET', LIST('~', '~'), { query: { body_search: 'missing partitions' } })).body).toMatchObject({ total_entries: 1 });
      expect((await api.call('GET', LIST('~', '~'), { query: { responded_by_user_name: ['admin'] } })).body).toMatchObject({ total_entries: 1 });
    });

    it('answers an empty collection for an unknown DAG, as Airflow does', async () => {
      const response = await api.call('GET', LIST('no_such_dag', '~'));
      expect([response.status, response.body]).toEqual([200, { hitl_details: [], total_entries: 0 }]);
    });

    it('orders by ti_id by default, by created_at either way, and pages with limit and offset', async () => {
      const byDefault = await api.call('GET', LIST('~', '~'));
      expect(tasksOf(byDefault.body)).toEqual([
        `release_approval/${RELEASE_EARLIER}/approve_release`,
        `release_approval/${RELEASE_LATEST}/approve_release`,
        `backfill_review/${BACKFILL_RUN}/choose_backfill`,
      ]);
      const newest = await api.call('GET', LIST('~', '~'), { query: { order_by: ['-created_at'] } });
      expect((newest.body as Collection).hitl_details.map((d) => d.created_at)).toEqual([
        '2026-11-22T11:58:11Z',
        '2026-11-22T11:40:06Z',
        '2026-11-15T12:13:11Z',
      ]);
      const oldest = await api.call('GET', LIST('~', '~'), { query: { order_by: ['created_at'], limit: '1', offset: '1' } });
      expect((oldest.body as Collection).hitl_details.map((d) => d.created_at)).toEqual(['2026-11-22T11:40:06Z']);
      expect((oldest.body as Collection).total_entries).toBe(3);
    });

    it('refuses an unknown order_by key with a 400', async () => {
      const response = await api.call('GET', LIST('~', '~'), { query: { order_by: ['colour'] } });
      expect([response.status, response.body]).toEqual([400, { detail: "Ordering with 'colour' is disallowed or the attribute does not exist on the model" }]);
    });

    it('refuses a response_received that is not a boolean with a 422', async () => {
      const response = await api.call('GET', LIST('~', '~'), { query: { response_received: 'maybe' }, invalidRequest: true });
      expect([response.status, response.body]).toEqual([
        422,
        { detail: [{ type: 'bool_parsing', loc: ['query', 'response_received'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' }] },
      ]);
    });

    it('refuses a created_at_gte that is not a date-time with a 422', async () => {
      const response = await api.call('GET', LIST('~', '~'), { query: { created_at_gte: 'last hour' }, invalidRequest: true });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({
        detail: [
          {
            type: 'datetime_from_date_parsing',
            loc: ['query', 'created_at_gte'],
            msg: 'Input should be a valid datetime or date, invalid character in year',
            input: 'last hour',
          },
        ],
      });
    });

    it('refuses a list without a token with a 401', async () => {
      const response = await api.call('GET', LIST('~', '~'), { anonymous: true });
      expect([response.status, response.body]).toEqual([401, { detail: 'Not authenticated' }]);
    });
  });

  describe('one request', () => {
    it('404s a task instance without a request, naming its id', async () => {
      const build = await api.call('GET', `${TI('release_approval', RELEASE_LATEST)}/build_release`);
      const response = await api.call('GET', `${TI('release_approval', RELEASE_LATEST)}/build_release/-1/hitlDetails`);
      expect([response.status, response.body]).toEqual([
        404,
        { detail: `Human-in-the-loop detail does not exist for Task Instance with id ${(build.body as { id: string }).id}` },
      ]);
    });

    it('404s a task instance that does not exist, as Airflow words it', async () => {
      const response = await api.call('GET', `${TI('release_approval', RELEASE_LATEST)}/approve_release/3/hitlDetails`);
      expect([response.status, response.body]).toEqual([
        404,
        { detail: `The Task Instance with dag_id: \`release_approval\`, run_id: \`${RELEASE_LATEST}\`, task_id: \`approve_release\` and map_index: \`3\` was not found` },
      ]);
    });
  });

  describe('answering', () => {
    it('records the answer, shows it on the next GET, and the approval task succeeds', async () => {
      time.advance(MINUTE_MS);
      try {
        const response = await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'] } });
        expect([response.status, response.body]).toEqual([
          200,
          { responded_by: { id: 'admin', name: 'admin' }, responded_at: '2026-11-22T12:21:00Z', chosen_options: ['Approve'], params_input: {} },
        ]);
      } finally {
        time.advance(-MINUTE_MS);
      }
      const after = await api.call('GET', APPROVAL);
      expect(after.body).toMatchObject({
        response_received: true,
        chosen_options: ['Approve'],
        responded_by_user: { id: 'admin', name: 'admin' },
        responded_at: '2026-11-22T12:21:00Z',
        task_instance: { state: 'success', end_date: '2026-11-22T12:21:00Z' },
      });
      expect(stateOf('release_approval', RELEASE_LATEST, 'deploy_release')).toBeNull();
      expect(tasksOf((await api.call('GET', LIST('~', '~'), { query: PENDING })).body)).toEqual([`backfill_review/${BACKFILL_RUN}/choose_backfill`]);
    });

    it('skips the tasks downstream of an approval answered "Reject"', async () => {
      await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Reject'] } });
      expect(stateOf('release_approval', RELEASE_LATEST, 'approve_release')).toBe('success');
      expect(stateOf('release_approval', RELEASE_LATEST, 'deploy_release')).toBe('skipped');
    });

    it('keeps several options and the params input for a multiple-choice request', async () => {
      const body = { chosen_options: ['Rerun failed partitions', 'Rerun everything'], params_input: { days: 5, reason: 'Export fixed', notify: false } };
      const response = await api.call('PATCH', BACKFILL, { body });
      expect(response.body).toMatchObject(body);
      expect((await api.call('GET', BACKFILL)).body).toMatchObject({ ...body, response_received: true, task_instance: { state: 'success' } });
      expect(stateOf('backfill_review', BACKFILL_RUN, 'run_backfill')).toBeNull();
    });

    it('ignores fields the payload does not define, as pydantic does', async () => {
      const response = await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'], comment: 'ship it' } });
      expect(response.status).toBe(200);
      expect(demo.store.hitlDetail(APPROVAL_KEY)?.chosenOptions).toEqual(['Approve']);
    });

    it('accepts an option the request does not offer, as Airflow 3.1 does, and the task then fails', async () => {
      const response = await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Maybe'] } });
      expect(response.status).toBe(200);
      expect(stateOf('release_approval', RELEASE_LATEST, 'approve_release')).toBe('failed');
      expect(stateOf('release_approval', RELEASE_LATEST, 'deploy_release')).toBeNull();
    });

    it('refuses a second answer with a 409, and keeps the first', async () => {
      await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'] } });
      const before = demo.store.hitlDetail(APPROVAL_KEY);
      const ti = await api.call('GET', `${TI('release_approval', RELEASE_LATEST)}/approve_release`);
      time.advance(MINUTE_MS);
      try {
        const again = await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Reject'] } });
        expect([again.status, again.body]).toEqual([
          409,
          {
            detail: `Human-in-the-loop detail has already been updated for Task Instance with id ${(ti.body as { id: string }).id} and is not allowed to write again.`,
          },
        ]);
      } finally {
        time.advance(-MINUTE_MS);
      }
      expect(demo.store.hitlDetail(APPROVAL_KEY)).toEqual(before);
      expect(stateOf('release_approval', RELEASE_LATEST, 'deploy_release')).toBeNull();
    });

    it('refuses a user who is not among assigned_users with a 403, and changes nothing', async () => {
      demo.store.setHitlAssignees(APPROVAL_KEY, [{ id: 'alice', name: 'alice' }]);
      const before = demo.store.hitlDetail(APPROVAL_KEY);
      const response = await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'] } });
      expect([response.status, response.body]).toEqual([403, { detail: 'User=admin (id=admin) is not a respondent for the task.' }]);
      expect(demo.store.hitlDetail(APPROVAL_KEY)).toEqual(before);
      expect(stateOf('release_approval', RELEASE_LATEST, 'approve_release')).toBe('deferred');
    });

    it('compares the whole user, id and name, against assigned_users', async () => {
      demo.store.setHitlAssignees(APPROVAL_KEY, [{ id: 'admin', name: 'Administrator' }]);
      expect((await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'] } })).status).toBe(403);
      demo.store.setHitlAssignees(APPROVAL_KEY, [{ id: 'alice', name: 'alice' }, { id: 'admin', name: 'admin' }]);
      expect((await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'] } })).status).toBe(200);
      expect((await api.call('GET', APPROVAL)).body).toMatchObject({ assigned_users: [{ id: 'alice', name: 'alice' }, { id: 'admin', name: 'admin' }] });
    });

    it('refuses an empty chosen_options with FastAPI’s 422, and changes nothing', async () => {
      const response = await api.call('PATCH', APPROVAL, { body: { chosen_options: [] }, invalidRequest: true });
      expect([response.status, response.body]).toEqual([
        422,
        {
          detail: [
            {
              type: 'too_short',
              loc: ['body', 'chosen_options'],
              msg: 'List should have at least 1 item after validation, not 0',
              input: [],
              ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
            },
          ],
        },
      ]);
      expect(demo.store.hitlDetail(APPROVAL_KEY)).toMatchObject({ respondedAt: null, chosenOptions: null });
      expect(stateOf('release_approval', RELEASE_LATEST, 'approve_release')).toBe('deferred');
    });

    it('refuses a missing chosen_options and a params_input that is not an object with a 422, and changes nothing', async () => {
      const missing = await api.call('PATCH', APPROVAL, { body: { params_input: {} }, invalidRequest: true });
      expect([missing.status, missing.body]).toEqual([
        422,
        { detail: [{ type: 'missing', loc: ['body', 'chosen_options'], msg: 'Field required', input: { params_input: {} } }] },
      ]);
      const badParams = await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'], params_input: ['days'] }, invalidRequest: true });
      expect([badParams.status, badParams.body]).toEqual([
        422,
        { detail: [{ type: 'dict_type', loc: ['body', 'params_input'], msg: 'Input should be a valid dictionary', input: ['days'] }] },
      ]);
      expect(demo.store.hitlDetail(APPROVAL_KEY)?.respondedAt).toBeNull();
    });

    it('refuses an answer without a token with a 401, and changes nothing', async () => {
      const response = await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'] }, anonymous: true });
      expect([response.status, response.body]).toEqual([401, { detail: 'Not authenticated' }]);
      expect(demo.store.hitlDetail(APPROVAL_KEY)?.respondedAt).toBeNull();
    });

    it('404s an answer to a task instance without a request, and changes nothing', async () => {
      const response = await api.call('PATCH', `${TI('release_approval', RELEASE_LATEST)}/deploy_release/-1/hitlDetails`, {
        body: { chosen_options: ['Approve'] },
      });
      expect(response.status).toBe(404);
      expect(stateOf('release_approval', RELEASE_LATEST, 'deploy_release')).toBeNull();
    });
  });

  describe('a request whose task instance no longer waits', () => {
    const clear = () =>
      api.call('POST', '/api/v2/dags/release_approval/clearTaskInstances', {
        body: { dry_run: false, only_failed: false, dag_run_id: RELEASE_LATEST, task_ids: ['approve_release'] },
      });

    it('stays unanswered but leaves state=deferred once the task instance is cleared', async () => {
      await clear();
      expect(tasksOf((await api.call('GET', LIST('~', '~'), { query: PENDING })).body)).toEqual([`backfill_review/${BACKFILL_RUN}/choose_backfill`]);
      const unanswered = await api.call('GET', LIST('~', '~'), { query: { response_received: 'false' } });
      expect((unanswered.body as Collection).hitl_details.map((d) => [d.task_instance.task_id, d.task_instance.state])).toEqual([
        ['approve_release', null],
        ['choose_backfill', 'deferred'],
      ]);
    });

    it('takes an answer but keeps the task instance’s state', async () => {
      await clear();
      const response = await api.call('PATCH', APPROVAL, { body: { chosen_options: ['Approve'] } });
      expect(response.status).toBe(200);
      expect(stateOf('release_approval', RELEASE_LATEST, 'approve_release')).toBeNull();
    });
  });

  it('meets only these statuses the spec does not list for their route', () => {
    expect(api.undeclared).toEqual(['GET get_hitl_details 400']);
  });
});

describe('demo Airflow, v1 dialect: no human-in-the-loop', () => {
  let demo: DemoAirflow;

  beforeAll(async () => {
    demo = await startDemoAirflow({ dialect: 'v1' });
  });
  afterAll(async () => {
    await demo.close();
  });

  it.each([
    ['GET', '/api/v1/dags/~/dagRuns/~/hitlDetails'],
    ['PATCH', '/api/v1/dags/release_approval/dagRuns/r/taskInstances/approve_release/-1/hitlDetails'],
  ])('answers %s %s 404, as Airflow 2 answers an unknown route', async (method, path) => {
    const response = await fetch(`${demo.url}${path}`, {
      method,
      headers: { ...basicAuth(), 'content-type': 'application/json' },
      ...(method === 'PATCH' ? { body: JSON.stringify({ chosen_options: ['Approve'] }) } : {}),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('seeds no human-in-the-loop DAG or request', () => {
    expect(demo.store.dag('release_approval')).toBeUndefined();
    expect(demo.store.dag('backfill_review')).toBeUndefined();
    expect(demo.store.hitlDetails()).toEqual([]);
  });
});
