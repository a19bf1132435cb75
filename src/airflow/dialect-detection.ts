import { z } from 'zod';
import type { DeploymentConfig } from '../config/types';
import { BotError, isBotError } from '../errors';
import type { AirflowClient } from './client';
import type { AirflowHttp } from './airflow-http';
import type { AirflowRequest } from './http-transport';
import type { ApiDialect } from './model';
import { parsePayload } from './payload-fields';
import { VERSION_SUBJECT } from './subjects';

export interface DetectedDialect {
  dialect: ApiDialect;
  /** Known when the probe was answered with the version (always for v2; v1 may want credentials first). */
  version?: string;
}

/** `VersionInfo`: the same in both dialects. */
const versionInfo = z.object({ version: z.string() });

type ProbeOutcome = { ok: true; version: string } | { ok: false; status?: number; problem: string };

/**
 * Asks the server which API it speaks, without credentials: `GET /api/v2/version` (open on
 * Airflow 3), then `GET /api/v1/version`, where 200, 401 or 403 all mean Airflow 2. Only when
 * `/api/v2/version` itself is refused are credentials sent, since then a gateway guards it.
 */
export async function detectDialect(http: AirflowHttp, deploymentName: string, apiUrl: string): Promise<DetectedDialect> {
  // A 401 or 403 from /api/v2 is a gateway guarding every route: the version is asked again with credentials.
  const v2 = await probe(() => http.sendOpen(versionRequest('api/v2/version')), deploymentName);
  if (v2.ok) return { dialect: 'v2', version: v2.version };
  const v1 = await probe(() => http.sendAnonymous(versionRequest('api/v1/version')), deploymentName);
  if (v1.ok) return { dialect: 'v1', version: v1.version };
  if (v1.status === 401 || v1.status === 403) return { dialect: 'v1' };
  throw new BotError(
    'unavailable',
    `${deploymentName}: could not tell which Airflow API ${apiUrl} serves: /api/v2/version ${v2.problem}, /api/v1/version ${v1.problem}`,
    { details: { deployment: deploymentName, v2Status: v2.status, v1Status: v1.status } },
  );
}

function versionRequest(path: string): AirflowRequest {
  return { method: 'GET', path, subject: VERSION_SUBJECT };
}

async function probe(send: () => Promise<unknown>, deploymentName: string): Promise<ProbeOutcome> {
  try {
    const body = await send();
    return { ok: true, version: parsePayload(versionInfo, body, { deploymentName, subject: VERSION_SUBJECT }).version };
  } catch (error) {
    if (!isBotError(error)) throw error;
    const status = typeof error.details.status === 'number' ? error.details.status : undefined;
    if (status !== undefined) return { ok: false, status, problem: `answered HTTP ${status}` };
    return { ok: false, problem: error.kind === 'timeout' ? 'did not answer in time' : 'gave no usable answer' };
  }
}

/**
 * Whether the deployment speaks Airflow 3's API, where human-in-the-loop requests live: from the
 * registry, or for `auto` from the client's version (asked once, then cached by the client). An
 * Airflow 2 deployment named so in the registry is asked nothing.
 */
export async function speaksAirflow3(deployment: Pick<DeploymentConfig, 'dialect'>, client: Pick<AirflowClient, 'version'>): Promise<boolean> {
  if (deployment.dialect === 'v1') return false;
  if (deployment.dialect === 'v2') return true;
  return (await client.version()).dialect === 'v2';
}
