import { codePointLength } from '../audit/text-length';
import { systemClock, type Clock } from '../clock';
import type { DeploymentConfig } from '../config/types';
import type { AirflowCredentialProvider } from '../credentials/types';
import { BotError, isBotError } from '../errors';
import type { Logger } from '../logging/logger';
import type { BotMetrics } from '../metrics/bot-metrics';
import { affectedFromSnapshot } from './affected-states';
import { createAirflowHttp, type AirflowHttp } from './airflow-http';
import type { AirflowClient, RunSelector, ServerVersion } from './client';
import type { DialectApi, HitlApi } from './dialect';
import { detectDialect } from './dialect-detection';
import { createHttpTransport } from './http-transport';
import { DEFAULT_RETRY, createKyInstance, type RetryPolicy } from './ky-instance';
import { DEFAULT_LOG_READ_LIMITS, readTaskLog } from './log-reader';
import {
  NOTE_MAX_LENGTH,
  UNMAPPED,
  type ApiDialect,
  type DagRun,
  type HitlAnswer,
  type TaskInstanceRef,
  type TaskState,
} from './model';
import { collectPages, collectPagesConcurrently } from './paging';
import { bindPlatform, type BoundPlatform, type PlatformServices } from './platforms';
import { DEFAULT_USER_AGENT } from './user-agent';
import { createV1Dialect } from './v1-dialect';
import { createV2Dialect } from './v2-dialect';

/** What an Airflow client talks to and how patiently. */
export interface AirflowClientDeps {
  credentials: AirflowCredentialProvider;
  /** The HTTP fetch; the global one when absent. */
  fetch?: typeof fetch;
  clock?: Clock;
  logger?: Logger;
  /** Per attempt. Default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Retries of GETs on 429, 5xx and network errors. Default: 2 retries from 300 ms. */
  retry?: RetryPolicy;
  userAgent?: string;
  /** Services of managed platforms (MWAA's login tokens); defaults when absent. */
  platforms?: PlatformServices;
  /** Counts failed requests per deployment; the caller flushes them. Absent: nothing is counted. */
  metrics?: Pick<BotMetrics, 'airflowError'>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** How many map indexes a "which index?" message lists before "… (N in all)". */
const MAP_INDEXES_SHOWN = 10;
/** How many pages of the DAG list are asked at once: 5,000 DAGs in about 7 round trips, not 50. */
const DAG_PAGES_AT_ONCE = 8;
/** How many failed task instances `listFailedTaskInstances` returns when no limit is given. */
export const DEFAULT_FAILED_LIMIT = 50;

/**
 * A client for one deployment, in whichever dialect it speaks (`deployment.dialect`, or asked
 * once when `auto`). It keeps its token and its dialect for its lifetime: build one per
 * deployment per container (see `createAirflowClientRegistry`).
 *
 * @example
 * const client = createAirflowClient(deployment, { credentials });
 * const ti = await client.getTaskInstance({ dagId: 'etl', runId, taskId: 'load', mapIndex: -1 });
 */
export function createAirflowClient(deployment: DeploymentConfig, deps: AirflowClientDeps): AirflowClient {
  const name = deployment.name;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const settings = {
    fetch: deps.fetch ?? fetch,
    timeoutMs,
    retry: deps.retry ?? DEFAULT_RETRY,
    userAgent: deps.userAgent ?? DEFAULT_USER_AGENT,
    logger: deps.logger,
  };
  const api = createKyInstance({ apiUrl: deployment.apiUrl, ...settings });
  const transport = createHttpTransport({
    deploymentName: name,
    apiUrl: deployment.apiUrl,
    api,
    timeoutMs,
    logger: deps.logger,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
  });
  const platform = bindPlatform({
    deployment,
    credentials: deps.credentials,
    transport,
    clock: deps.clock ?? systemClock,
    services: deps.platforms ?? {},
    ...settings,
  });
  const http = createAirflowHttp(transport, platform.authenticator);
  const resolveDialect = createDialectCache(deployment, http, platform);
  let knownVersion: Promise<ServerVersion> | undefined;

  const listTaskInstances = async (dagId: string, runId: string, states?: TaskState[]) => {
    const dialect = (await resolveDialect()).api;
    const filter = states && states.length > 0 ? states : undefined;
    return collectPages((page) => dialect.taskInstancesPage(dagId, runId, filter, page));
  };
  /** A mapped task asked for without its index: which indexes it has, instead of Airflow's raw 404 text. */
  const mappedTaskError = async (ref: TaskInstanceRef): Promise<BotError | undefined> => {
    let indexes: number[];
    try {
      indexes = (await listTaskInstances(ref.dagId, ref.runId))
        .filter((ti) => ti.taskId === ref.taskId && ti.mapIndex !== UNMAPPED)
        .map((ti) => ti.mapIndex)
        .sort((a, b) => a - b);
    } catch {
      return undefined; // Airflow's own answer is still the better message then.
    }
    if (indexes.length === 0) return undefined;
    const shown = indexes.slice(0, MAP_INDEXES_SHOWN).join(', ');
    const rest = indexes.length > MAP_INDEXES_SHOWN ? `, … (${indexes.length} in all)` : '';
    return new BotError(
      'not_found',
      `${name}: ${ref.taskId} in ${ref.dagId} / ${ref.runId} is a mapped task: name one of its map indexes, ` +
        `such as ${ref.taskId}:${indexes[0]}. Its indexes: ${shown}${rest}`,
      { details: { deployment: name, dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId, mapIndexes: indexes.length } },
    );
  };
  const invalid = (message: string) => new BotError('invalid', `${name}: ${message}`, { details: { deployment: name } });
  const checkRef = (ref: TaskInstanceRef) => {
    if (!Number.isInteger(ref.mapIndex) || ref.mapIndex < UNMAPPED) {
      throw invalid(`map index ${ref.mapIndex} of ${ref.taskId} is not -1 or a whole number from 0`);
    }
  };

  const hitlApi = async (): Promise<HitlApi> => {
    const { api } = await resolveDialect();
    if (api.hitl) return api.hitl;
    throw new BotError('not_found', `${name}: human-in-the-loop requests need Airflow 3.1 or later; ${name} speaks the Airflow 2 API`, {
      details: { deployment: name, dialect: api.dialect },
    });
  };
  /** Airflow's own refusal of these would name a field of its payload; the bot's names the request. */
  const checkAnswer = (ref: TaskInstanceRef, answer: HitlAnswer) => {
    const { chosenOptions, paramsInput } = answer;
    if (!Array.isArray(chosenOptions) || chosenOptions.length === 0 || !chosenOptions.every((option) => typeof option === 'string')) {
      throw invalid(`an answer to the human-in-the-loop request of ${ref.taskId} needs at least one chosen option`);
    }
    if (typeof paramsInput !== 'object' || paramsInput === null || Array.isArray(paramsInput)) {
      throw invalid(`the params of an answer to the human-in-the-loop request of ${ref.taskId} must be an object of names and values`);
    }
  };

  return {
    deploymentName: name,

    version() {
      knownVersion ??= (async () => {
        const resolved = await resolveDialect();
        return { dialect: resolved.api.dialect, version: resolved.version ?? (await resolved.api.version()) };
      })().catch((error: unknown) => {
        knownVersion = undefined;
        throw error;
      });
      return knownVersion;
    },

    async probe() {
      // The dialect is remembered (a server does not change API in place); the version is not.
      const { api } = await resolveDialect();
      const [version, read] = await Promise.allSettled([api.version(), api.runsPage('~', {}, { limit: 1, offset: 0 })]);
      // The version's failure says more (down, a gateway's page) than the read's; the read's says whether the bot may in.
      if (version.status === 'rejected') throw version.reason;
      if (read.status === 'rejected') throw read.reason;
      return { dialect: api.dialect, version: version.value };
    },

    async getTaskInstance(ref) {
      checkRef(ref);
      try {
        return await (await resolveDialect()).api.getTaskInstance(ref);
      } catch (error) {
        if (ref.mapIndex !== UNMAPPED || !isBotError(error) || error.kind !== 'not_found') throw error;
        throw (await mappedTaskError(ref)) ?? error;
      }
    },

    listTaskInstances,

    async listFailedTaskInstances(query) {
      const limit = query.limit ?? DEFAULT_FAILED_LIMIT;
      if (!Number.isInteger(limit) || limit < 1) throw invalid(`the number of failed task instances must be at least 1, not ${limit}`);
      return (await resolveDialect()).api.listFailedTaskInstances({ ...query, limit });
    },

    async listEndedTaskInstances(query) {
      const dialect = (await resolveDialect()).api;
      return collectPages((page) => dialect.endedTaskInstancesPage(query, page));
    },

    async listEndedRuns(query) {
      const dialect = (await resolveDialect()).api;
      return collectPages((page) => dialect.endedRunsPage(query, page));
    },

    async listDags(options) {
      const maxDags = options?.maxDags;
      if (maxDags !== undefined && (!Number.isInteger(maxDags) || maxDags < 1)) throw invalid(`the number of DAGs must be at least 1, not ${maxDags}`);
      const dialect = (await resolveDialect()).api;
      return collectPagesConcurrently((page) => dialect.dagsPage({}, page), {
        concurrency: DAG_PAGES_AT_ONCE,
        ...(maxDags === undefined ? {} : { maxItems: maxDags }),
      });
    },

    async recentRuns(dagId, limit) {
      if (!Number.isInteger(limit) || limit < 1) throw invalid(`the number of runs must be at least 1, not ${limit}`);
      const dialect = (await resolveDialect()).api;
      return collectPages((page) => dialect.runsPage(dagId, {}, page), limit);
    },

    async resolveRun(dagId, selector) {
      return resolveRun((await resolveDialect()).api, name, dagId, selector);
    },

    async listTries(ref) {
      checkRef(ref);
      const tries = await (await resolveDialect()).api.listTries(ref);
      return [...tries].sort((a, b) => a.tryNumber - b.tryNumber);
    },

    async readLog(ref, tryNumber, onLine, limits) {
      checkRef(ref);
      if (!Number.isInteger(tryNumber) || tryNumber < 1) throw invalid(`try ${tryNumber} does not exist: tries count from 1`);
      const dialect = (await resolveDialect()).api;
      return readTaskLog(dialect, ref, tryNumber, onLine, { ...DEFAULT_LOG_READ_LIMITS, idleTimeoutMs: timeoutMs, ...limits });
    },

    async credentialValues() {
      // MWAA has no secret of its own: the function's role signs in.
      if (deployment.platform === 'mwaa') return [];
      const secret = await deps.credentials.get(deployment);
      switch (secret.kind) {
        case 'bearer':
          return [secret.token];
        case 'service-account':
          return [secret.privateKey, ...(secret.privateKeyId === undefined ? [] : [secret.privateKeyId])];
        default:
          return [secret.password];
      }
    },

    async extraLinks(ref) {
      checkRef(ref);
      return (await resolveDialect()).api.extraLinks(ref);
    },

    async previewAction(ref, action) {
      checkRef(ref);
      const dialect = (await resolveDialect()).api;
      const target: TaskInstanceRef = { dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId, mapIndex: ref.mapIndex };
      const reported = await dialect.runAction(target, action, true);
      // A v2 dry run returns whole task instances in their current state; v1 returns references.
      const snapshot = reported.every((item) => item.state !== undefined && item.mapIndex !== undefined)
        ? []
        : await listTaskInstances(ref.dagId, ref.runId);
      return { target, action, affected: affectedFromSnapshot(reported, snapshot, targetStateOf(action)) };
    },

    async applyAction(ref, action) {
      checkRef(ref);
      const dialect = (await resolveDialect()).api;
      // Read first: both dialects answer an applied change with the states after it (or none),
      // and the result reports each task instance's state before the change.
      const before = await listTaskInstances(ref.dagId, ref.runId);
      const target: TaskInstanceRef = { dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId, mapIndex: ref.mapIndex };
      const reported = await dialect.runAction(target, action, false);
      return affectedFromSnapshot(reported, before, targetStateOf(action));
    },

    async setNote(ref, note) {
      checkRef(ref);
      const length = codePointLength(note);
      if (length > NOTE_MAX_LENGTH) {
        throw invalid(`a task instance note may have at most ${NOTE_MAX_LENGTH} characters; this one has ${length}`);
      }
      return (await resolveDialect()).api.setNote(ref, note);
    },

    async listPendingHitl() {
      const hitl = await hitlApi();
      return collectPages((page) => hitl.pendingPage(page));
    },

    async getHitl(ref) {
      checkRef(ref);
      return (await hitlApi()).get(ref);
    },

    async answerHitl(ref, answer) {
      checkRef(ref);
      checkAnswer(ref, answer);
      return (await hitlApi()).answer(ref, answer);
    },
  };
}

function targetStateOf(action: Parameters<AirflowClient['applyAction']>[1]): TaskState | undefined {
  return action.kind === 'set_state' ? action.newState : undefined;
}

interface ResolvedDialect {
  api: DialectApi;
  version?: string;
}

/** The dialect, asked once per client when `auto`; a failed detection is asked again next time. */
function createDialectCache(deployment: DeploymentConfig, http: AirflowHttp, platform: BoundPlatform): () => Promise<ResolvedDialect> {
  const build = (dialect: ApiDialect): DialectApi =>
    platform.wrapDialect(dialect === 'v1' ? createV1Dialect(http, deployment.name) : createV2Dialect(http, deployment.name));
  if (deployment.dialect !== 'auto') {
    const fixed = Promise.resolve({ api: build(deployment.dialect) });
    return () => fixed;
  }
  let detected: Promise<ResolvedDialect> | undefined;
  return () => {
    detected ??= detectDialect(http, deployment.name, deployment.apiUrl)
      .then((found) => ({ api: build(found.dialect), version: found.version }))
      .catch((error: unknown) => {
        detected = undefined;
        throw error;
      });
    return detected;
  };
}

async function resolveRun(dialect: DialectApi, name: string, dagId: string, selector: RunSelector): Promise<DagRun> {
  if (selector.kind === 'id') return dialect.getRun(dagId, selector.runId);
  if (selector.kind === 'latest') {
    const page = await dialect.runsPage(dagId, {}, { limit: 1, offset: 0 });
    const latest = page.items[0];
    if (!latest) throw new BotError('not_found', `${name}: DAG ${dagId} has no runs`, { details: { deployment: name, dagId } });
    return latest;
  }
  const wanted = selector.date.getTime();
  if (Number.isNaN(wanted)) {
    throw new BotError('invalid', `${name}: the date given for a run of DAG ${dagId} is not a valid date`, {
      details: { deployment: name, dagId },
    });
  }
  const page = await dialect.runsPage(dagId, { logicalDate: selector.date }, { limit: 10, offset: 0 });
  const match = page.items.find((run) => run.logicalDate !== null && Date.parse(run.logicalDate) === wanted);
  if (!match) {
    const written = utcIso(selector.date);
    throw new BotError('not_found', `${name}: DAG ${dagId} has no run with logical date ${written}`, {
      details: { deployment: name, dagId, logicalDate: written },
    });
  }
  return match;
}

/** `2026-11-22T06:00:00Z`: UTC ISO 8601 as people write it, without `toISOString`'s `.000`. */
function utcIso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}
