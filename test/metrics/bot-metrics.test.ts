import { createBotMetrics, METRIC } from '../../src/metrics/bot-metrics';
import { collectingLogger } from '../audit/collecting-logger';
import { emfLinesOf } from '../helpers/emf-lines';

const SERVICE = 'airflow-slack-ops-test';

describe('createBotMetrics', () => {
  it('writes one line per set of dimensions, counts summed and seconds listed, each under the service', async () => {
    const metrics = createBotMetrics({ serviceName: SERVICE });
    metrics.eventAccepted('prod');
    metrics.eventAccepted('prod');
    metrics.airflowError('staging');
    metrics.eventToSlack('prod', 3.5);
    metrics.eventToSlack('prod', 12);
    metrics.eventRefused(401);
    metrics.acknowledged('prod');

    const lines = await emfLinesOf(() => metrics.flush());

    expect(lines.map(({ _aws, ...values }) => ({ namespace: _aws.CloudWatchMetrics[0]?.Namespace, dimensions: _aws.CloudWatchMetrics[0]?.Dimensions, ...values }))).toEqual([
      {
        namespace: 'AirflowSlackOps',
        dimensions: [['service', 'deployment']],
        service: SERVICE,
        deployment: 'prod',
        EventsAccepted: 2,
        Acknowledgements: 1,
        EventToSlackSeconds: [3.5, 12],
      },
      { namespace: 'AirflowSlackOps', dimensions: [['service', 'deployment']], service: SERVICE, deployment: 'staging', AirflowErrors: 1 },
      { namespace: 'AirflowSlackOps', dimensions: [['service', 'status']], service: SERVICE, status: '401', EventsRefused: 1 },
    ]);
  });

  it('forgets what it flushed: a second flush writes nothing, and logs no warning', async () => {
    const { logger, lines: logLines } = collectingLogger();
    const metrics = createBotMetrics({ serviceName: SERVICE, logger });
    metrics.alertPosted('prod');
    await emfLinesOf(() => metrics.flush());

    expect(await emfLinesOf(() => metrics.flush())).toEqual([]);
    expect(logLines).toEqual([]);
  });

  it('counts a negative delay (a sender clock ahead of the bot) as zero seconds', async () => {
    const metrics = createBotMetrics({ serviceName: SERVICE });
    metrics.eventToSlack('prod', -2);

    const [line] = await emfLinesOf(() => metrics.flush());

    expect(line?.[METRIC.eventToSlackSeconds]).toBe(0);
  });

  it('keeps concurrent deployments apart', async () => {
    const metrics = createBotMetrics({ serviceName: SERVICE });
    await Promise.all(
      ['a', 'b', 'c'].map(async (deployment, index) => {
        await new Promise((resolve) => setTimeout(resolve, 3 - index));
        metrics.alertPosted(deployment);
        metrics.alertEdited(deployment);
      }),
    );

    const lines = await emfLinesOf(() => metrics.flush());

    expect(lines.map((line) => [line.deployment, line.AlertsPosted, line.AlertsEdited]).sort()).toEqual([
      ['a', 1, 1],
      ['b', 1, 1],
      ['c', 1, 1],
    ]);
  });
});
