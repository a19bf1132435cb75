/**
 * One demo deployment per managed platform for `npm start`: `demo-astro`, `demo-mwaa` and
 * `demo-composer`, each a demo Airflow (the same DAGs as the others) behind its platform's
 * stand-in, with the registry entries, secrets and environment the bot needs to reach them.
 */
import { LOCAL_DEMO_USER } from '../../src/config/default-deployments';
import { startDemoAirflow, type DemoAirflow } from '../demo-airflow/server';
import { startAstroStandIn, type AstroIds, type AstroStandIn } from './astro-stand-in';
import { startComposerStandIn, type ComposerStandIn } from './composer-stand-in';
import type { GatewayExchange } from './gateway';
import { startMwaaStandIn, type MwaaStandIn } from './mwaa-stand-in';

export const DEMO_ASTRO_IDS: AstroIds = { organizationId: 'orgdemo0001', workspaceId: 'wsdemo0001', deploymentId: 'depdemo0001' };
const DEMO_ASTRO_TOKEN = 'astro-local-demo-token';
const DEMO_MWAA_ENVIRONMENT = 'demo-mwaa-environment';

export interface PlatformDemos {
  astro: AstroStandIn;
  mwaa: MwaaStandIn;
  composer: ComposerStandIn;
  airflows: { astro: DemoAirflow; mwaa: DemoAirflow; composer: DemoAirflow };
  /** Registry entries, as the file would have them. */
  deployments: Record<string, unknown>[];
  /** Secrets by id, for the local credentials file. */
  secrets: Record<string, unknown>;
  /** Environment for the bot: where the MWAA API is, and stand-in AWS credentials when none are set. */
  env: Record<string, string>;
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
        actors,
      },
    ],
    secrets: { 'local/demo-astro': { token: DEMO_ASTRO_TOKEN }, 'local/demo-composer': composer.serviceAccountKey },
    env: {
      AWS_ENDPOINT_URL_MWAA: mwaa.awsEndpoint,
      ...(process.env.AWS_ACCESS_KEY_ID ? {} : { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' }),
    },
    close: async () => {
      await Promise.all([astro.close(), mwaa.close(), composer.close()]);
      await Promise.all(Object.values(airflows).map((airflow) => airflow.close()));
    },
  };
}
