import { UNMAPPED, type TaskInstance } from '../airflow/model';
import { inlineCode } from '../views/mrkdwn-code';
import { stateLabel } from '../views/state-emoji';
import { tryOfTotal } from '../views/try-text';
import { actorMention } from '../views/user-mention';
import { isFailing, isRecovered, type AlertDoc, type AlertTask, type RunKey } from './alert-state';
import {
  formatUnlisted,
  LISTED_MAX,
  parseUnlisted,
  UNLISTED_MAX,
  unlistedKey,
  unlistedRecord,
  unlistedState,
  type UnlistedTask,
} from './unlisted-tasks';

/** What the alert keeps of a task instance Airflow described. */
export type ObservedTask = Pick<TaskInstance, 'taskId' | 'mapIndex' | 'state' | 'tryNumber' | 'maxTries' | 'operator' | 'startDate' | 'endDate'>;

/**
 * What the bot learnt about a run, from Airflow (never from the event's text) or from an action
 * taken in Slack. Applying one to an alert gives the next alert, or nothing when it changes nothing.
 */
export type Observation =
  /** A task instance as Airflow describes it after one of its events. */
  | { kind: 'task'; ti: ObservedTask; uiUrl: string }
  /**
   * The run as Airflow describes it after a DAG-run event, with its failed task instances: in full
   * (`failed`), and once compacted by {@link compactObservation}, the ones after the first
   * `LISTED_MAX` as records (`more`) and the ones after `UNLISTED_MAX` of those as a count.
   */
  | {
      kind: 'run';
      state: 'failed' | 'success';
      failed: { ti: ObservedTask; uiUrl?: string }[];
      more?: string;
      moreCounted?: number;
    }
  /** Someone changed a task instance from Slack; `ti` is how Airflow describes it afterwards. */
  | { kind: 'action'; userId: string; verb: string; ti: ObservedTask }
  /** `userId` acknowledged the alert from Slack (nothing was asked of Airflow). */
  | { kind: 'acknowledged'; userId: string }
  /** `by` took back `userId`'s acknowledgement (their own, or an actor someone else's). */
  | { kind: 'unacknowledged'; userId: string; by: string };

/** What a new alert needs besides the observation: where it goes and what it shows first. */
export interface AlertInit {
  key: RunKey;
  channel: string;
  mention?: string;
  deploymentDisplay: string;
  runUiUrl?: string;
}

/** Lines kept unposted at most; older ones are dropped (their tasks are on the message). */
const MAX_PENDING_LINES = 200;
const LINE_ID_MAX = 120;
/** Airflow's limit on ids; an operator name or a date longer than this is cut. */
const FIELD_MAX = 250;

/**
 * The observation as stored: only the fields an alert shows, and a run's failed task instances
 * bounded (the first `LISTED_MAX` in full, the first page's link only; then records; then a
 * count), so an observation of a run with any number of failures stays a few tens of KB.
 */
export function compactObservation(observation: Observation): Observation {
  if (observation.kind === 'acknowledged' || observation.kind === 'unacknowledged') return observation;
  if (observation.kind !== 'run') return { ...observation, ti: observed(observation.ti) };
  const failed = observation.failed
    .slice(0, LISTED_MAX)
    .map(({ ti, uiUrl }, index) => (index === 0 && uiUrl !== undefined ? { ti: observed(ti), uiUrl } : { ti: observed(ti) }));
  const records = [...parseUnlisted(observation.more).entries()];
  const rest = observation.failed.slice(LISTED_MAX);
  const room = Math.max(0, UNLISTED_MAX - records.length);
  const kept = formatUnlisted(new Map(records)) + rest.slice(0, room).map(({ ti }) => unlistedRecord(ti)).join('');
  const counted = (observation.moreCounted ?? 0) + Math.max(0, rest.length - room);
  return {
    kind: 'run',
    state: observation.state,
    failed,
    ...(kept === '' ? {} : { more: kept }),
    ...(counted === 0 ? {} : { moreCounted: counted }),
  };
}

function observed(ti: ObservedTask): ObservedTask {
  const cut = (text: string | null) => (text === null ? null : text.slice(0, FIELD_MAX));
  return {
    taskId: ti.taskId,
    mapIndex: ti.mapIndex,
    state: ti.state,
    tryNumber: ti.tryNumber,
    maxTries: ti.maxTries,
    operator: cut(ti.operator),
    startDate: cut(ti.startDate),
    endDate: cut(ti.endDate),
  };
}

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
  const unlisted = parseUnlisted(doc.unlisted);
  let changed = false;
  switch (observation.kind) {
    case 'task':
      changed = applyTask(doc, unlisted, observation.ti, observation.uiUrl);
      break;
    case 'run':
      for (const { ti, uiUrl } of observation.failed) changed = applyTask(doc, unlisted, ti, uiUrl) || changed;
      changed = applyRecords(doc, unlisted, observation) || changed;
      if (doc.runState !== observation.state) {
        doc.runState = observation.state;
        addLine(doc, observation.state === 'failed' ? 'The run failed.' : 'The run succeeded.');
        changed = true;
      }
      break;
    case 'action':
      changed = applyAction(doc, observation);
      break;
    case 'acknowledged':
    case 'unacknowledged':
      changed = applyAcknowledgement(doc, observation, now);
      break;
  }
  if (!changed) return undefined;
  if (unlisted.size > 0) doc.unlisted = formatUnlisted(unlisted);
  updateResolution(doc, unlisted, wasResolved, now);
  return doc;
}

function findTask(doc: AlertDoc, ti: Pick<TaskInstance, 'taskId' | 'mapIndex'>): number {
  return doc.tasks.findIndex((task) => task.taskId === ti.taskId && task.mapIndex === ti.mapIndex);
}

/**
 * A task instance joins the list while it has room, then the records, then the count; a listed
 * or recorded one is updated. A recovery of one the alert does not know counts as one of the
 * counted ones recovering, when there are any (they are the only failures it cannot recognise).
 */
function applyTask(doc: AlertDoc, unlisted: Map<string, UnlistedTask>, ti: ObservedTask, uiUrl?: string): boolean {
  const index = findTask(doc, ti);
  if (index !== -1) return updateListed(doc, index, ti);
  const key = unlistedKey(ti);
  const known = unlisted.get(key);
  if (known !== undefined) return updateUnlisted(doc, unlisted, key, known, ti);
  if (isFailing(ti.state)) {
    if (doc.tasks.length < LISTED_MAX) {
      if (doc.tasks.length === doc.primary && uiUrl !== undefined) doc.primaryUiUrl = uiUrl;
      doc.tasks.push({ ...describe(ti), firstFailedTry: ti.tryNumber });
    } else if (unlisted.size < UNLISTED_MAX) {
      unlisted.set(key, { state: unlistedState(ti.state), tryNumber: ti.tryNumber });
    } else {
      doc.beyond = { failing: (doc.beyond?.failing ?? 0) + 1, recovered: doc.beyond?.recovered ?? 0 };
    }
    addLine(doc, `${taskName(ti)} ${stateLabel(ti.state)} (try ${tryOfTotal(ti)}).`);
    return true;
  }
  // Only failures join the alert; a success of a task that never failed is not news.
  if (!isRecovered(ti.state) || doc.beyond === undefined || doc.beyond.failing === 0) return false;
  doc.beyond = { failing: doc.beyond.failing - 1, recovered: doc.beyond.recovered + 1 };
  addLine(doc, recoveredLine(ti, ti.tryNumber > 1 ? 'a retry' : `${stateLabel(ti.state)} set in Airflow`));
  return true;
}

function updateListed(doc: AlertDoc, index: number, ti: ObservedTask): boolean {
  const task = doc.tasks[index]!;
  // The same state and try again (a duplicate), or an older try arriving late: nothing new.
  if (ti.tryNumber < task.tryNumber) return false;
  if (ti.tryNumber === task.tryNumber && ti.state === task.state) return false;
  const before = task;
  const after: AlertTask = { ...before, ...describe(ti) };
  if (isRecovered(ti.state)) {
    after.fixedBy = fixer(before, ti);
    delete after.pendingFix;
    addLine(doc, recoveredLine(ti, after.fixedBy));
  } else {
    if (isFailing(ti.state)) {
      delete after.fixedBy;
      delete after.pendingFix;
    }
    addLine(doc, changeLine(ti));
  }
  doc.tasks[index] = after;
  return true;
}

function updateUnlisted(doc: AlertDoc, unlisted: Map<string, UnlistedTask>, key: string, known: UnlistedTask, ti: ObservedTask): boolean {
  const state = unlistedState(ti.state);
  if (ti.tryNumber < known.tryNumber) return false;
  if (ti.tryNumber === known.tryNumber && state === known.state) return false;
  unlisted.set(key, { state, tryNumber: ti.tryNumber });
  doc.unlistedRetries = (doc.unlistedRetries ?? 0) + (ti.tryNumber - known.tryNumber);
  const fixedBy = ti.tryNumber > known.tryNumber ? 'a retry' : `${stateLabel(ti.state)} set in Airflow`;
  addLine(doc, isRecovered(ti.state) ? recoveredLine(ti, fixedBy) : changeLine(ti));
  return true;
}

/**
 * A run's failed task instances after its first `LISTED_MAX`, as records: a listed one is
 * updated, a recorded one too, a new one is recorded (or counted when the records are full).
 * They have no ids to show, so their changes make one thread line together.
 */
function applyRecords(doc: AlertDoc, unlisted: Map<string, UnlistedTask>, observation: Extract<Observation, { kind: 'run' }>): boolean {
  const records = parseUnlisted(observation.more);
  const listed = new Map(doc.tasks.map((task, index) => [unlistedKey(task), index]));
  let changed = false;
  let failedAgain = 0;
  let notFollowed = observation.moreCounted ?? 0;
  for (const [key, record] of records) {
    const index = listed.get(key);
    if (index !== undefined) {
      changed = updateListed(doc, index, { ...doc.tasks[index]!, state: record.state, tryNumber: record.tryNumber }) || changed;
      continue;
    }
    const known = unlisted.get(key);
    if (known !== undefined && (record.tryNumber < known.tryNumber || (record.tryNumber === known.tryNumber && record.state === known.state))) {
      continue;
    }
    if (known === undefined && unlisted.size >= UNLISTED_MAX) {
      notFollowed += 1;
      continue;
    }
    if (known !== undefined) doc.unlistedRetries = (doc.unlistedRetries ?? 0) + (record.tryNumber - known.tryNumber);
    if (known === undefined || !isFailing(known.state)) failedAgain += 1;
    unlisted.set(key, record);
    changed = true;
  }
  // A run is reported whole each time: counted failures are the most any report left unfollowed.
  if (notFollowed > (doc.beyond?.failing ?? 0)) {
    failedAgain += notFollowed - (doc.beyond?.failing ?? 0);
    doc.beyond = { failing: notFollowed, recovered: doc.beyond?.recovered ?? 0 };
    changed = true;
  }
  if (failedAgain > 0) addLine(doc, `${failedAgain} more task instance${failedAgain === 1 ? '' : 's'} failing.`);
  return changed;
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

/**
 * Keeps the acknowledgers in the order they acknowledged, each once: a second click by the same
 * user, or taking back what is not there, changes nothing.
 */
function applyAcknowledgement(
  doc: AlertDoc,
  observation: Extract<Observation, { kind: 'acknowledged' | 'unacknowledged' }>,
  now: number,
): boolean {
  const current = doc.acknowledgements ?? [];
  const has = current.some((ack) => ack.userId === observation.userId);
  if (observation.kind === 'acknowledged') {
    if (has) return false;
    doc.acknowledgements = [...current, { userId: observation.userId, at: now }];
    addLine(doc, `👀 Acknowledged by ${actorMention(observation.userId)}.`);
    return true;
  }
  if (!has) return false;
  const rest = current.filter((ack) => ack.userId !== observation.userId);
  if (rest.length === 0) delete doc.acknowledgements;
  else doc.acknowledgements = rest;
  const whose = observation.by === observation.userId ? 'their' : `${actorMention(observation.userId)}'s`;
  addLine(doc, `${actorMention(observation.by)} took back ${whose} acknowledgement.`);
  return true;
}

/**
 * Who has acknowledged the alert once `pending` is folded in, in order: what the next render will
 * show (the Acknowledge button's toggle reads it).
 */
export function acknowledgersAfter(doc: AlertDoc | undefined, pending: readonly Observation[]): string[] {
  const users = (doc?.acknowledgements ?? []).map((ack) => ack.userId);
  for (const observation of pending) {
    if (observation.kind === 'acknowledged' && !users.includes(observation.userId)) users.push(observation.userId);
    if (observation.kind === 'unacknowledged') users.splice(0, users.length, ...users.filter((user) => user !== observation.userId));
  }
  return users;
}

/** Who or what fixed a task that recovered. */
function fixer(before: AlertTask, ti: ObservedTask): string {
  if (before.pendingFix !== undefined) {
    return `${actorMention(before.pendingFix.userId)} (${before.pendingFix.verb.toLowerCase()})`;
  }
  if (ti.tryNumber > before.firstFailedTry) return 'a retry';
  return `${stateLabel(ti.state)} set in Airflow`;
}

/** Resolved when every failed task instance recovered, or the run succeeded; a new failure reopens it. */
function updateResolution(doc: AlertDoc, unlisted: ReadonlyMap<string, UnlistedTask>, wasResolved: boolean, now: number): void {
  const allRecovered =
    doc.tasks.length > 0 &&
    doc.tasks.every((task) => isRecovered(task.state)) &&
    [...unlisted.values()].every((task) => isRecovered(task.state)) &&
    (doc.beyond?.failing ?? 0) === 0;
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
export function resolvedSentence(doc: Pick<AlertDoc, 'tasks' | 'unlistedRetries'>, elapsedMs: number): string {
  return `Resolved after ${retriesText(doc)}, ${Math.max(0, Math.round(elapsedMs / 60_000))} min.`;
}

/** "2 retries", "1 retry", "no retries": tries run after each task instance first failed. */
export function retriesText(doc: Pick<AlertDoc, 'tasks' | 'unlistedRetries'>): string {
  const listed = doc.tasks.reduce((sum, task) => sum + Math.max(0, task.tryNumber - task.firstFailedTry), 0);
  const retries = listed + (doc.unlistedRetries ?? 0);
  if (retries === 0) return 'no retries';
  return `${retries} ${retries === 1 ? 'retry' : 'retries'}`;
}

function recoveredLine(ti: ObservedTask, fixedBy: string): string {
  return `${taskName(ti)} recovered: ${stateLabel(ti.state)} on try ${ti.tryNumber}, fixed by ${fixedBy}.`;
}

function changeLine(ti: ObservedTask): string {
  if (isFailing(ti.state)) return `${taskName(ti)} ${stateLabel(ti.state)} (try ${tryOfTotal(ti)}).`;
  return `${taskName(ti)} is ${stateLabel(ti.state)} (try ${tryOfTotal(ti)}).`;
}

function describe(ti: ObservedTask): Omit<AlertTask, 'firstFailedTry' | 'fixedBy' | 'pendingFix'> {
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
