import { z } from 'zod';
import { NOTE_MAX_LENGTH } from '../airflow/model';
import { BotError } from '../errors';
import { SNOOZE_MAX_MS, SNOOZE_MIN_MS } from './snooze-values';
import { checkedId } from './checked-id';
import type { Command } from './command';
import { ACTION_IDS } from './interaction-types';
import type { AirflowLink, SlackRequestContext, UnfurlMessage, WorkerJob } from './job';

/**
 * The worker's check of what it is invoked with. A job normally comes from the Slack-facing
 * function, but the worker is a Lambda anyone with `lambda:InvokeFunction` can call, and during a
 * deployment the two functions may briefly run different versions: every job is validated before
 * anything is done with it. Objects are strict, so a field this version does not know is refused
 * rather than ignored.
 */

const SLACK_ID = /^[A-Z0-9][A-Za-z0-9_-]{0,40}$/;

const airflowId = checkedId(z.string().min(1).max(250));
const deploymentName = z.string().min(1).max(100);
const mapIndex = z.int().min(-1);

const runSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('id'), runId: airflowId }),
  z.strictObject({ kind: z.literal('latest') }),
  // A `Date` crosses the JSON boundary between the functions as an ISO string.
  z.strictObject({ kind: z.literal('date'), date: z.union([z.date(), z.iso.datetime({ offset: true })]).pipe(z.coerce.date()) }),
]);

const target = z.strictObject({
  deployment: deploymentName.optional(),
  dagId: airflowId,
  run: runSpec,
  taskId: airflowId,
  mapIndex,
});

const share = { share: z.boolean() };

const command = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('help'), ...share }),
  z.strictObject({ name: z.literal('deployments'), ...share }),
  z.strictObject({ name: z.literal('ti'), target, ...share }),
  z.strictObject({ name: z.literal('runs'), deployment: deploymentName.optional(), dagId: airflowId, limit: z.int().min(1).max(100), ...share }), // a sanity bound; the parser's own is lower
  z.strictObject({ name: z.literal('failed'), deployment: deploymentName.optional(), dagId: airflowId.optional(), ...share }),
  z.strictObject({ name: z.literal('logs'), target, tryNumber: z.int().min(1).optional(), file: z.boolean().optional(), ...share }),
  z.strictObject({
    name: z.literal('mark'),
    target,
    newState: z.enum(['success', 'failed']),
    includeUpstream: z.boolean(),
    includeDownstream: z.boolean(),
    ...share,
  }),
  z.strictObject({ name: z.literal('clear'), target, includeDownstream: z.boolean(), ...share }),
  z.strictObject({ name: z.literal('note'), target, text: z.string().min(1).max(NOTE_MAX_LENGTH), ...share }),
  z.strictObject({ name: z.literal('audit'), target, ...share }),
  z.strictObject({ name: z.literal('snooze'), deployment: deploymentName, dagId: airflowId, durationMs: z.int().min(SNOOZE_MIN_MS).max(SNOOZE_MAX_MS), ...share }),
  z.strictObject({ name: z.literal('snoozes'), ...share }),
  z.strictObject({ name: z.literal('unsnooze'), deployment: deploymentName, dagId: airflowId, ...share }),
  z.strictObject({ name: z.literal('digest'), ...share }),
  z.strictObject({ name: z.literal('pending'), deployment: deploymentName.optional(), ...share }),
]) satisfies z.ZodType<Command, unknown>;

const slackContext = z.strictObject({
  userId: z.string().regex(SLACK_ID),
  userName: z.string().max(200).optional(),
  teamId: z.string().regex(SLACK_ID).optional(),
  channelId: z.string().regex(SLACK_ID).optional(),
  responseUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  messageTs: z.string().regex(/^\d{1,12}\.\d{1,9}$/).optional(),
  isEphemeral: z.boolean(),
  fromList: z.boolean().optional(),
}) satisfies z.ZodType<SlackRequestContext, unknown>;

const requestId = z.string().min(1).max(100).optional();

const address = z.strictObject({
  deployment: deploymentName,
  dagId: airflowId,
  runId: airflowId,
  taskId: airflowId,
  mapIndex,
  tryNumber: z.int().min(0).optional(),
});

/** The params of an answer, as JSON: bounded so a job stays far below Lambda's payload limit. */
export const HITL_PARAMS_INPUT_MAX_BYTES = 16 * 1024;

const hitlRequest = z.strictObject({ address, createdAt: z.string().min(1).max(64) });

const paramsInput = z
  .record(z.string().min(1).max(250), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= HITL_PARAMS_INPUT_MAX_BYTES, {
    error: `must be at most ${HITL_PARAMS_INPUT_MAX_BYTES / 1024} KB as JSON`,
  });
/** Slack unfurls at most this many links of one message. */
export const UNFURL_LINKS_MAX = 5;

const airflowLink = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('task_instance'), url: z.url().max(3000), deployment: deploymentName, dagId: airflowId, runId: airflowId, taskId: airflowId, mapIndex }),
  z.strictObject({ kind: z.literal('run'), url: z.url().max(3000), deployment: deploymentName, dagId: airflowId, runId: airflowId }),
  z.strictObject({ kind: z.literal('dag'), url: z.url().max(3000), deployment: deploymentName, dagId: airflowId }),
]) satisfies z.ZodType<AirflowLink, unknown>;

const unfurlMessage = z.strictObject({
  channelId: z.string().regex(SLACK_ID),
  // A message still being written (`source: composer`) has no ts of the usual form.
  ts: z.string().regex(/^[\w.-]{1,200}$/),
  unfurlId: z.string().min(1).max(200).optional(),
  source: z.enum(['composer', 'conversations_history']).optional(),
}) satisfies z.ZodType<UnfurlMessage, unknown>;

const workerJobSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('command'), command, slack: slackContext, requestId }),
  z.strictObject({
    kind: z.literal('button'),
    actionId: z.enum(Object.values(ACTION_IDS)),
    // Decoded and checked by the worker's button handling, which knows each button's layout.
    value: z.string().max(2000),
    slack: slackContext,
    requestId,
  }),
  z.strictObject({ kind: z.literal('note_submitted'), address, note: z.string().min(1).max(NOTE_MAX_LENGTH), slack: slackContext, requestId }),
  z.strictObject({
    kind: z.literal('hitl_answer'),
    request: hitlRequest,
    chosen: z.array(z.int().min(0).max(999)).min(1).max(100),
    paramsInput,
    slack: slackContext,
    requestId: z.string().min(1).max(100),
  }),
  z.strictObject({ kind: z.literal('hitl_form'), request: hitlRequest, viewId: z.string().regex(SLACK_ID), slack: slackContext }),
  z.strictObject({ kind: z.literal('unfurl'), links: z.array(airflowLink).min(1).max(UNFURL_LINKS_MAX), message: unfurlMessage, slack: slackContext }),
  z.strictObject({ kind: z.literal('lookup'), link: airflowLink, slack: slackContext }),
  z.strictObject({ kind: z.literal('home'), slack: slackContext }),
]) satisfies z.ZodType<WorkerJob, unknown>;

/**
 * Validates a job the worker was invoked with.
 *
 * @throws `BotError('invalid')` naming the first bad field (never its value).
 * @example
 * const job = parseWorkerJob(event); // in the worker's handler, before anything else
 */
export function parseWorkerJob(input: unknown): WorkerJob {
  const parsed = workerJobSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? 'job' : issue.path.map(String).join('.');
  throw new BotError('invalid', 'The bot could not read this request (it may come from an older version of the bot). Nothing was changed: try again.', {
    cause: parsed.error,
    details: { field, problem: issue?.message ?? 'invalid' },
  });
}

/**
 * Where to tell the user about a job that could not be read: its Slack context when that part is
 * valid, so even a refused job does not leave "working…" on screen.
 */
export function readableSlackContext(input: unknown): SlackRequestContext | undefined {
  const slack = (input as { slack?: unknown } | null)?.slack;
  const parsed = slackContext.safeParse(slack);
  return parsed.success ? parsed.data : undefined;
}
