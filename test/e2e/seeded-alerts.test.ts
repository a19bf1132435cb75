import { LOCAL_ALERT_SECRET } from '../../local/alerts/local-alert-settings';
import { postSignedEvent } from '../../local/alerts/post-signed-event';
import { localAirflowClients, seededFailures } from '../../local/alerts/seeded-failures';
import type { DemoAirflow } from '../../local/demo-airflow/server';
import { failureFor } from '../../local/demo-airflow/logs/failures';
import type { StandInMessage } from '../../local/slack-stand-in/types';
import { readCause } from '../../src/alerts/read-cause';
import { startTestStack, until } from './local-stack-fixture';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

interface Seeded {
  deployment: string;
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  tryNumber: number;
}

/** The failure's exception line as the demo wrote it into the try's log: `Type: value`. */
function exceptionLine(failure: Seeded): string {
  const raised = failureFor(failure.dagId, failure.taskId, failure.tryNumber, failure.mapIndex);
  return `${raised.type}: ${raised.value}`;
}

/** As mrkdwn shows it in a code block. */
function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The demo Airflow behind each demo deployment, as the local stack starts them. */
function demoAirflows(stack: Stack): Record<string, DemoAirflow | undefined> {
  const platforms = stack.stack.platforms?.airflows;
  return {
    'demo-v1': stack.stack.airflowV1,
    'demo-v2': stack.stack.airflowV2,
    'demo-astro': platforms?.astro,
    'demo-mwaa': platforms?.mwaa,
    'demo-composer': platforms?.composer,
  };
}

const key = (failure: Seeded): string => `${failure.deployment} ${failure.dagId} ${failure.runId} ${failure.taskId} ${failure.mapIndex} ${failure.tryNumber}`;

describe('npm run alert -- --seeded', () => {
  let stack: Stack | undefined;
  const profile = process.env.AWS_PROFILE;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    if (profile === undefined) delete process.env.AWS_PROFILE;
    else process.env.AWS_PROFILE = profile;
  });

  it("sends every seeded failure of every demo deployment, each run's alert showing its failure's exception line as the cause", async () => {
    // A profile that exists nowhere: any use of the user's AWS environment would fail.
    process.env.AWS_PROFILE = 'airflow-slack-ops-no-such-profile';
    stack = await startTestStack();
    const airflows = demoAirflows(stack);
    expect(stack.stack.registry.deployments.map((deployment) => deployment.name).sort()).toEqual(Object.keys(airflows).sort());

    // The seed: every task instance left failed, or waiting for a retry, in each demo Airflow.
    const seeded: Seeded[] = Object.entries(airflows).flatMap(([deployment, airflow]) =>
      (airflow?.store.taskInstances() ?? [])
        .filter((ti) => ti.state === 'failed' || ti.state === 'up_for_retry')
        .map((ti) => ({ deployment, dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: ti.mapIndex, tryNumber: ti.tryNumber })),
    );
    const { events, problems } = await seededFailures(stack.directory);
    expect(problems).toEqual([]);
    const sent: Seeded[] = events.map((event) => ({
      deployment: String(event.deployment),
      dagId: String(event.dag_id),
      runId: String(event.run_id),
      taskId: String(event.task_id),
      mapIndex: Number(event.map_index),
      tryNumber: Number(event.try_number),
    }));
    expect(sent.map(key).sort()).toEqual(seeded.map(key).sort());
    expect(new Set(sent.map((failure) => failure.deployment)).size).toBe(5);

    // One alert per run: its cause is that of the run's first failure sent.
    const displayName = new Map(stack.stack.registry.deployments.map((deployment) => [deployment.name, deployment.displayName]));
    const alertOf = (failure: Seeded): StandInMessage | undefined =>
      stack!.stack.standIn.messages.find(
        (message) =>
          message.origin === 'chat.postMessage' &&
          message.threadTs === undefined &&
          message.text.startsWith(`${failure.dagId} is failing in ${displayName.get(failure.deployment)}:`) &&
          JSON.stringify(message.blocks).includes(failure.runId) &&
          JSON.stringify(message.blocks).includes('*Cause*'),
      );
    const firstOfRun = new Map<string, Seeded>();
    for (const [index, event] of events.entries()) {
      const failure = sent[index]!;
      const result = await postSignedEvent(fetch, stack.stack.alertsUrl, LOCAL_ALERT_SECRET, JSON.stringify(event));
      expect(result.status).toBe(202);
      const run = `${failure.deployment} ${failure.dagId} ${failure.runId}`;
      if (firstOfRun.has(run)) continue;
      firstOfRun.set(run, failure);
      const alert = await until(`the alert of ${key(failure)}`, () => alertOf(failure), 15_000);
      const cause = JSON.stringify(alert.blocks.find((block) => JSON.stringify(block).includes('*Cause*')));
      expect({ failure: key(failure), cause: cause.includes(JSON.stringify(escaped(exceptionLine(failure))).slice(1, -1)) }).toEqual({
        failure: key(failure),
        cause: true,
      });
    }
    // Five failing runs (etl_daily, ml_training, fanout_big, flaky_hourly twice) in each of the five demo deployments.
    expect(firstOfRun.size).toBe(25);

    // Every failure, first of its run or not, has its own exception line as the cause an alert reads.
    const { airflow } = localAirflowClients(stack.directory);
    for (const failure of sent) {
      const cause = await readCause(airflow.get(failure.deployment), failure);
      expect({ failure: key(failure), lines: cause.lines }).toEqual({ failure: key(failure), lines: expect.arrayContaining([exceptionLine(failure)]) });
    }
  }, 120_000);
});
