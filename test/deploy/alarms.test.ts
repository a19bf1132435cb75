import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const ALARM_EMAIL = 'oncall@example.com';

interface Resource {
  Type: string;
  Condition?: string;
  Properties: Record<string, unknown>;
}

interface Template {
  Resources: Record<string, Resource>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** The functions of `serverless.yml`, by their CloudFormation logical id. */
const FUNCTIONS = [
  'SlackEventsLambdaFunction',
  'AlertsLambdaFunction',
  'AlertWorkerLambdaFunction',
  'WatcherLambdaFunction',
  'OncallLambdaFunction',
  'ActionsLambdaFunction',
  'WorkerLambdaFunction',
  'WorkerFailedLambdaFunction',
];

const TO_TOPIC = [{ Ref: 'AlarmTopic' }];

/**
 * The template `npm run package` deploys: osls (with serverless-esbuild, offline) packages the
 * service into a temporary folder, and the test reads the CloudFormation it wrote. The registry is
 * not part of the template, so the package step that compiles it is left out.
 */
describe('the packaged template', () => {
  let out: string;
  let template: Template;
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'packaged-template-'));
    await promisify(execFile)(
      path.join(ROOT, 'node_modules/.bin/osls'),
      ['package', '--package', out, '--param=slackTeamIds=T0CI0000000', `--param=alarmEmail=${ALARM_EMAIL}`],
      {
        cwd: ROOT,
        env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
        maxBuffer: 16 * 2 ** 20,
      },
    );
    template = JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  }, 300_000);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  const resources = () => template.Resources;
  const alarms = () => Object.entries(resources()).filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm');
  /** The alarm on `metric` with the dimension `name` = `value`. */
  const alarmOn = (namespace: string, metric: string, name: string, value: unknown) => {
    const found = alarms().filter(
      ([, alarm]) =>
        alarm.Properties.Namespace === namespace &&
        alarm.Properties.MetricName === metric &&
        JSON.stringify(alarm.Properties.Dimensions) === JSON.stringify([{ Name: name, Value: value }]),
    );
    expect(found).toHaveLength(1);
    return found[0]![1].Properties;
  };

  it('sends every alarm to the alarm topic when it fires and when it clears', () => {
    expect(resources().AlarmTopic?.Type).toBe('AWS::SNS::Topic');
    expect(alarms().length).toBe(2 + 2 * FUNCTIONS.length + 2);
    for (const [name, alarm] of alarms()) {
      expect({ name, actions: alarm.Properties.AlarmActions, ok: alarm.Properties.OKActions }).toEqual({ name, actions: TO_TOPIC, ok: TO_TOPIC });
    }
  });

  it('fires when the alert dead-letter queue holds anything', () => {
    expect(alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', { 'Fn::GetAtt': ['AlertDeadLetterQueue', 'QueueName'] })).toMatchObject({
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each(FUNCTIONS.flatMap((fn) => [['Errors', fn], ['Throttles', fn]]))('fires on any %s of %s in five minutes', (metric, fn) => {
    expect(resources()[fn]?.Type).toBe('AWS::Lambda::Function');
    expect(alarmOn('AWS/Lambda', metric, 'FunctionName', { Ref: fn })).toMatchObject({
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each(['AlertWorkerLambdaFunction', 'WorkerLambdaFunction'])('fires when %s cannot hand a failed job to its failure destination', (fn) => {
    expect(alarmOn('AWS/Lambda', 'DestinationDeliveryFailures', 'FunctionName', { Ref: fn })).toMatchObject({
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('fires when the watcher has not run for ten minutes, no data counting as not run', () => {
    expect(alarmOn('AWS/Lambda', 'Invocations', 'FunctionName', { Ref: 'WatcherLambdaFunction' })).toMatchObject({
      Statistic: 'Sum',
      Period: 600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('subscribes the alarmEmail parameter to the topic, only when it is set, and outputs the topic', () => {
    expect(resources().AlarmEmailSubscription).toEqual({
      Type: 'AWS::SNS::Subscription',
      Condition: 'HasAlarmEmail',
      Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: ALARM_EMAIL },
    });
    expect(template.Conditions?.HasAlarmEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [ALARM_EMAIL, ''] }] });
    expect(template.Outputs?.AlarmTopicArn?.Value).toEqual({ Ref: 'AlarmTopic' });
  });

  it('names the bot’s own metrics’ service after the stage', () => {
    const environment = (resources().AlertWorkerLambdaFunction?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(environment.POWERTOOLS_SERVICE_NAME).toBe('airflow-slack-ops-dev');
  });
});
