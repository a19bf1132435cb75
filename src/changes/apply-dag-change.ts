import type { AccessControl } from '../access/access-control';
import type { DeploymentConfig } from '../config/types';
import { asBotError, BotError } from '../errors';
import type { RunOnce } from '../idempotency/run-once';
import type { Snooze, SnoozeStore } from '../snoozes/snooze-store';
import type { Actor } from './change';
import { recordAudit, type AttemptEvent, type RecordAuditDeps } from './record-audit';

/**
 * A change to a whole DAG's alerts rather than to one task instance: a snooze (until when, and the
 * alert it was set from, whose thread counts what it holds back) or its end.
 */
export type DagChange = { kind: 'snooze'; until: number; alert?: { channel: string; ts: string } } | { kind: 'unsnooze' };

/** What a DAG change needs besides the audit trail: who may act, the idempotency store, the snoozes. */
export interface DagChangeDeps extends RecordAuditDeps {
  access: AccessControl;
  once: RunOnce;
  snoozes: SnoozeStore;
}

export interface DagChangeRequest {
  actor: Actor;
  deployment: DeploymentConfig;
  dagId: string;
  change: DagChange;
  /** Applied at most once per key (a Slack job's request id): a redelivered job changes nothing twice. */
  key: string;
  requestId?: string;
}

/** What became of a DAG change; plain data (a keyed retry is answered from the stored copy). */
export type DagChangeOutcome =
  /** The snooze as set, or the one an unsnooze ended. */
  | { status: 'applied'; snooze: Snooze }
  /** An unsnooze of a DAG with no snooze holding: nothing changed. */
  | { status: 'not_snoozed' };

/** The audit trail's target of a DAG change: the DAG, not one of its task instances. */
export function dagTarget(dagId: string): string {
  return `dag:${dagId}`;
}

/**
 * Applies a snooze or unsnooze through the change service's steps, without Airflow (nothing is
 * sent to it and no note written):
 * 1. permission: only a Slack user among the deployment's `actors` (`canAct`); a webhook source
 *    never; a refusal is recorded and nothing is stored;
 * 2. the guard: once per key;
 * 3. the attempt recorded in the audit trail before anything changes (a trail that is down stops it);
 * 4. the snooze stored (or ended) and its `applied` record, whose reason says until when.
 *
 * @throws `BotError('permission_denied')` when refused, `BotError('unavailable')` when a store is down.
 * @example
 * await applyDagChange(deps, { actor, deployment, dagId: 'etl_daily', change: { kind: 'snooze', until }, key: `slack:snooze:${requestId}` });
 */
export async function applyDagChange(deps: DagChangeDeps, request: DagChangeRequest): Promise<{ outcome: DagChangeOutcome; replayed: boolean }> {
  const { actor, deployment, dagId, change } = request;
  const ids = request.requestId === undefined ? {} : { requestId: request.requestId };
  const record = (event: Pick<AttemptEvent, 'outcome' | 'reason'>, options?: { required?: boolean }) =>
    recordAudit(deps, actor, { deployment: deployment.name, action: change.kind, target: dagTarget(dagId), ...ids, ...event }, options);

  const allowed =
    actor.kind === 'slack' && (await deps.access.canAct(deployment, { userId: actor.userId, teamId: actor.teamId, channelId: actor.channelId }));
  if (!allowed) {
    await record({ outcome: 'refused', reason: actor.kind === 'slack' ? 'not an actor of this deployment' : 'sources may not snooze' });
    throw new BotError('permission_denied', `You may not ${change.kind} alerts in ${deployment.displayName}. Nothing was changed.`);
  }
  const payload = { deployment: deployment.name, dagId, change };
  const { value, replayed } = await deps.once.run(request.key, payload, async (): Promise<DagChangeOutcome> => {
    await record({ outcome: 'allowed', reason: 'asked' }, { required: true });
    try {
      return await store(deps, actor, deployment.name, dagId, change, record);
    } catch (error) {
      const botError = asBotError(error);
      await record({ outcome: 'failed', reason: botError.kind });
      throw botError;
    }
  });
  return { outcome: value, replayed };
}

async function store(
  deps: DagChangeDeps,
  actor: Actor,
  deployment: string,
  dagId: string,
  change: DagChange,
  record: (event: Pick<AttemptEvent, 'outcome' | 'reason'>) => Promise<boolean>,
): Promise<DagChangeOutcome> {
  if (change.kind === 'unsnooze') {
    const ended = await deps.snoozes.end(deployment, dagId);
    if (ended === undefined) {
      await record({ outcome: 'refused', reason: 'not snoozed' });
      return { status: 'not_snoozed' };
    }
    await record({ outcome: 'applied', reason: `snooze until ${new Date(ended.until).toISOString()} ended` });
    return { status: 'applied', snooze: ended };
  }
  const snooze: Snooze = {
    deployment,
    dagId,
    until: change.until,
    at: deps.clock(),
    by: actor.kind === 'slack' ? actor.userId : `source:${actor.name}`,
    ...(change.alert === undefined ? {} : { alert: change.alert }),
    suppressedRuns: [],
  };
  await deps.snoozes.put(snooze);
  await record({ outcome: 'applied', reason: `until ${new Date(change.until).toISOString()}` });
  return { status: 'applied', snooze };
}
