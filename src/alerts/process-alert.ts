import type { AirflowClient } from '../airflow/client';
import type { TaskInstance, TaskInstanceRef } from '../airflow/model';
import { actorId, type AcknowledgersOf, type ChangeListener } from '../changes/change';
import type { DeploymentConfig, DeploymentRegistry } from '../config/types';
import { asBotError, BotError } from '../errors';
import { runUiUrl, taskInstanceUiUrl } from '../links/airflow-ui';
import { fieldPath } from '../config/zod-issues';
import { alertEventSchema, isTaskEvent, type AlertEvent } from './alert-event';
import { renderAlert, type AlertRendererDeps } from './alert-renderer';
import { routeAlert } from './alert-routes';
import type { InboxEntry } from './alert-store';
import type { RunKey } from './alert-state';
import { acknowledgersAfter, startsAlert, type AlertInit, type Observation } from './alert-transitions';
import { holdIfSnoozed } from './snoozed-failure';
import type { SnoozeStore } from '../snoozes/snooze-store';

/** An accepted alert event, handed from the alerts endpoint to the work that shows it. */
export interface AlertJob {
  kind: 'alert';
  /** The source that signed it. */
  source: string;
  /** Its `webhook-id`, for the logs. */
  webhookId: string;
  event: AlertEvent;
}

export interface AlertProcessorDeps extends AlertRendererDeps {
  registry: DeploymentRegistry;
  /** The DAGs whose new alerts are held back (`/airflow snooze`); absent: none ever is. */
  snoozes?: SnoozeStore;
}

/**
 * Shows one alert event in Slack. The ids are all it trusts: it reads the task instance (or the
 * run and its failed task instances) from Airflow, updates the run's alert state, and renders it
 * (one message per run, edited in place, with a thread line per change). An event about nothing
 * Airflow knows, or that changes nothing (a duplicate, an older try), ends here with a log line.
 *
 * @throws `BotError` when Airflow, DynamoDB or Slack fail: the job may be retried, and a retry
 *   changes nothing twice.
 */
export async function processAlert(job: AlertJob, deps: AlertProcessorDeps): Promise<void> {
  // The endpoint checked it, but the worker is a Lambda anyone allowed to invoke it can call, and
  // a job queued by an older version may not pass today's checks: a retry would fail the same way.
  const checked = alertEventSchema.safeParse(job.event);
  if (!checked.success) {
    const field = fieldPath(checked.error.issues[0]?.path ?? []);
    deps.logger.warn({ source: job.source, webhookId: job.webhookId, field }, 'alert job that is not an alert event dropped');
    return;
  }
  const event = checked.data;
  const log = { source: job.source, webhookId: job.webhookId, type: event.event, deployment: event.deployment };
  const deployment = deps.registry.deployments.find((candidate) => candidate.name === event.deployment);
  if (deployment === undefined) {
    deps.logger.warn(log, 'alert for a deployment not in the registry dropped');
    return;
  }
  const destination = routeAlert(deployment, event.dag_id);
  if (destination === undefined) {
    deps.logger.warn({ ...log, dagId: event.dag_id }, 'alert dropped: no alert route or default channel for this DAG');
    return;
  }
  const client = deps.airflow.get(deployment.name);
  let observation: Observation;
  try {
    observation = await observe(event, deployment, client);
  } catch (error) {
    const botError = asBotError(error);
    if (botError.kind !== 'not_found') throw botError;
    deps.logger.warn({ ...log, reason: botError.userMessage }, 'alert about something Airflow does not know dropped');
    return;
  }
  const key: RunKey = { deployment: deployment.name, dagId: event.dag_id, runId: event.run_id };
  // Only a failure starts an alert: anything else about a run with none is dropped before it is
  // stored. A failure that would start one while its DAG is snoozed is held back; a run already
  // alerted keeps its alert, snoozed or not.
  const starts = startsAlert(observation);
  if (!starts || deps.snoozes !== undefined) {
    const alerted = (await deps.store.get(key)) !== undefined;
    if (!alerted && !starts) {
      deps.logger.info(log, 'alert event changes nothing; dropped');
      return;
    }
    if (!alerted && deps.snoozes !== undefined && (await holdIfSnoozed(key, { ...deps, snoozes: deps.snoozes }))) return;
  }
  const init: AlertInit = {
    key,
    channel: destination.channel,
    deploymentDisplay: deployment.displayName,
    ...(destination.mention === undefined ? {} : { mention: destination.mention }),
    runUiUrl: runUiUrl(deployment.uiUrl, (await client.version()).dialect, key),
  };
  const occurredAt = Date.parse(event.occurred_at ?? '');
  await appendObservation(init, { observation, at: deps.clock(), ...(Number.isFinite(occurredAt) ? { occurredAt } : {}) }, deps);
  await renderAlert(key, deps);
}

/** Tries to store an observation in a full inbox; each try folds it when no renderer is at work. */
const APPEND_ATTEMPTS = 20;

/**
 * Stores the observation. A full inbox (a burst of events faster than Slack can be told) is folded
 * here when no renderer holds the lease, else waited on; after that the job fails and is retried.
 */
async function appendObservation(init: AlertInit, entry: InboxEntry, deps: AlertProcessorDeps): Promise<void> {
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
    if ((await deps.store.append(init, entry)) === 'appended') return;
    await renderAlert(init.key, deps);
    await deps.sleep(deps.coalesceMs);
  }
  throw new BotError('unavailable', 'The alert inbox stayed full: no renderer folded it in time.', {
    details: { deployment: init.key.deployment, dagId: init.key.dagId },
  });
}

/**
 * The alert feature's change listener: after a mark or clear (from Slack, from a webhook), if the
 * run has an alert that lists the task instance, its line shows who or what acted (`<@U1>`,
 * `source:dq-monitor`), and the alert is shown again. An acknowledgement (or its taking back) is
 * recorded on the run's alert in the order given, without asking Airflow anything. Does nothing
 * when the run has no alert, or for a note.
 *
 * @example
 * const listeners = [alertChangeListener(alertDeps)]; // handed to the change service by src/runtime
 */
export function alertChangeListener(deps: AlertProcessorDeps): ChangeListener {
  return async (change) => {
    // A note changes no state, and an answer's words are a DAG author's (its own message shows it).
    if (change.change.kind === 'note' || change.change.kind === 'answer') return;
    const key: RunKey = { deployment: change.deployment, dagId: change.target.dagId, runId: change.target.runId };
    const current = await deps.store.get(key);
    if (current === undefined) return;
    const by = actorId(change.actor);
    let observation: Observation;
    if (change.change.kind === 'acknowledge') observation = { kind: 'acknowledged', userId: by };
    else if (change.change.kind === 'unacknowledge') observation = { kind: 'unacknowledged', userId: change.change.userId, by };
    else observation = { kind: 'action', userId: by, verb: change.verb, ti: await deps.airflow.get(change.deployment).getTaskInstance(change.target) };
    await appendObservation(current.init, { observation, at: deps.clock() }, deps);
    await renderAlert(key, deps);
  };
}

/**
 * Who has acknowledged a run's alert, in order, counting the acknowledgements not shown yet: what
 * the Acknowledge button reads to tell an acknowledgement from a taking back. `undefined` when the
 * run has no alert (or it expired). Handed to the Slack worker by `src/runtime`.
 */
export function alertAcknowledgers(deps: Pick<AlertProcessorDeps, 'store'>): AcknowledgersOf {
  return async (run) => {
    const current = await deps.store.get(run);
    if (current === undefined) return undefined;
    return acknowledgersAfter(current.doc, current.inbox.map((entry) => entry.observation));
  };
}

async function observe(event: AlertEvent, deployment: DeploymentConfig, client: AirflowClient): Promise<Observation> {
  const uiUrlOf = async (ref: TaskInstanceRef) => taskInstanceUiUrl(deployment.uiUrl, (await client.version()).dialect, ref);
  if (isTaskEvent(event)) {
    const ref = { dagId: event.dag_id, runId: event.run_id, taskId: event.task_id, mapIndex: event.map_index };
    const ti = await client.getTaskInstance(ref);
    return { kind: 'task', ti, uiUrl: await uiUrlOf(ref) };
  }
  const run = await client.resolveRun(event.dag_id, { kind: 'id', runId: event.run_id });
  // Airflow's word over the event's, when it has one.
  const state = run.state === 'success' || run.state === 'failed' ? run.state : event.event === 'dag_run.success' ? 'success' : 'failed';
  const failedTis: TaskInstance[] = state === 'failed' ? await client.listTaskInstances(event.dag_id, event.run_id, ['failed', 'upstream_failed']) : [];
  // Only the first can become the card: the others need no page.
  const [first, ...rest] = failedTis;
  const failed = first === undefined ? [] : [{ ti: first, uiUrl: await uiUrlOf(first) }, ...rest.map((ti) => ({ ti }))];
  return { kind: 'run', state, failed };
}

