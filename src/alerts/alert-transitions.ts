import { UNMAPPED, type TaskInstance } from '../airflow/model';
import { inlineCode } from '../views/mrkdwn-code';
import { stateLabel } from '../views/state-emoji';
import { tryOfTotal } from '../views/try-text';
import { actorMention } from '../views/user-mention';
import { isFailing, isRecovered, type AlertDoc, type AlertTask, type RunKey } from './alert-state';

/**
 * What the bot learnt about a run, from Airflow (never from the event's text) or from an action
 * taken in Slack. Applying one to an alert gives the next alert, or nothing when it changes nothing.
 */
export type Observation =
  /** A task instance as Airflow describes it after one of its events. */
  | { kind: 'task'; ti: TaskInstance; uiUrl: string }
  /** The run as Airflow describes it after a DAG-run event, with its failed task instances. */
  | { kind: 'run'; state: 'failed' | 'success'; failed: { ti: TaskInstance; uiUrl: string }[] }
  /** Someone changed a task instance from Slack; `ti` is how Airflow describes it afterwards. */
  | { kind: 'action'; userId: string; verb: string; ti: TaskInstance };

/** What a new alert needs besides the observation: where it goes and what it shows first. */
export interface AlertInit {
  key: RunKey;
  channel: string;
  mention?: string;
  deploymentDisplay: string;
  runUiUrl?: string;
}

/** Lines kept unposted at most; older ones are dropped (their tasks are on the message). */
const MAX_PENDING_LINES = 500;
const LINE_ID_MAX = 120;

/**
 * The alert after `observation`, or `undefined` when nothing changes: a duplicate or an older
 * event, a success of a run that never failed, an action on a task the alert does not list.
 * A new alert is only ever started by a failure.
 */
export function applyObservation(
  doc: AlertDoc | undefined,
  observation: Observation,
  now: number,
  init: () => AlertInit,
): AlertDoc | undefined {
  if (doc === undefined) {
    if (!startsAlert(observation)) return undefined;
    const base = init();
    const fresh: AlertDoc = {
      key: base.key,
      channel: base.channel,
      deploymentDisplay: base.deploymentDisplay,
      taskUiUrls: [],
      createdAt: now,
      tasks: [],
      primary: 0,
      lines: [],
      lineSeq: 0,
      ...(base.mention === undefined ? {} : { mention: base.mention }),
      ...(base.runUiUrl === undefined ? {} : { runUiUrl: base.runUiUrl }),
    };
    return apply(fresh, observation, now) ?? undefined;
  }
  return apply(structuredClone(doc), observation, now);
}

/** True when the observation may start an alert: a failure. */
export function startsAlert(observation: Observation): boolean {
  if (observation.kind === 'task') return isFailing(observation.ti.state);
  if (observation.kind === 'run') return observation.state === 'failed' && observation.failed.length > 0;
  return false;
}

/** Changes `doc` in place; `undefined` when nothing changed. */
function apply(doc: AlertDoc, observation: Observation, now: number): AlertDoc | undefined {
  const wasResolved = doc.resolvedAt !== undefined;
  let changed = false;
  switch (observation.kind) {
    case 'task':
      changed = applyTask(doc, observation.ti, observation.uiUrl);
      break;
    case 'run':
      for (const { ti, uiUrl } of observation.failed) changed = applyTask(doc, ti, uiUrl) || changed;
      if (doc.runState !== observation.state) {
        doc.runState = observation.state;
        addLine(doc, observation.state === 'failed' ? 'The run failed.' : 'The run succeeded.');
        changed = true;
      }
      break;
    case 'action':
      changed = applyAction(doc, observation);
      break;
  }
  if (!changed) return undefined;
  updateResolution(doc, wasResolved, now);
  return doc;
}

function findTask(doc: AlertDoc, ti: Pick<TaskInstance, 'taskId' | 'mapIndex'>): number {
  return doc.tasks.findIndex((task) => task.taskId === ti.taskId && task.mapIndex === ti.mapIndex);
}

function applyTask(doc: AlertDoc, ti: TaskInstance, uiUrl: string): boolean {
  const index = findTask(doc, ti);
  if (index === -1) {
    // Only failures join the alert; a success of a task that never failed is not news.
    if (!isFailing(ti.state)) return false;
    doc.tasks.push({ ...describe(ti), firstFailedTry: ti.tryNumber });
    doc.taskUiUrls.push(uiUrl);
    addLine(doc, `${taskName(ti)} ${stateLabel(ti.state)} (try ${tryOfTotal(ti)}).`);
    return true;
  }
  const task = doc.tasks[index]!;
  // The same state and try again (a duplicate), or an older try arriving late: nothing new.
  if (ti.tryNumber < task.tryNumber) return false;
  if (ti.tryNumber === task.tryNumber && ti.state === task.state) return false;
  const before = task;
  const after: AlertTask = { ...before, ...describe(ti) };
  if (isRecovered(ti.state)) {
    after.fixedBy = fixer(before, ti);
    delete after.pendingFix;
    addLine(doc, `${taskName(ti)} recovered: ${stateLabel(ti.state)} on try ${ti.tryNumber}, fixed by ${after.fixedBy}.`);
  } else if (isFailing(ti.state)) {
    delete after.fixedBy;
    delete after.pendingFix;
    addLine(doc, `${taskName(ti)} ${stateLabel(ti.state)} (try ${tryOfTotal(ti)}).`);
  } else {
    addLine(doc, `${taskName(ti)} is ${stateLabel(ti.state)} (try ${tryOfTotal(ti)}).`);
  }
  doc.tasks[index] = after;
  return true;
}

function applyAction(doc: AlertDoc, observation: Extract<Observation, { kind: 'action' }>): boolean {
  const index = findTask(doc, observation.ti);
  if (index === -1) return false;
  const task = doc.tasks[index]!;
  const by = actorMention(observation.userId);
  const after: AlertTask = { ...task, ...describe(observation.ti) };
  if (isRecovered(observation.ti.state)) {
    after.fixedBy = `${by} (${observation.verb.toLowerCase()})`;
    delete after.pendingFix;
  } else {
    after.pendingFix = { userId: observation.userId, verb: observation.verb };
    delete after.fixedBy;
  }
  doc.tasks[index] = after;
  addLine(doc, `${observation.verb} ${taskName(observation.ti)} by ${by}.`);
  return true;
}

/** Who or what fixed a task that recovered. */
function fixer(before: AlertTask, ti: TaskInstance): string {
  if (before.pendingFix !== undefined) {
    return `${actorMention(before.pendingFix.userId)} (${before.pendingFix.verb.toLowerCase()})`;
  }
  if (ti.tryNumber > before.firstFailedTry) return 'a retry';
  return `${stateLabel(ti.state)} set in Airflow`;
}

/** Resolved when every failed task instance recovered, or the run succeeded; a new failure reopens it. */
function updateResolution(doc: AlertDoc, wasResolved: boolean, now: number): void {
  const allRecovered = doc.tasks.length > 0 && doc.tasks.every((task) => isRecovered(task.state));
  const resolved = doc.runState === 'success' || allRecovered;
  if (resolved && !wasResolved) {
    doc.resolvedAt = now;
    addLine(doc, resolvedSentence(doc, now - doc.createdAt));
  } else if (!resolved && wasResolved) {
    delete doc.resolvedAt;
    addLine(doc, 'Failing again.');
  }
}

/** `Resolved after 2 retries, 14 min.`: the tries it took and the time since the first failure. */
export function resolvedSentence(doc: Pick<AlertDoc, 'tasks'>, elapsedMs: number): string {
  return `Resolved after ${retriesText(doc)}, ${Math.max(0, Math.round(elapsedMs / 60_000))} min.`;
}

/** "2 retries", "1 retry", "no retries": tries run after each task instance first failed. */
export function retriesText(doc: Pick<AlertDoc, 'tasks'>): string {
  const retries = doc.tasks.reduce((sum, task) => sum + Math.max(0, task.tryNumber - task.firstFailedTry), 0);
  if (retries === 0) return 'no retries';
  return `${retries} ${retries === 1 ? 'retry' : 'retries'}`;
}

function describe(ti: TaskInstance): Omit<AlertTask, 'firstFailedTry' | 'fixedBy' | 'pendingFix'> {
  return {
    taskId: ti.taskId,
    mapIndex: ti.mapIndex,
    state: ti.state,
    tryNumber: ti.tryNumber,
    maxTries: ti.maxTries,
    operator: ti.operator,
    startDate: ti.startDate,
    endDate: ti.endDate,
  };
}

function taskName(ti: Pick<TaskInstance, 'taskId' | 'mapIndex'>): string {
  const mapped = ti.mapIndex === UNMAPPED ? '' : `[${ti.mapIndex}]`;
  return `${inlineCode(ti.taskId, LINE_ID_MAX)}${mapped}`;
}

function addLine(doc: AlertDoc, text: string): void {
  doc.lineSeq += 1;
  doc.lines.push({ seq: doc.lineSeq, text });
  if (doc.lines.length > MAX_PENDING_LINES) doc.lines.splice(0, doc.lines.length - MAX_PENDING_LINES);
}
