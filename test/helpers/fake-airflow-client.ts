import type { AirflowClient, EndedTaskInstanceQuery, RunSelector } from '../../src/airflow/client';
import type {
  ActionPreview,
  AffectedTaskInstance,
  DagRun,
  DagSummary,
  HitlAnswer,
  HitlRequest,
  HitlResponse,
  TaskAction,
  TaskInstance,
  TaskInstanceRef,
} from '../../src/airflow/model';
import { BotError } from '../../src/errors';

/**
 * An in-memory Airflow behind the `AirflowClient` interface, for worker tests that are about the
 * bot's decisions rather than HTTP. It records every call so tests can prove what was (not) sent.
 */
export class FakeAirflowClient implements AirflowClient {
  readonly calls: { method: string; ref?: TaskInstanceRef; action?: TaskAction; note?: string }[] = [];
  private readonly tis = new Map<string, TaskInstance>();
  /** Human-in-the-loop requests by task instance; `answerHitl` answers as the bot's user `botUser`. */
  readonly hitl = new Map<string, HitlRequest>();
  botUser = { id: 'bot', name: 'bot' };

  constructor(
    readonly deploymentName: string,
    tis: TaskInstance[],
  ) {
    for (const ti of tis) this.tis.set(key(ti), { ...ti });
  }

  /** Calls that change something in Airflow. */
  get mutatingCalls(): string[] {
    return this.calls.filter((c) => c.method === 'applyAction' || c.method === 'setNote' || c.method === 'answerHitl').map((c) => c.method);
  }

  stored(ref: TaskInstanceRef): TaskInstance {
    const ti = this.tis.get(key(ref));
    if (!ti) throw new Error(`no such task instance ${key(ref)}`);
    return ti;
  }

  async version() {
    return { dialect: 'v2' as const, version: '3.1.0' };
  }

  async probe() {
    return this.version();
  }

  async getTaskInstance(ref: TaskInstanceRef): Promise<TaskInstance> {
    this.calls.push({ method: 'getTaskInstance', ref });
    const ti = this.tis.get(key(ref));
    if (!ti) throw new BotError('not_found', `${this.deploymentName}: task instance ${ref.taskId} not found`);
    return { ...ti };
  }

  async listTaskInstances(dagId: string, runId: string): Promise<TaskInstance[]> {
    return [...this.tis.values()].filter((ti) => ti.dagId === dagId && ti.runId === runId);
  }

  async listFailedTaskInstances(): Promise<TaskInstance[]> {
    return [...this.tis.values()].filter((ti) => ti.state === 'failed' || ti.state === 'up_for_retry');
  }

  async listEndedTaskInstances(query: EndedTaskInstanceQuery): Promise<TaskInstance[]> {
    const since = query.endedSince.getTime();
    return [...this.tis.values()].filter(
      (ti) => ti.state !== null && query.states.includes(ti.state) && ti.endDate !== null && Date.parse(ti.endDate) >= since,
    );
  }

  async listEndedRuns(): Promise<DagRun[]> {
    return [];
  }

  /** The DAGs of the task instances it holds, by id, none paused. */
  async listDags(): Promise<DagSummary[]> {
    return [...new Set([...this.tis.values()].map((ti) => ti.dagId))].sort().map((dagId) => ({ dagId, isPaused: false }));
  }

  async recentRuns(): Promise<DagRun[]> {
    return [];
  }

  async resolveRun(dagId: string, selector: RunSelector): Promise<DagRun> {
    const runId = selector.kind === 'id' ? selector.runId : [...this.tis.values()].find((ti) => ti.dagId === dagId)?.runId;
    if (!runId) throw new BotError('not_found', `${this.deploymentName}: no run of ${dagId}`);
    return { dagId, runId, state: 'failed', logicalDate: null, runAfter: null, startDate: null, endDate: null, runType: 'scheduled', note: null };
  }

  async listTries() {
    return [];
  }

  async readLog(_ref: TaskInstanceRef, _tryNumber: number, onLine: (line: string) => void) {
    const lines = ['INFO starting', 'Traceback (most recent call last):', '  File "x.py", line 1', 'ValueError: boom'];
    for (const line of lines) onLine(line);
    return { format: 'text' as const, bytesRead: lines.join('\n').length };
  }

  async credentialValues() {
    return [];
  }

  async extraLinks() {
    return [];
  }

  async previewAction(ref: TaskInstanceRef, action: TaskAction): Promise<ActionPreview> {
    this.calls.push({ method: 'previewAction', ref, action });
    const ti = await this.getTaskInstance(ref);
    return { target: ref, action, affected: [{ ...ref, state: ti.state }] };
  }

  async applyAction(ref: TaskInstanceRef, action: TaskAction): Promise<AffectedTaskInstance[]> {
    this.calls.push({ method: 'applyAction', ref, action });
    const ti = this.stored(ref);
    const before = ti.state;
    if (action.kind === 'set_state') ti.state = action.newState;
    else {
      ti.state = null;
      ti.maxTries += 1;
    }
    return [{ ...ref, state: before }];
  }

  async setNote(ref: TaskInstanceRef, note: string): Promise<void> {
    this.calls.push({ method: 'setNote', ref, note });
    this.stored(ref).note = note;
  }

  /** Adds (or replaces) a request, kept by its task instance. */
  addHitl(request: HitlRequest): void {
    this.hitl.set(key(request.ref), structuredClone(request));
  }

  async listPendingHitl(): Promise<HitlRequest[]> {
    this.calls.push({ method: 'listPendingHitl' });
    return [...this.hitl.values()].filter((r) => r.response === null && r.taskState === 'deferred').map((r) => structuredClone(r));
  }

  async getHitl(ref: TaskInstanceRef): Promise<HitlRequest> {
    this.calls.push({ method: 'getHitl', ref });
    const request = this.hitl.get(key(ref));
    if (!request) throw new BotError('not_found', `${this.deploymentName}: ${ref.taskId} has no human-in-the-loop request`);
    return structuredClone(request);
  }

  async answerHitl(ref: TaskInstanceRef, answer: HitlAnswer): Promise<HitlResponse> {
    this.calls.push({ method: 'answerHitl', ref });
    const request = this.hitl.get(key(ref));
    if (!request) throw new BotError('not_found', `${this.deploymentName}: ${ref.taskId} has no human-in-the-loop request`);
    if (request.response !== null) throw new BotError('conflict', `${this.deploymentName}: the request of ${ref.taskId} was already answered`);
    if (request.assignedUsers.length > 0 && !request.assignedUsers.some((u) => u.id === this.botUser.id)) {
      throw new BotError('forbidden', `${this.deploymentName}: Airflow refused the answer: user ${this.botUser.name} is not a respondent`);
    }
    const response: HitlResponse = { by: { ...this.botUser }, at: new Date().toISOString(), chosenOptions: [...answer.chosenOptions], paramsInput: { ...answer.paramsInput } };
    request.response = response;
    request.taskState = 'success';
    const ti = this.tis.get(key(ref));
    if (ti) ti.state = 'success';
    return structuredClone(response);
  }
}

function key(ref: TaskInstanceRef): string {
  return JSON.stringify([ref.dagId, ref.runId, ref.taskId, ref.mapIndex]);
}

/** A failed task instance with every field filled. */
export function failedTaskInstance(overrides: Partial<TaskInstance> = {}): TaskInstance {
  return {
    dagId: 'etl_daily',
    runId: 'scheduled__2026-11-22T00:00:00+00:00',
    taskId: 'transform',
    mapIndex: -1,
    state: 'failed',
    tryNumber: 2,
    maxTries: 2,
    startDate: '2026-11-22T01:00:00+00:00',
    endDate: '2026-11-22T01:05:00+00:00',
    durationSeconds: 300,
    logicalDate: '2026-11-22T00:00:00+00:00',
    operator: 'PythonOperator',
    hostname: 'worker-1',
    pool: 'default_pool',
    queue: 'default',
    note: null,
    renderedMapIndex: null,
    ...overrides,
  };
}
