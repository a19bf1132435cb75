/**
 * The failures the demo Airflows of a running `npm start` were seeded with, as alert events:
 * what `npm run alert -- --seeded` sends.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createAirflowClientRegistry, type AirflowClientRegistry } from '../../src/airflow/client-registry';
import type { DeploymentConfig } from '../../src/config/types';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { basicsFromEnv } from '../../src/runtime/basics-from-env';
import { LOCAL_STAND_INS_FILE, localMwaaLoginTokens, type LocalStandIns } from '../platform-stand-ins/platform-demos';

export interface SeededFailures {
  /** One `task_instance.failed` or `task_instance.up_for_retry` event per failed task instance. */
  events: Record<string, unknown>[];
  /** A deployment whose failures could not be listed, and why: the others are still sent. */
  problems: string[];
}

/**
 * Lists the failed task instances of every deployment in `stateDirectory` (`.local/` of
 * `npm start`: its registry, credentials and stand-in endpoints), through the bot's own client.
 * The managed-platform demos are reached as the local bot reaches them: `demo-mwaa` through the
 * MWAA stand-in with the local credentials, never the user's AWS environment.
 *
 * @example
 * const { events, problems } = await seededFailures(path.resolve('.local'));
 */
export async function seededFailures(stateDirectory: string): Promise<SeededFailures> {
  const { deployments, airflow } = localAirflowClients(stateDirectory);
  const events: Record<string, unknown>[] = [];
  const problems: string[] = [];
  for (const deployment of deployments) {
    try {
      const failed = await airflow.get(deployment.name).listFailedTaskInstances({ limit: 50 });
      for (const ti of failed) {
        events.push({
          version: 1,
          event: ti.state === 'up_for_retry' ? 'task_instance.up_for_retry' : 'task_instance.failed',
          deployment: deployment.name,
          dag_id: ti.dagId,
          run_id: ti.runId,
          task_id: ti.taskId,
          map_index: ti.mapIndex,
          try_number: ti.tryNumber,
        });
      }
    } catch (error) {
      problems.push(`${deployment.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { events, problems };
}

/**
 * The bot's own Airflow clients for the deployments of a running `npm start` (its `.local/`
 * files), `demo-mwaa` reached through the MWAA stand-in with the local credentials.
 */
export function localAirflowClients(stateDirectory: string): { deployments: readonly DeploymentConfig[]; airflow: AirflowClientRegistry } {
  const basics = basicsFromEnv({
    DEPLOYMENTS_FILE: path.join(stateDirectory, 'deployments.json'),
    LOCAL_CREDENTIALS_FILE: path.join(stateDirectory, 'credentials.json'),
    LOG_LEVEL: 'silent',
  });
  const standIns = readStandIns(stateDirectory);
  const airflow = createAirflowClientRegistry(basics.registry.deployments, {
    credentials: createAirflowCredentialProvider(basics.secrets),
    logger: basics.logger,
    ...(standIns ? { platforms: { mwaa: localMwaaLoginTokens(standIns.mwaaEndpoint) } } : {}),
  });
  return { deployments: basics.registry.deployments, airflow };
}

/** The stand-ins' endpoints `npm start` wrote; absent with the user's own registry. */
function readStandIns(stateDirectory: string): LocalStandIns | undefined {
  const file = path.join(stateDirectory, LOCAL_STAND_INS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalStandIns) : undefined;
}
