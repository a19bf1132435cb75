/**
 * Astronomer without an account: a deployment URL in front of a demo Airflow 2 that takes an Astro
 * API token as bearer, and the core API's task routes (`/v1alpha1/organizations/{organizationId}/
 * workspaces/{workspaceId}/runtimes/{runtimeId}/dags/{dagId}/…`) carried out on that demo Airflow,
 * with `is_dry_run` honoured. Core API errors have the core API's body: `{message, requestId, statusCode}`.
 */
import { randomUUID } from 'node:crypto';
import type { DemoAirflow } from '../demo-airflow/server';
import { startGateway, type AirflowCall, type GatewayExchange, type GatewayReply, type GatewayRequest } from './gateway';

export interface AstroIds {
  organizationId: string;
  workspaceId: string;
  deploymentId: string;
}

export interface AstroStandInOptions {
  /** A demo Airflow 2 (`/api/v1`): the core API's task bodies follow its shapes. */
  airflow: DemoAirflow;
  token: string;
  ids: AstroIds;
  observe?: (exchange: GatewayExchange) => void;
}

export interface AstroStandIn {
  /** The deployment's Airflow URL and the core API's base URL (one server plays both). */
  url: string;
  /** Core API calls received, by route name. */
  readonly coreApiCalls: { route: string; body: unknown }[];
  /** The next `count` core API calls answer this status with an error body. */
  failCoreApiCalls(status: number, count?: number): void;
  close(): Promise<void>;
}

const CORE_API = /^\/v1alpha1\/organizations\/([^/]+)\/workspaces\/([^/]+)\/runtimes\/([^/]+)\/dags\/([^/]+)\/(.+)$/;

export async function startAstroStandIn(options: AstroStandInOptions): Promise<AstroStandIn> {
  if (options.airflow.dialect !== 'v1') throw new Error('The Astro stand-in carries core API calls out on a demo Airflow 2 (v1)');
  const coreApiCalls: { route: string; body: unknown }[] = [];
  let fault: { status: number; left: number } | undefined;
  const authorized = (request: GatewayRequest) => request.headers.authorization === `Bearer ${options.token}`;

  const coreApi = async (request: GatewayRequest, airflow: AirflowCall): Promise<GatewayReply | undefined> => {
    const match = CORE_API.exec(request.path);
    if (!match) return undefined;
    const [, org, workspace, runtime, dag = '', rest = ''] = match.map((part) => decodeURIComponent(part ?? ''));
    if (!authorized(request)) return coreError(401, 'Unauthorized');
    if (fault !== undefined) {
      const { status } = fault;
      fault.left -= 1;
      if (fault.left === 0) fault = undefined;
      return coreError(status, status >= 500 ? 'Internal Server Error' : `Refused with ${status}`);
    }
    const { ids } = options;
    if (org !== ids.organizationId || workspace !== ids.workspaceId || runtime !== ids.deploymentId) {
      return coreError(404, 'Deployment not found');
    }
    let body: Record<string, unknown>;
    try {
      body = request.text === '' ? {} : (JSON.parse(request.text) as Record<string, unknown>);
    } catch {
      return coreError(400, 'Request body is not JSON');
    }
    const { is_dry_run: dryRun, map_index: mapIndex, ...fields } = body;
    const dagPath = `/api/v1/dags/${encodeURIComponent(dag)}`;
    let route: string;
    let call: { status: number; body: unknown };
    if (request.method === 'POST' && rest === 'clear-task-instances') {
      route = 'clear_task_instances';
      call = await airflow('POST', `${dagPath}/clearTaskInstances`, { ...fields, dry_run: dryRun });
    } else if (request.method === 'POST' && rest === 'update-task-instances-state') {
      route = 'update_task_instances_state';
      call = await airflow('POST', `${dagPath}/updateTaskInstancesState`, { ...fields, dry_run: dryRun });
    } else {
      const task = /^runs\/([^/]+)\/tasks\/([^/]+)$/.exec(rest);
      if (request.method !== 'PATCH' || !task) return coreError(404, 'Not found');
      route = 'update_task_instance';
      const mapped = typeof mapIndex === 'number' && mapIndex >= 0 ? `/${mapIndex}` : '';
      call = await airflow('PATCH', `${dagPath}/dagRuns/${task[1]}/taskInstances/${task[2]}${mapped}`, { ...fields, dry_run: dryRun });
    }
    coreApiCalls.push({ route, body });
    if (call.status >= 400) {
      const detail = (call.body as { detail?: string } | undefined)?.detail;
      return coreError(call.status, detail ?? 'Request failed');
    }
    return { status: 200, json: call.body };
  };

  const gateway = await startGateway({
    airflow: options.airflow,
    route: coreApi,
    accepts: authorized,
    ...(options.observe ? { observe: options.observe } : {}),
  });
  return {
    url: gateway.url,
    coreApiCalls,
    failCoreApiCalls: (status, count = 1) => {
      fault = { status, left: count };
    },
    close: () => gateway.close(),
  };
}

function coreError(statusCode: number, message: string): GatewayReply {
  return { status: statusCode, json: { message, requestId: randomUUID(), statusCode } };
}
