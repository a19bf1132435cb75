import { INCIDENTS_SECRET, mutatingRequests, READER_SECRET, SCRIBE_SECRET, startActionsFixture, type ActionsFixture } from './actions-fixture';

/** What the actions endpoint refuses, and that Airflow hears nothing of it. */
describe('webhook action refusals', () => {
  let fixture: ActionsFixture;
  const valid = { action: 'mark', deployment: 'demo-v2', dag_id: 'etl_daily', run: 'latest', task_id: 'transform', state: 'failed', confirm: true };

  beforeAll(async () => {
    fixture = await startActionsFixture();
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.sent.length = 0;
    fixture.logLines.length = 0;
  });

  it('answers 403 to a source without the mark permission, sends Airflow nothing and records the refusal', async () => {
    const { status, body } = await fixture.send(valid, { source: 'reader', secret: READER_SECRET });
    expect(status).toBe(403);
    expect(body).toEqual({
      error: { code: 'forbidden', message: 'Source reader may not mark task instances in deployment demo-v2. Nothing was sent to Airflow.' },
    });
    expect(fixture.sent).toEqual([]);
    expect(fixture.logLines.filter((line) => line.msg === 'audit')).toEqual([
      expect.objectContaining({ msg: 'audit', userId: 'source:reader', action: 'mark_failed', outcome: 'refused', reason: 'source lacks the mark permission' }),
    ]);
  });

  it.each(['note', 'clear'])('answers 403 to a read-only source asking to %s', async (action) => {
    const payload = { ...valid, action, ...(action === 'note' ? { note: 'x', state: undefined } : { state: undefined }) };
    const { status } = await fixture.send(payload, { source: 'reader', secret: READER_SECRET });
    expect(status).toBe(403);
    expect(fixture.sent).toEqual([]);
  });

  describe('a preview shows what it reads: it needs the read permission as well as the action', () => {
    const scribe = { source: 'scribe', secret: SCRIBE_SECRET };
    const preview = (action: string): Record<string, unknown> =>
      action === 'note'
        ? { ...valid, action, state: undefined, confirm: false, note: 'Row count 40 % below yesterday' }
        : { ...valid, action, state: action === 'mark' ? 'success' : undefined, confirm: false };

    it.each(['note', 'mark', 'clear'])(
      'answers 403 to a %s preview from a source without read, sends Airflow nothing and records the refusal',
      async (action) => {
        const { status, body } = await fixture.send(preview(action), scribe);
        expect(status).toBe(403);
        expect(body).toEqual({
          error: {
            code: 'forbidden',
            message:
              'Source scribe may not preview changes in deployment demo-v2: a preview shows the note, runs and states it reads, ' +
              'and the source lacks the read permission. Send "confirm": true to apply the change without one. Nothing was sent to Airflow.',
          },
        });
        expect(fixture.sent).toEqual([]);
        expect(fixture.logLines.filter((line) => line.msg === 'audit')).toEqual([
          expect.objectContaining({ userId: 'source:scribe', outcome: 'refused', reason: 'source lacks the read permission (a preview reads)' }),
        ]);
      },
    );

    it('previews for a source with read and the action', async () => {
      const { status, body } = await fixture.send(preview('mark'), { source: 'incidents', secret: INCIDENTS_SECRET });
      expect(status).toBe(200);
      expect(body).toMatchObject({ action: 'mark', preview: true, applied: false });
      expect(mutatingRequests(fixture.sent)).toEqual([]);
    });

    it('writes a confirmed note from a source without read, and answers without the note others wrote', async () => {
      const target = { action: 'note', deployment: 'demo-v2', dag_id: 'etl_daily', run: 'latest', task_id: 'transform', confirm: true };
      fixture.airflow.v2.store.reset();
      expect((await fixture.send({ ...target, note: 'Private: paged the on-call DBA' })).status).toBe(200);

      const { status, body } = await fixture.send({ ...target, note: 'Row count 40 % below yesterday' }, scribe);

      expect(status).toBe(200);
      expect(body).toEqual({
        action: 'note',
        preview: false,
        applied: true,
        deployment: 'demo-v2',
        target: expect.objectContaining({ dag_id: 'etl_daily', task_id: 'transform' }),
      });
      expect(JSON.stringify(body)).not.toContain('Private');
    });
  });

  const badInputs: [string, Record<string, unknown>, string, string][] = [
    ['an unknown deployment', { deployment: 'prod' }, 'deployment', 'deployment: no deployment is named "prod"'],
    ['a task id with a slash', { task_id: 'a/b' }, 'task_id', 'task_id: must be 1-250 letters, digits, "_", "-" and "." (not "..")'],
    ['a task id of ..', { task_id: '..' }, 'task_id', 'task_id: must be 1-250 letters, digits, "_", "-" and "." (not "..")'],
    ['a task id climbing up', { task_id: '../etl_daily' }, 'task_id', 'task_id: must be 1-250 letters, digits, "_", "-" and "." (not "..")'],
    ['a dag id with a slash', { dag_id: 'etl/daily' }, 'dag_id', 'dag_id: must be 1-250 letters, digits, "_", "-" and "." (not "..")'],
    ['map index abc', { map_index: 'abc' }, 'map_index', 'map_index: must be a whole number from -1 up (-1: not mapped)'],
    ['map index -2', { map_index: -2 }, 'map_index', 'map_index: must be a whole number from -1 up (-1: not mapped)'],
    ['a note over 1000 characters', { action: 'note', state: undefined, note: 'x'.repeat(1001) }, 'note', 'note: must be 1 to 1000 characters of text'],
    ['confirm of the wrong type', { confirm: 'yes' }, 'confirm', 'confirm: must be true or false'],
    ['an unknown action', { action: 'delete' }, 'action', 'action: must be one of lookup, note, mark, clear'],
    ['no action', { action: undefined }, 'action', 'action: must be one of lookup, note, mark, clear'],
    ['a state that cannot be set', { state: 'running' }, 'state', 'state: must be success or failed'],
    ['a missing task id', { task_id: undefined }, 'task_id', 'task_id: is required'],
    ['an unknown field', { force: true }, 'force', 'force: is not a known field'],
    ['an impossible date as run', { run: '2026-02-30' }, 'run', 'run: looks like a date but is not a valid one'],
    ['a run of ..', { run: '..' }, 'run', expect.stringContaining('run: must be a run id') as unknown as string],
    ['another schema version', { version: 2 }, 'version', 'version: must be 1'],
    ['a run of %2e%2e', { run: '%2e%2e' }, 'run', 'run: must not be empty, `.` or `..` (percent-encoded or not)'],
    ['a confirmed mark of a run with a lone surrogate', { run: 'manual__\ud800' }, 'run', 'run: must be well-formed text (it holds a lone surrogate)'],
    [
      'a lookup of a run with a lone surrogate',
      { action: 'lookup', state: undefined, confirm: undefined, run: '\udfff' },
      'run',
      'run: must be well-formed text (it holds a lone surrogate)',
    ],
  ];

  it.each(badInputs)('answers 400 to %s, naming the field, and sends nothing', async (_name, change, field, message) => {
    const { status, body } = await fixture.send({ ...valid, ...change });
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'invalid', message, field } });
    expect(fixture.sent).toEqual([]);
    expect(fixture.logLines.filter((line) => line.level === 'warn')).toEqual([
      expect.objectContaining({ msg: 'webhook action refused', source: 'dq-monitor', status: 400, field }),
    ]);
  });

  it('answers a redelivered confirmed mark with a lone surrogate in its run 400 again: nothing was applied, so nothing is remembered', async () => {
    const payload = { ...valid, run: 'manual__\ud800' };

    const first = await fixture.send(payload, { id: 'msg_surrogate' });
    const again = await fixture.send(payload, { id: 'msg_surrogate' });

    expect([first.status, again.status]).toEqual([400, 400]);
    expect(again.body).toEqual(first.body);
    expect(fixture.sent).toEqual([]);
  });

  it('answers 400 to a note that would pass 1000 characters once the source is appended, and sends nothing', async () => {
    const { status, body } = await fixture.send({ ...valid, action: 'note', state: undefined, note: 'x'.repeat(990) });
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        code: 'invalid',
        message: 'note: must be at most 968 characters from source dq-monitor (the note ends with who sent it)',
        field: 'note',
      },
    });
    expect(fixture.sent).toEqual([]);
  });

  it('answers 401 with JSON to an unsigned request, and sends nothing', async () => {
    const { status, body } = await fixture.send(valid, { omit: ['webhook-signature'] });
    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: 'unauthorized', message: 'The request is not signed by a known source.' } });
    expect(fixture.sent).toEqual([]);
  });
});
