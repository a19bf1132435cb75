/**
 * Part of `npm run bench` (alone: `npm run bench -- builder`): the builder's DAG options over a
 * deployment of 5,000 DAGs (a demo Airflow 3 answering every request after `LATENCY_MS`), through
 * the real Slack-facing handler (signed requests, Bolt) with the worker answering in process.
 * Prints the cold first answer (fresh caches and a fresh Airflow client: sign-in, dialect, 50
 * pages), with and without the list warmed by opening the modal, and warm p50/p95. A Lambda cold
 * start of either function is not in these figures (see the cold-start part of the bench).
 * Asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { startBuilderStack, type BuilderStack } from '../local/builder-stack';
import { LOCAL_SIGNING_SECRET } from '../local/local-settings';
import { BUILDER_CALLBACK_ID, BUILDER_FIELDS } from '../src/protocol/builder';
import { OPTIONS_BUDGET_MS } from '../src/slack/builder/builder';
import { signedBlockSuggestionEvent, signedSlashCommandEvent } from '../test/helpers/slack-requests';
import { median, quantile } from './stats';

const DAGS = 5_000;
const LATENCY_MS = 20;
const COLD_RUNS = 5;
const WARM_REQUESTS = 300;
const TYPED = ['etl', 'generated_dag_0', 'generated_dag_04', '4999', 'hourly', 'dag_01', 'x', ''];

const values = {
  [BUILDER_FIELDS.deployment]: {
    [BUILDER_FIELDS.deployment]: { type: 'static_select', selected_option: { text: { type: 'plain_text' as const, text: 'demo' }, value: 'demo' } },
  },
};

async function suggest(stack: BuilderStack, typed: string): Promise<{ ms: number; options: number; note: boolean }> {
  const event = signedBlockSuggestionEvent({
    signingSecret: LOCAL_SIGNING_SECRET,
    callbackId: BUILDER_CALLBACK_ID,
    privateMetadata: '',
    values,
    actionId: BUILDER_FIELDS.dag,
    typed,
  });
  const started = performance.now();
  const response = await stack.call(event);
  const ms = performance.now() - started;
  const options = (JSON.parse(response.body ?? '{}') as { options?: { value: string }[] }).options ?? [];
  return { ms, options: options.length, note: options.length === 1 && options[0]!.value.startsWith('~') };
}

async function cold(prefetch: boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    const stack = await startBuilderStack({ extraDags: DAGS, latencyMs: LATENCY_MS });
    try {
      const opened = performance.now();
      if (prefetch) await stack.call(signedSlashCommandEvent({ signingSecret: LOCAL_SIGNING_SECRET, text: '', responseUrl: stack.standIn.newResponseUrl() }));
      const answer = await suggest(stack, 'etl');
      if (answer.note) throw new Error('the cold answer was a note, not the list: raise the budget or lower the latency');
      // From the slash command when the modal warmed the list: what the user waits for at most.
      times.push(prefetch ? performance.now() - opened : answer.ms);
    } finally {
      await stack.close();
    }
  }
  return times;
}

export async function benchBuilderOptions(print: (line: string) => void): Promise<void> {
  print(`\nBuilder: DAG options over ${DAGS.toLocaleString('en')} DAGs (demo Airflow 3, ${LATENCY_MS} ms a request; budget ${OPTIONS_BUDGET_MS} ms)`);
  const coldDirect = await cold(false);
  print(`  cold first answer, typed at once        median ${median(coldDirect).toFixed(0)} ms, max ${Math.max(...coldDirect).toFixed(0)} ms (${COLD_RUNS} fresh stacks)`);
  const coldWarmed = await cold(true);
  print(`  /airflow then the first answer         median ${median(coldWarmed).toFixed(0)} ms, max ${Math.max(...coldWarmed).toFixed(0)} ms (the list warmed when the modal opened)`);
  const stack = await startBuilderStack({ extraDags: DAGS, latencyMs: LATENCY_MS });
  try {
    await suggest(stack, 'etl');
    const times: number[] = [];
    let options = 0;
    for (let i = 0; i < WARM_REQUESTS; i += 1) {
      const answer = await suggest(stack, TYPED[i % TYPED.length]!);
      times.push(answer.ms);
      options += answer.options;
    }
    print(
      `  warm (${WARM_REQUESTS} requests)                     p50 ${median(times).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; ${(options / WARM_REQUESTS).toFixed(0)} options on average; worker asked ${stack.optionRequests()} time(s)`,
    );
  } finally {
    await stack.close();
  }
}

