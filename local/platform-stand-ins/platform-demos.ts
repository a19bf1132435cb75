/**
 * One demo deployment per managed platform for `npm start`: `demo-astro`, `demo-mwaa` and
 * `demo-composer`, each a demo Airflow (the same DAGs as the others) behind its platform's
 * stand-in, with the registry entries, secrets and environment the bot needs to reach them.
 */
import { MWAAClient } from '@aws-sdk/client-mwaa';
import { LOCAL_DEMO_USER } from '../../src/config/default-deployments';
import { startDemoAirflow, type DemoAirflow } from '../demo-airflow/server';
import { startAstroStandIn, type AstroIds, type AstroStandIn } from './astro-stand-in';
import { startComposerStandIn, type ComposerStandIn } from './composer-stand-in';
import type { GatewayExchange } from './gateway';
import { startMwaaStandIn, type MwaaStandIn } from './mwaa-stand-in';
import { LOCAL_AWS_CREDENTIALS } from '../local-settings';
import { createMwaaLoginTokens, type MwaaLoginTokens } from '../../src/airflow/platforms/mwaa/web-login-token';

export const DEMO_ASTRO_IDS: AstroIds = { organizationId: 'orgdemo0001', workspaceId: 'wsdemo0001', deploymentId: 'depdemo0001' };
const DEMO_ASTRO_TOKEN = 'astro-local-demo-token';
const DEMO_MWAA_ENVIRONMENT = 'demo-mwaa-environment';

/** Where `npm start` writes {@link LocalStandIns}, in its state folder (`.local/`). */
export const LOCAL_STAND_INS_FILE = 'stand-ins.json';

/** The stand-ins' endpoints that the registry does not hold: they listen on free ports. */
export interface LocalStandIns {
  /** The MWAA stand-in's AWS API (`CreateWebLoginToken`). */
  mwaaEndpoint: string;
}

export interface PlatformDemos {
  astro: AstroStandIn;
  mwaa: MwaaStandIn;
  composer: ComposerStandIn;
  airflows: { astro: DemoAirflow; mwaa: DemoAirflow; composer: DemoAirflow };
  /** Registry entries, as the file would have them. */
  deployments: Record<string, unknown>[];
  /** Secrets by id, for the local credentials file. */
  secrets: Record<string, unknown>;
  /** Environment for the bot: where the MWAA API is (the credentials are the local ones, see `startLocalStack`). */
  env: Record<string, string>;
  /** What a separate local process needs to reach the stand-ins: written to {@link LOCAL_STAND_INS_FILE}. */
  standIns: LocalStandIns;
  close(): Promise<void>;
}

export interface PlatformDemosOptions {
  latencyMs?: number;
  /** Sees every request each stand-in answers or forwards, by deployment name. */
  observe?: (deployment: string, exchange: GatewayExchange) => void;
}

export async function startPlatformDemos(options: PlatformDemosOptions = {}): Promise<PlatformDemos> {
  const latency = options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs };
  const observer = (name: string) => (options.observe ? { observe: (exchange: GatewayExchange) => options.observe?.(name, exchange) } : {});
  const airflows = {
    astro: await startDemoAirflow({ dialect: 'v1', ...latency }),
    mwaa: await startDemoAirflow({ dialect: 'v2', ...latency }),
    composer: await startDemoAirflow({ dialect: 'v2', ...latency }),
  };
  const astro = await startAstroStandIn({ airflow: airflows.astro, token: DEMO_ASTRO_TOKEN, ids: DEMO_ASTRO_IDS, ...observer('demo-astro') });
  const mwaa = await startMwaaStandIn({ airflow: airflows.mwaa, environmentName: DEMO_MWAA_ENVIRONMENT, ...observer('demo-mwaa') });
  const composer = await startComposerStandIn({ airflow: airflows.composer, ...observer('demo-composer') });
  const actors = { users: [LOCAL_DEMO_USER] };

  return {
    astro,
    mwaa,
    composer,
    airflows,
    deployments: [
      {
        name: 'demo-astro',
        displayName: 'Demo Astronomer',
        platform: 'astro',
        apiUrl: astro.url,
        dialect: 'v1',
        secretId: 'local/demo-astro',
        actions: 'astro-core-api',
        coreApiUrl: astro.url,
        ...DEMO_ASTRO_IDS,
        actors,
      },
      {
        name: 'demo-mwaa',
        displayName: 'Demo MWAA',
        platform: 'mwaa',
        apiUrl: mwaa.webServerUrl,
        dialect: 'v2',
        environmentName: DEMO_MWAA_ENVIRONMENT,
        region: 'eu-west-1',
        actors,
      },
      {
        name: 'demo-composer',
        displayName: 'Demo Composer',
        platform: 'composer',
        apiUrl: composer.webServerUrl,
        dialect: 'v2',
        secretId: 'local/demo-composer',
        // The stand-in's token endpoint is loopback http, which no registry allows unless it says so.
        tokenUriOrigins: [new URL(composer.serviceAccountKey.token_uri ?? '').origin],
        actors,
      },
    ],
    secrets: { 'local/demo-astro': { token: DEMO_ASTRO_TOKEN }, 'local/demo-composer': composer.serviceAccountKey },
    env: { AWS_ENDPOINT_URL_MWAA: mwaa.awsEndpoint },
    standIns: { mwaaEndpoint: mwaa.awsEndpoint },
    close: async () => {
      await Promise.all([astro.close(), mwaa.close(), composer.close()]);
      await Promise.all(Object.values(airflows).map((airflow) => airflow.close()));
    },
  };
}

/**
 * `CreateWebLoginToken` against the MWAA stand-in at `endpoint`, signed with the local
 * credentials: a local process other than the bot (`npm run alert`) reaches `demo-mwaa` with
 * these, whatever AWS environment or profile the user has.
 *
 * @example
 * createAirflowClientRegistry(deployments, { credentials, platforms: { mwaa: localMwaaLoginTokens(standIns.mwaaEndpoint) } });
 */
export function localMwaaLoginTokens(endpoint: string): MwaaLoginTokens {
  return createMwaaLoginTokens(
    (region) => new MWAAClient({ region, endpoint, credentials: LOCAL_AWS_CREDENTIALS, disableHostPrefix: true }),
  );
}
