import type { ModalView, PlainTextOption } from '@slack/types';
import { startBuilderStack, type BuilderStack, type BuilderStackOptions } from '../../local/builder-stack';
import { LOCAL_SIGNING_SECRET } from '../../local/local-settings';
import type { OptionsSource } from '../../src/handoff/options-source';
import { BUILDER_CALLBACK_ID, BUILDER_FIELDS } from '../../src/protocol/builder';
import { OPTIONS_BUDGET_MS } from '../../src/slack/builder/builder';
import { checkSlackLimits } from '../../src/views/limits';
import { OPEN_BUILDER_ACTION_ID } from '../../src/protocol/interaction-types';
import { signedBlockActionsEvent, signedBlockSuggestionEvent, signedSlashCommandEvent, signedViewSubmissionEvent, type ViewStateValues } from '../helpers/slack-requests';

const signingSecret = LOCAL_SIGNING_SECRET;
const stacks: BuilderStack[] = [];

afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.close()));
});

async function stack(options: BuilderStackOptions = {}): Promise<BuilderStack> {
  const started = await startBuilderStack(options);
  stacks.push(started);
  return started;
}

/** `/airflow` alone, and the modal it opened. */
async function openBuilder(s: BuilderStack, userId = 'ULOCAL0001') {
  const before = s.standIn.views.length;
  const response = await s.call(signedSlashCommandEvent({ signingSecret, text: '', responseUrl: s.standIn.newResponseUrl(), userId, triggerId: s.standIn.newTriggerId() }));
  const view = s.standIn.views.slice(before).at(-1)?.view as unknown as ModalView & { private_metadata: string } | undefined;
  return { response, view };
}

function picked(values: Partial<Record<'deployment' | 'dag' | 'run' | 'task' | 'action', string>>, note?: string): ViewStateValues {
  const state: ViewStateValues = {};
  for (const [field, value] of Object.entries(values)) {
    const id = BUILDER_FIELDS[field as keyof typeof values];
    state[id] = { [id]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } };
  }
  if (note !== undefined) state[BUILDER_FIELDS.note] = { [BUILDER_FIELDS.note]: { type: 'plain_text_input', value: note } };
  return state;
}

async function suggest(s: BuilderStack, field: 'dag' | 'run' | 'task', typed: string, values: ViewStateValues, privateMetadata = '', userId = 'ULOCAL0001') {
  const started = Date.now();
  const response = await s.call(
    signedBlockSuggestionEvent({ signingSecret, callbackId: BUILDER_CALLBACK_ID, privateMetadata, values, actionId: BUILDER_FIELDS[field], typed, userId }),
  );
  const elapsedMs = Date.now() - started;
  const options = (JSON.parse(response.body ?? '{}') as { options: PlainTextOption[] }).options;
  return { status: response.statusCode, options, texts: options.map((o) => o.text.text), values: options.map((o) => o.value), elapsedMs };
}

describe('the command builder: opening it', () => {
  it('opens the modal on /airflow alone, offering only the deployments the user may read, the channel’s own preselected', async () => {
    const s = await stack({ secretReaders: ['ULOCAL0009'] });

    const { response, view } = await openBuilder(s);

    expect(response.statusCode).toBe(200);
    expect(response.body ?? '').toBe('');
    expect(view?.callback_id).toBe(BUILDER_CALLBACK_ID);
    const deployment = view?.blocks.find((b) => b.block_id === BUILDER_FIELDS.deployment) as { element: { options: PlainTextOption[]; initial_option?: PlainTextOption } };
    expect(deployment.element.options.map((o) => o.value)).toEqual(['demo']);
    expect(deployment.element.initial_option?.value).toBe('demo');
    expect(checkSlackLimits(view as ModalView)).toEqual([]);
  });

  it('keeps /airflow help as help, with no modal', async () => {
    const s = await stack();
    const before = s.standIn.views.length;

    const response = await s.call(signedSlashCommandEvent({ signingSecret, text: 'help', responseUrl: s.standIn.newResponseUrl() }));

    expect(response.body).toContain('/airflow ti');
    expect(s.standIn.views.length).toBe(before);
  });

  it('tells a user who may read no deployment so, and opens nothing', async () => {
    const s = await stack({ readers: ['ULOCAL0009'] });

    const { response, view } = await openBuilder(s, 'ULOCAL0002');

    expect(JSON.parse(response.body ?? '{}').text).toBe(':warning: You may not read any Airflow deployment from Slack. Ask its owners to add you.');
    expect(view).toBeUndefined();
    expect(s.optionRequests()).toBe(0);
  });
});

describe('the command builder: typeahead', () => {
  it('lists the DAGs holding the typed text within the budget, over 5,000 DAGs, paused ones marked, at most 100', async () => {
    const s = await stack({ extraDags: 5000 });
    const { view } = await openBuilder(s);
    const values = picked({ deployment: 'demo' });

    const first = await suggest(s, 'dag', 'etl', values, view?.private_metadata);
    const many = await suggest(s, 'dag', 'generated_dag_04', values, view?.private_metadata);
    const paused = await suggest(s, 'dag', '04999', values, view?.private_metadata);

    expect(first.texts).toEqual(['etl_daily']);
    expect(first.elapsedMs).toBeLessThan(OPTIONS_BUDGET_MS);
    expect(many.options).toHaveLength(100);
    expect(many.values.slice(0, 2)).toEqual(['generated_dag_04000', 'generated_dag_04001']);
    expect(many.texts[9]).toBe('generated_dag_04009  (paused)');
    expect(many.texts[99]).toBe('…901 more: type more of the id');
    expect(many.values[99]).toBe('~type_more');
    expect(many.elapsedMs).toBeLessThan(OPTIONS_BUDGET_MS);
    expect(paused.texts).toEqual(['generated_dag_04999  (paused)']);
    // The list was asked of the worker once (warmed when the modal opened), then served from memory.
    expect(s.optionRequests()).toBe(1);
    for (const o of many.options) expect(o.text.text.length).toBeLessThanOrEqual(75);
  });

  it('answers "still loading" within the budget when the worker is slow, then the list once it has come', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = (source: OptionsSource): OptionsSource => ({ ask: async (request, signal) => gate.then(() => source.ask(request, signal)) });
    const s = await stack({ wrapOptions: slow });
    const values = picked({ deployment: 'demo' });

    const waiting = await suggest(s, 'dag', 'etl', values);
    release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await suggest(s, 'dag', 'etl', values);

    expect(waiting.texts).toEqual(['Still loading the DAG list of demo: type more in a moment']);
    expect(waiting.values).toEqual(['~loading']);
    expect(waiting.elapsedMs).toBeGreaterThanOrEqual(OPTIONS_BUDGET_MS - 50);
    expect(waiting.elapsedMs).toBeLessThan(3_000);
    expect(ready.texts).toEqual(['etl_daily']);
  });

  it('lists latest and the newest runs with their state, and the run’s task instances, mapped ones with their index', async () => {
    const s = await stack();

    const runs = await suggest(s, 'run', '', picked({ deployment: 'demo', dag: 'etl_daily' }));
    const tasks = await suggest(s, 'task', '', picked({ deployment: 'demo', dag: 'etl_daily', run: 'latest' }));
    const shards = await suggest(s, 'task', 'shard_11', picked({ deployment: 'demo', dag: 'fanout_big', run: 'latest' }));
    const mapped = await suggest(s, 'task', 'train', picked({ deployment: 'demo', dag: 'ml_training', run: 'latest' }));

    expect(runs.values[0]).toBe('latest');
    expect(runs.texts[1]).toMatch(/^scheduled__\S+ · failed · \d{4}-\d\d-\d\d 00:00$/);
    expect(tasks.texts).toEqual(['extract · success', 'transform · failed', 'load · upstream_failed', 'notify · skipped']);
    expect(tasks.values).toEqual(['extract', 'transform', 'load', 'notify']);
    expect(shards.values).toEqual([...Array(10).keys()].map((i) => `process_shard_11${i}`));
    expect(mapped.values.slice(0, 2)).toEqual(['train_model:0', 'train_model:1']);
    expect(mapped.texts[0]).toMatch(/^train_model \[0\] · \w+$/);
  });

  it('asks for what must come first, without asking the worker', async () => {
    const s = await stack();

    const noDeployment = await suggest(s, 'dag', 'etl', {});
    const noDag = await suggest(s, 'run', '', picked({ deployment: 'demo' }));
    const noRun = await suggest(s, 'task', '', picked({ deployment: 'demo', dag: 'etl_daily', run: '~loading' }));

    expect([noDeployment.texts, noDag.texts, noRun.texts]).toEqual([['Pick a deployment first'], ['Pick a DAG first'], ['Pick a run first']]);
    expect(s.optionRequests()).toBe(0);
  });

  it('lists nothing of a deployment the user may not read, and asks the worker nothing', async () => {
    const s = await stack();

    const refused = await suggest(s, 'dag', '', picked({ deployment: 'secret' }));

    expect(refused.texts).toEqual(['You may not read secret from Slack']);
    expect(refused.values).toEqual(['~unavailable']);
    expect(s.optionRequests()).toBe(0);
  });

  it('says what Airflow said when the DAG has no such run', async () => {
    const s = await stack();

    const tasks = await suggest(s, 'task', '', picked({ deployment: 'demo', dag: 'etl_daily', run: 'manual__nope' }));

    expect(tasks.values).toEqual(['~unavailable']);
    expect(tasks.texts[0]).toContain('manual__nope');
  });
});

describe('the command builder: submitting it', () => {
  async function submit(s: BuilderStack, values: ViewStateValues, privateMetadata: string, userId = 'ULOCAL0001') {
    const response = await s.call(signedViewSubmissionEvent({ signingSecret, callbackId: BUILDER_CALLBACK_ID, privateMetadata, values, userId }));
    await s.handoff.drain();
    return { status: response.statusCode, body: response.body === '' || response.body === undefined ? undefined : (JSON.parse(response.body) as unknown) };
  }

  it('shows an error beside each field left empty or holding a note option, and hands nothing to the worker', async () => {
    const s = await stack();
    const { view } = await openBuilder(s);
    const before = s.standIn.events.length;

    const result = await submit(s, picked({ deployment: 'demo', dag: '~type_more', action: 'ti' }), view!.private_metadata);

    expect(result.body).toEqual({
      response_action: 'errors',
      errors: { builder_dag: 'Pick a DAG from the list (type part of its id).', builder_run: 'Pick a run, or latest.', builder_task: 'Pick a task.' },
    });
    expect(s.standIn.events.slice(before)).toEqual([]);
  });

  it('refuses a note with another action, and a note action without a note', async () => {
    const s = await stack();
    const { view } = await openBuilder(s);
    const target = { deployment: 'demo', dag: 'etl_daily', run: 'latest', task: 'transform' };

    const stray = await submit(s, picked({ ...target, action: 'ti' }, 'left over'), view!.private_metadata);
    const empty = await submit(s, picked({ ...target, action: 'note' }, '  '), view!.private_metadata);

    expect(stray.body).toEqual({ response_action: 'errors', errors: { builder_note: 'A note is only saved with "Add a note": pick it, or empty this field.' } });
    expect(empty.body).toEqual({ response_action: 'errors', errors: { builder_note: 'Write the note to add.' } });
  });

  it('refuses a form opened by someone else, or whose metadata is damaged', async () => {
    const s = await stack();
    const { view } = await openBuilder(s);
    const values = picked({ deployment: 'demo', dag: 'etl_daily', run: 'latest', task: 'transform', action: 'ti' });

    const other = await submit(s, values, view!.private_metadata, 'ULOCAL0002');
    const damaged = await submit(s, values, '{"openedBy":"ULOCAL0001"}');

    expect(other.body).toEqual({ response_action: 'errors', errors: { builder_deployment: 'This form was opened by someone else: open your own with the slash command.' } });
    expect(damaged.body).toEqual({ response_action: 'errors', errors: { builder_deployment: 'This form is damaged: open it again with the slash command.' } });
  });

  it('refuses a task id the parser would refuse, with the parser’s words', async () => {
    const s = await stack();
    const { view } = await openBuilder(s);

    const result = await submit(s, picked({ deployment: 'demo', dag: 'etl_daily', run: 'latest', task: 'load:x', action: 'ti' }), view!.private_metadata);

    expect(result.body).toEqual({
      response_action: 'errors',
      errors: { builder_task: 'The map index in `load:x` must be a whole number, 0 or more (as in `load:3`).' },
    });
  });
});

describe('the command builder: from the App Home', () => {
  /** A click on the Home tab's "Open the command builder", and the modal it opened. */
  async function clickHomeButton(s: BuilderStack, userId = 'ULOCAL0001') {
    const before = s.standIn.views.length;
    const response = await s.call(
      signedBlockActionsEvent({
        signingSecret,
        actionId: OPEN_BUILDER_ACTION_ID,
        value: '',
        blockId: 'home_builder',
        text: 'Open the command builder',
        responseUrl: s.standIn.newResponseUrl(),
        triggerId: s.standIn.newTriggerId(),
        userId,
      }),
    );
    const view = s.standIn.views.slice(before).at(-1)?.view as unknown as (ModalView & { private_metadata: string }) | undefined;
    return { response, view };
  }

  const target = { deployment: 'demo', dag: 'etl_daily', run: 'latest', task: 'transform', action: 'ti' };

  it('opens the builder with a channel picker whose submission carries a response_url, and the readable deployments only', async () => {
    const s = await stack({ secretReaders: ['ULOCAL0009'] });

    const { response, view } = await clickHomeButton(s);

    expect(response.statusCode).toBe(200);
    expect(view?.callback_id).toBe(BUILDER_CALLBACK_ID);
    const deployment = view?.blocks.find((b) => b.block_id === BUILDER_FIELDS.deployment) as { element: { options: PlainTextOption[]; initial_option?: PlainTextOption } };
    expect(deployment.element.options.map((o) => o.value)).toEqual(['demo']);
    expect(deployment.element.initial_option?.value).toBe('demo');
    const picker = view?.blocks.find((b) => b.block_id === BUILDER_FIELDS.channel);
    expect(picker).toEqual({
      type: 'input',
      block_id: 'builder_channel',
      label: { type: 'plain_text', text: 'Where to show the answer', emoji: true },
      hint: { type: 'plain_text', text: 'A channel the bot is in: the answer is shown to you there, as a typed command’s is.', emoji: true },
      element: {
        type: 'conversations_select',
        action_id: 'builder_channel',
        placeholder: { type: 'plain_text', text: 'A channel', emoji: true },
        response_url_enabled: true,
        filter: { include: ['public', 'private'] },
      },
    });
    expect(JSON.parse(view!.private_metadata)).toEqual({ openedBy: 'ULOCAL0001', teamId: 'TLOCAL0001', fromHome: true });
    expect(checkSlackLimits(view as ModalView)).toEqual([]);
  });

  it('keeps the channel picker out of the builder the slash command opens', async () => {
    const s = await stack();

    const { view } = await openBuilder(s);

    expect(view?.blocks.some((b) => b.block_id === BUILDER_FIELDS.channel)).toBe(false);
  });

  it('hands the worker the command with the picked channel’s response_url: the card is posted there', async () => {
    const s = await stack();
    const { view } = await clickHomeButton(s);
    const responseUrl = s.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const before = s.standIn.events.length;

    const response = await s.call(
      signedViewSubmissionEvent({
        signingSecret,
        callbackId: BUILDER_CALLBACK_ID,
        privateMetadata: view!.private_metadata,
        values: picked(target),
        responseUrls: [{ block_id: BUILDER_FIELDS.channel, action_id: BUILDER_FIELDS.channel, channel_id: 'CDEMO00001', response_url: responseUrl }],
      }),
    );
    await s.handoff.drain();

    expect(response.body ?? '').toBe('');
    const posted = s.standIn.events.slice(before).filter((e) => e.url === responseUrl);
    expect(posted.length).toBeGreaterThanOrEqual(1);
    const card = posted.at(-1)!.body as { text: string; response_type?: string };
    expect(card.text).toContain('transform');
    expect(card.response_type).not.toBe('in_channel');
    expect(s.standIn.messages.filter((m) => m.origin === 'response_url').at(-1)?.channel).toBe('CDEMO00001');
  });

  it('shows an error beside the channel picker when no channel was picked, with the form’s own, and hands nothing', async () => {
    const s = await stack();
    const { view } = await clickHomeButton(s);
    const before = s.standIn.events.length;

    const alone = await s.call(signedViewSubmissionEvent({ signingSecret, callbackId: BUILDER_CALLBACK_ID, privateMetadata: view!.private_metadata, values: picked(target) }));
    const withOthers = await s.call(
      signedViewSubmissionEvent({ signingSecret, callbackId: BUILDER_CALLBACK_ID, privateMetadata: view!.private_metadata, values: picked({ ...target, task: '~loading' }) }),
    );
    await s.handoff.drain();

    expect(JSON.parse(alone.body ?? '{}')).toEqual({ response_action: 'errors', errors: { builder_channel: 'Pick the channel where the answer is shown.' } });
    expect(JSON.parse(withOthers.body ?? '{}')).toEqual({
      response_action: 'errors',
      errors: { builder_task: 'Pick a task.', builder_channel: 'Pick the channel where the answer is shown.' },
    });
    expect(s.standIn.events.slice(before)).toEqual([]);
  });

  it('says so in a modal to a user who may read no deployment, and asks the worker nothing', async () => {
    const s = await stack({ readers: ['ULOCAL0009'] });

    const { view } = await clickHomeButton(s, 'ULOCAL0002');

    expect(view?.callback_id).toBe('');
    expect(JSON.stringify(view?.blocks)).toContain('You may not read any Airflow deployment from Slack. Ask its owners to add you.');
    expect(s.optionRequests()).toBe(0);
  });
});
