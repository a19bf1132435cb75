import { processAlert } from '../../src/alerts/process-alert';
import { emfLinesOf } from '../helpers/emf-lines';
import { failedTasks, METRICS_SERVICE, startAlertHarness, T0, taskJob, type AlertHarness } from './alert-harness';

const SECOND = 1000;

describe('the metrics of an alert', () => {
  let harness: AlertHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('writes one embedded-metric line when a failure is posted, with the deployment and the seconds from event to Slack', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const job = taskJob(ti!, 'task_instance.failed', 'msg_1');
    job.event.occurred_at = new Date(T0 - 42 * SECOND).toISOString();

    const lines = await emfLinesOf(async () => {
      await processAlert(job, harness!.deps);
      harness!.metrics.flush();
    });

    expect(lines).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            {
              Namespace: 'AirflowSlackOps',
              Dimensions: [['service', 'deployment']],
              Metrics: [
                { Name: 'AlertsPosted', Unit: 'Count' },
                { Name: 'EventToSlackSeconds', Unit: 'Seconds' },
              ],
            },
          ],
        },
        service: METRICS_SERVICE,
        deployment: 'prod',
        AlertsPosted: 1,
        EventToSlackSeconds: 42,
      },
    ]);
  });

  it('counts an edit for a later event, and nothing for one that changes nothing', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const { deps, airflow } = harness;
    await emfLinesOf(async () => {
      await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), deps);
      harness!.metrics.flush();
    });
    airflow.stored(ti!).state = 'success';
    const recovered = taskJob(ti!, 'task_instance.success', 'msg_2');
    recovered.event.occurred_at = new Date(T0 - 5 * SECOND).toISOString();

    const lines = await emfLinesOf(async () => {
      await processAlert(recovered, deps);
      await processAlert(taskJob(ti!, 'task_instance.success', 'msg_3'), deps);
      harness!.metrics.flush();
    });

    expect(lines.map(({ _aws, ...values }) => ({ metrics: _aws.CloudWatchMetrics[0]?.Metrics, ...values }))).toEqual([
      {
        metrics: [
          { Name: 'AlertsEdited', Unit: 'Count' },
          { Name: 'EventToSlackSeconds', Unit: 'Seconds' },
        ],
        service: METRICS_SERVICE,
        deployment: 'prod',
        AlertsEdited: 1,
        EventToSlackSeconds: 5,
      },
    ]);
  });

  it('writes nothing when nothing was counted', async () => {
    const [ti] = failedTasks(1, 1, { state: 'success' });
    harness = await startAlertHarness([ti!]);

    const lines = await emfLinesOf(async () => {
      await processAlert(taskJob(ti!, 'task_instance.success', 'msg_1'), harness!.deps);
      harness!.metrics.flush();
    });

    expect(lines).toEqual([]);
  });
});
