import type { DeploymentRegistry } from '../config/types';
import type { SnoozeStore } from '../snoozes/snooze-store';
import type { AlertLog } from './alert-log';
import { isAcknowledged, isOpen, type AlertDocView, type AlertRecord } from './alert-record';

/** The window a digest reports on. */
export const DIGEST_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Alerts still open are looked for this far back (older ones are past the alerts' 7-day TTL soon anyway). */
export const OPEN_LOOKBACK_MS = 3 * DIGEST_WINDOW_MS;

/** One run's alert as the digest shows it. */
export interface DigestRun {
  deployment: string;
  deploymentDisplay: string;
  dagId: string;
  runId: string;
  createdAt: number;
  resolvedAt?: number;
  /** Who or what fixed its task instances (mrkdwn from the alert: `a retry`, `<@U1> (cleared)`), each once. */
  fixedBy: string[];
  /** Task instances listed on the alert still failing. */
  failing: number;
  acknowledgedBy: string[];
  snoozedFailures: number;
}

/** A DAG snoozed at some time in the window, with the runs its snooze held back. */
export interface DigestSnooze {
  deployment: string;
  deploymentDisplay: string;
  dagId: string;
  /** When it ends, or ended (milliseconds). */
  until: number;
  /** Runs held back over the snooze's whole life (the store keeps no time per run). */
  heldBack: number;
}

/** A channel's last 24 hours of alerts, from the alert store. */
export interface Digest {
  channel: string;
  since: number;
  until: number;
  /** Runs whose alert began in the window. */
  failedCount: number;
  /** Runs resolved in the window, newest first. */
  recovered: DigestRun[];
  /** Runs still unresolved (begun in the window or up to three days before), oldest first. */
  open: DigestRun[];
  /** Alerts in the digest someone acknowledged. */
  acknowledgedCount: number;
  /**
   * Failures snoozed: the runs the listed snoozes held back when they were read (`snoozes`),
   * otherwise the counts on the alerts in the digest.
   */
  snoozedFailures: number;
  /** The channel's deployments' DAGs snoozed at some time in the window, soonest to end first. */
  snoozes: DigestSnooze[];
  /** Alerts the channel's day lists could not hold: counted in no section. */
  notListed: number;
}

/**
 * The digest of `records` for the window ending at `now`. Pure: the records are the channel's
 * alerts as stored (see {@link loadDigest}).
 *
 * @example
 * buildDigest(records, { channel: 'C1', now: Date.now() }).open.length // alerts still failing
 */
export function buildDigest(
  records: readonly AlertRecord[],
  options: { channel: string; now: number; notListed?: number; snoozes?: readonly DigestSnooze[] },
): Digest {
  const since = options.now - DIGEST_WINDOW_MS;
  const runs = records.map((record) => record.doc).filter((doc) => doc.channel === options.channel);
  const inDigest = runs.filter((doc) => doc.createdAt >= since || isOpen(doc) || doc.resolvedAt! >= since);
  return {
    channel: options.channel,
    since,
    until: options.now,
    failedCount: inDigest.filter((doc) => doc.createdAt >= since).length,
    recovered: inDigest
      .filter((doc) => !isOpen(doc))
      .sort((a, b) => b.resolvedAt! - a.resolvedAt!)
      .map(digestRun),
    open: inDigest
      .filter(isOpen)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(digestRun),
    acknowledgedCount: inDigest.filter(isAcknowledged).length,
    snoozedFailures:
      options.snoozes === undefined
        ? inDigest.reduce((sum, doc) => sum + (doc.snoozedFailures ?? 0), 0)
        : options.snoozes.reduce((sum, snooze) => sum + snooze.heldBack, 0),
    snoozes: [...(options.snoozes ?? [])],
    notListed: options.notListed ?? 0,
  };
}

function digestRun(doc: AlertDocView): DigestRun {
  const fixedBy = [...new Set(doc.tasks.flatMap((task) => (task.fixedBy === undefined ? [] : [task.fixedBy])))];
  if (!isOpen(doc) && fixedBy.length === 0 && doc.runState === 'success') fixedBy.push('the run succeeding');
  return {
    deployment: doc.key.deployment,
    deploymentDisplay: doc.deploymentDisplay,
    dagId: doc.key.dagId,
    runId: doc.key.runId,
    createdAt: doc.createdAt,
    ...(doc.resolvedAt === undefined ? {} : { resolvedAt: doc.resolvedAt }),
    fixedBy,
    failing: doc.tasks.filter((task) => task.state === 'failed' || task.state === 'up_for_retry' || task.state === 'upstream_failed').length,
    acknowledgedBy: [...new Set((doc.acknowledgements ?? []).map((ack) => ack.userId))],
    snoozedFailures: doc.snoozedFailures ?? 0,
  };
}

/** Where a digest finds what was snoozed: the snooze store and the registry (the channel's deployments). */
export interface DigestSnoozeSource {
  store: Pick<SnoozeStore, 'listSince'>;
  registry: DeploymentRegistry;
}

/**
 * The deployments whose alerts go to `channel`: it is one of their default channels or the channel
 * of one of their alert routes.
 */
export function channelDeployments(registry: DeploymentRegistry, channel: string): DeploymentRegistry['deployments'] {
  return registry.deployments.filter(
    (deployment) => deployment.defaultChannels.includes(channel) || (deployment.alertRoutes ?? []).some((route) => route.channel === channel),
  );
}

/**
 * A channel's digest from the alert store: the alerts posted there in the last three days (still
 * open ones count however old), read through the channel's day lists, never from Airflow.
 * `include` keeps only the deployments a reader may see. With `snoozes`, the DAGs of the channel's
 * deployments snoozed in the window are listed with the runs held back.
 */
export async function loadDigest(
  log: Pick<AlertLog, 'listChannel' | 'read'>,
  channel: string,
  now: number,
  include: (deployment: string) => boolean = () => true,
  snoozes?: DigestSnoozeSource,
): Promise<Digest> {
  const listed = await log.listChannel(channel, now - OPEN_LOOKBACK_MS, now);
  const records = (await log.read(listed.pks)).filter((record) => include(record.doc.key.deployment));
  const snoozed = snoozes === undefined ? undefined : await loadSnoozes(snoozes, channel, now - DIGEST_WINDOW_MS, include);
  return buildDigest(records, { channel, now, notListed: listed.notListed, ...(snoozed === undefined ? {} : { snoozes: snoozed }) });
}

async function loadSnoozes(source: DigestSnoozeSource, channel: string, since: number, include: (deployment: string) => boolean): Promise<DigestSnooze[]> {
  const deployments = channelDeployments(source.registry, channel).filter((deployment) => include(deployment.name));
  const display = new Map(deployments.map((deployment) => [deployment.name, deployment.displayName]));
  const snoozes = await source.store.listSince([...display.keys()], since);
  return snoozes.map((snooze) => ({
    deployment: snooze.deployment,
    deploymentDisplay: display.get(snooze.deployment) ?? snooze.deployment,
    dagId: snooze.dagId,
    until: snooze.until,
    heldBack: snooze.suppressedRuns.length,
  }));
}
