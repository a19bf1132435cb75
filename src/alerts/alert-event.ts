import { z } from 'zod';
import { DEPLOYMENT_NAME } from '../config/deployments-schema';
import { checkedId } from '../protocol/checked-id';

/**
 * The alert event, version 1: what a sending system (the Airflow notifier in
 * `integrations/airflow/`) posts to `POST /alerts/{source}`. The published JSON Schema
 * (`schemas/alert-event.v1.json`) is generated from this one definition by `npm run alert-schema`
 * (`local/build/alert-event-schema.ts`).
 *
 * The bot trusts the ids, not the text: it reads the task instance or run from Airflow before it
 * shows anything. `exception` and `log_url` are hints that are never shown as facts.
 */

/** Airflow's limit on DAG, run and task ids (`ID_LEN`). */
const ID_MAX = 250;
/** Enough for an exception line and a few around it; the cause shown comes from the log. */
export const EXCEPTION_TEXT_MAX = 2000;
const URL_MAX = 2000;

/** Event types about one task instance. */
export const TASK_EVENT_TYPES = ['task_instance.failed', 'task_instance.up_for_retry', 'task_instance.success'] as const;
/** Event types about a whole DAG run. */
export const RUN_EVENT_TYPES = ['dag_run.failed', 'dag_run.success'] as const;
export const ALERT_EVENT_TYPES = [...TASK_EVENT_TYPES, ...RUN_EVENT_TYPES] as const;

export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** An id the bot may send to Airflow: the same check as every other entry point's. */
const airflowId = (what: string) =>
  checkedId(
    z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be a string (the ${what})`) })
      .min(1, { error: 'must not be empty' })
      .max(ID_MAX, { error: `must be at most ${ID_MAX} characters` }),
  );

const httpUrl = z
  .string({ error: 'must be a string' })
  .max(URL_MAX, { error: `must be at most ${URL_MAX} characters` })
  .refine(
    (value) => {
      try {
        const { protocol } = new URL(value);
        return protocol === 'http:' || protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: 'must be an http or https URL' },
  );

const commonShape = {
  /** The schema's version; absent means 1. */
  version: z.literal(1, { error: 'must be 1 (the only version of this schema)' }).default(1),
  deployment: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .regex(DEPLOYMENT_NAME, { error: 'must be a deployment name from the registry' }),
  dag_id: airflowId('DAG id'),
  run_id: airflowId('run id'),
  logical_date: z.string({ error: 'must be a string or null' }).max(64).nullable().optional(),
  /** When the sender saw it happen (ISO 8601); informative only. */
  occurred_at: z.string({ error: 'must be a string' }).max(64).optional(),
  exception: z
    .string({ error: 'must be a string or null' })
    .max(EXCEPTION_TEXT_MAX, { error: `must be at most ${EXCEPTION_TEXT_MAX} characters` })
    .nullable()
    .optional(),
  log_url: httpUrl.nullable().optional(),
};

const taskEventSchema = z.object({
  ...commonShape,
  event: z.enum(TASK_EVENT_TYPES),
  task_id: airflowId('task id'),
  map_index: z.int({ error: 'must be a whole number (-1 when not mapped)' }).min(-1).max(1_000_000).default(-1),
  try_number: z.int({ error: 'must be a whole number' }).min(0).max(10_000).optional(),
});

const runEventSchema = z.object({
  ...commonShape,
  event: z.enum(RUN_EVENT_TYPES),
});

/** Version 1 of the alert event. */
export const alertEventSchema = z
  .discriminatedUnion('event', [taskEventSchema, runEventSchema], {
    error: (issue) =>
      issue.input === undefined ? 'is required' : `must be one of ${ALERT_EVENT_TYPES.join(', ')}`,
  })
  .meta({
    $id: 'urn:airflow-slack-ops:alert-event:v1',
    title: 'Airflow alert event, version 1',
    description:
      'Posted to POST /alerts/{source}, signed per Standard Webhooks. Ids are trusted; the bot reads the task instance from Airflow.',
  });

export type AlertEvent = z.output<typeof alertEventSchema>;
export type TaskAlertEvent = Extract<AlertEvent, { event: TaskEventType }>;
export type RunAlertEvent = Extract<AlertEvent, { event: RunEventType }>;

/** True for events about one task instance. */
export function isTaskEvent(event: AlertEvent): event is TaskAlertEvent {
  return (TASK_EVENT_TYPES as readonly string[]).includes(event.event);
}
