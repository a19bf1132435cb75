import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Logger } from '../logging/logger';

/** The CloudWatch namespace of the bot's own metrics. */
export const METRICS_NAMESPACE = 'AirflowSlackOps';

/**
 * The bot's own metrics. Each carries the `service` dimension (`POWERTOOLS_SERVICE_NAME`: the
 * stack, `<service>-<stage>`) and the one named here.
 */
export const METRIC = {
  /** Alert events handed on to be shown: signed ones the alerts endpoint took, and the watcher's. `deployment`. */
  eventsAccepted: 'EventsAccepted',
  /** Requests to `POST /alerts/{source}` answered with an error (4xx or 5xx). `status`: the HTTP status. */
  eventsRefused: 'EventsRefused',
  /** Alert messages posted to Slack (one per run). `deployment`. */
  alertsPosted: 'AlertsPosted',
  /** Alert messages edited in place after a later event. `deployment`. */
  alertsEdited: 'AlertsEdited',
  /**
   * Seconds from when an event happened (its `occurred_at`, the sender's clock) to when Slack
   * showed it; one value per event that changed the alert. `deployment`.
   */
  eventToSlackSeconds: 'EventToSlackSeconds',
  /** Acknowledgements given from an alert's Acknowledge button (taking one back is not counted). `deployment`. */
  acknowledgements: 'Acknowledgements',
  /**
   * Airflow requests that failed for a reason of Airflow's or the bot's (unreachable, timed out,
   * credentials refused, an answer that is not JSON); not `not_found` or `conflict`, which are answers. `deployment`.
   */
  airflowErrors: 'AirflowErrors',
} as const;

/**
 * What the bot counts about itself, buffered until {@link BotMetrics.flush}. Every method only
 * records: nothing is written and nothing can throw until the flush.
 */
export interface BotMetrics {
  eventAccepted(deployment: string): void;
  eventRefused(status: number): void;
  alertPosted(deployment: string): void;
  alertEdited(deployment: string): void;
  eventToSlack(deployment: string, seconds: number): void;
  acknowledged(deployment: string): void;
  airflowError(deployment: string): void;
  /**
   * Writes what was recorded to stdout in CloudWatch's embedded metric format (one line per set
   * of dimensions) and forgets it. Call it before the handler returns: what is left in the buffer
   * of a frozen container is published late or never.
   */
  flush(): void;
}

export interface BotMetricsOptions {
  /**
   * Warnings from Powertools (a metric CloudWatch would refuse).
   *
   * @default Powertools' own console
   */
  logger?: Logger;
  /**
   * The `service` dimension.
   *
   * @default `POWERTOOLS_SERVICE_NAME`, else Powertools' `service_undefined`
   */
  serviceName?: string;
  /**
   * @default {@link METRICS_NAMESPACE}
   */
  namespace?: string;
}

interface Pending {
  dimensions: Record<string, string>;
  counts: Map<string, number>;
  seconds: Map<string, number[]>;
}

/**
 * The bot's metrics through Powertools Metrics. Records are grouped by their dimensions in this
 * object and handed to Powertools only at the flush, one group at a time: concurrent work (the
 * watcher's deployments, in-process alert jobs) never mixes one deployment's dimension into another's
 * line, which one shared Powertools instance would.
 *
 * @example
 * const metrics = createBotMetrics({ logger });
 * metrics.alertPosted('prod');
 * metrics.flush(); // {"_aws":{…"Dimensions":[["service","deployment"]],…},"service":"…","deployment":"prod","AlertsPosted":1}
 */
export function createBotMetrics(options: BotMetricsOptions = {}): BotMetrics {
  const powertools = new Metrics({
    namespace: options.namespace ?? METRICS_NAMESPACE,
    ...(options.serviceName === undefined ? {} : { serviceName: options.serviceName }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const pending = new Map<string, Pending>();
  const group = (dimensions: Record<string, string>): Pending => {
    const key = JSON.stringify(dimensions);
    let found = pending.get(key);
    if (found === undefined) {
      found = { dimensions, counts: new Map(), seconds: new Map() };
      pending.set(key, found);
    }
    return found;
  };
  const count = (name: string, dimensions: Record<string, string>) => {
    const { counts } = group(dimensions);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  };
  return {
    eventAccepted: (deployment) => count(METRIC.eventsAccepted, { deployment }),
    eventRefused: (status) => count(METRIC.eventsRefused, { status: String(status) }),
    alertPosted: (deployment) => count(METRIC.alertsPosted, { deployment }),
    alertEdited: (deployment) => count(METRIC.alertsEdited, { deployment }),
    acknowledged: (deployment) => count(METRIC.acknowledgements, { deployment }),
    airflowError: (deployment) => count(METRIC.airflowErrors, { deployment }),
    eventToSlack(deployment, seconds) {
      const values = group({ deployment }).seconds;
      values.set(METRIC.eventToSlackSeconds, [...(values.get(METRIC.eventToSlackSeconds) ?? []), Math.max(0, seconds)]);
    },
    flush() {
      const groups = [...pending.values()];
      pending.clear();
      for (const { dimensions, counts, seconds } of groups) {
        powertools.addDimensions(dimensions);
        for (const [name, value] of counts) powertools.addMetric(name, MetricUnit.Count, value);
        for (const [name, values] of seconds) for (const value of values) powertools.addMetric(name, MetricUnit.Seconds, value);
        powertools.publishStoredMetrics();
      }
    },
  };
}
