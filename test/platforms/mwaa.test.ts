import { MWAAClient } from '@aws-sdk/client-mwaa';
import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import { createMwaaLoginTokens } from '../../src/airflow/platforms/mwaa/web-login-token';
import type { MwaaDeployment } from '../../src/config/types';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { startMwaaStandIn, type MwaaStandIn } from '../../local/platform-stand-ins/mwaa-stand-in';
import { expectBotError } from '../airflow/expect-bot-error';
import { MemorySecretSource } from '../credentials/memory-secret-source';

const ENVIRONMENT = 'prod-airflow';

/** The real SDK client, pointed at the stand-in's loopback endpoint. */
function loginTokens(standIn: MwaaStandIn) {
  return createMwaaLoginTokens(
    (region) =>
      new MWAAClient({
        region,
        endpoint: standIn.awsEndpoint,
        disableHostPrefix: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
  );
}

describe.each([
  { dialect: 'v1' as const, airflow: 'Airflow 2 (session cookie)' },
  { dialect: 'v2' as const, airflow: 'Airflow 3 (_token JWT as bearer)' },
])('MWAA sign-in on $airflow', ({ dialect }) => {
  let airflow: DemoAirflow;
  let standIn: MwaaStandIn;
  let now: number;

  beforeAll(async () => {
    airflow = await startDemoAirflow({ dialect });
  });
  afterAll(() => airflow.close());

  beforeEach(async () => {
    now = Date.now();
    standIn = await startMwaaStandIn({ airflow, environmentName: ENVIRONMENT, sessionTtlMs: 30 * 60_000, clock: () => now });
  });
  afterEach(() => standIn.close());

  const deployment = (environmentName = ENVIRONMENT): MwaaDeployment => ({
    platform: 'mwaa',
    name: 'prod-mwaa',
    displayName: 'Prod MWAA',
    apiUrl: standIn.webServerUrl,
    uiUrl: standIn.webServerUrl,
    dialect,
    environmentName,
    region: 'eu-west-1',
    defaultChannels: [],
  });
  const client = (target = deployment()) =>
    createAirflowClient(target, {
      credentials: createAirflowCredentialProvider(createSecretCache(new MemorySecretSource())),
      platforms: { mwaa: loginTokens(standIn) },
      clock: () => now,
      retry: { limit: 0, backoffMs: 1 },
    });
  const recentRuns = (c: ReturnType<typeof client>) => Array.from({ length: 20 }, () => c.recentRuns('etl_daily', 1));

  it('asks for one web login token and logs in once for 20 concurrent calls', async () => {
    const mwaa = client();
    const answers = await Promise.all(recentRuns(mwaa));
    expect(answers.every((runs) => runs.length === 1 && runs[0]!.dagId === 'etl_daily')).toBe(true);
    expect(standIn.counts).toEqual({ webLoginTokens: 1, logins: 1 });
  });

  it('renews an expired session exactly once, however many calls meet the 401', async () => {
    const mwaa = client();
    await mwaa.recentRuns('etl_daily', 1);
    standIn.expireSessions();
    await Promise.all(recentRuns(mwaa));
    expect(standIn.counts).toEqual({ webLoginTokens: 2, logins: 2 });
  });

  it('renews the session before it expires, without waiting for a 401', async () => {
    const mwaa = client();
    await mwaa.recentRuns('etl_daily', 1);
    now += 30 * 60_000; // the session's whole lifetime
    await Promise.all(recentRuns(mwaa));
    expect(standIn.counts).toEqual({ webLoginTokens: 2, logins: 2 });
  });

  it('reports a login answered with a redirect to a sign-in page as "MWAA login refused"', async () => {
    standIn.refuseLogins(true);
    const path = dialect === 'v1' ? 'aws_mwaa/login' : 'pluginsv2/aws_mwaa/login';
    await expectBotError(
      client().recentRuns('etl_daily', 1),
      'unauthorized',
      `prod-mwaa: MWAA login refused at ${standIn.webServerUrl}/${path}: it redirected to /login/?next=%2Fhome without a session. Check that the function's IAM role maps to an Airflow role of environment "${ENVIRONMENT}"`,
    );
    expect(standIn.counts.logins).toBe(0);
  });

  it('names an environment MWAA does not know', async () => {
    await expectBotError(client(deployment('elsewhere')).recentRuns('etl_daily', 1), 'config', 'There is no MWAA environment "elsewhere" in eu-west-1');
    expect(standIn.counts.webLoginTokens).toBe(0);
  });
});
