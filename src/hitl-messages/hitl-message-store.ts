import type { HitlRequest, TaskInstanceRef } from '../airflow/model';

/** A human-in-the-loop request as the bot knows it: one deployment's task instance and when the request was made. */
export interface HitlKey {
  deployment: string;
  ref: TaskInstanceRef;
  /** The request's `created_at` as Airflow sent it: a later try's request is another one. */
  createdAt: string;
}

/** An answer given through the bot, as the message shows it ("✅ Approve — @alice from Slack · 09:14"). */
export interface SlackAnswer {
  userId: string;
  userName?: string;
  /** ISO 8601. */
  at: string;
  chosenOptions: string[];
  paramsInput: Record<string, unknown>;
}

/** What the bot keeps of one request. */
export interface HitlMessageRecord extends HitlKey {
  /** The request as it was posted: what its message is rebuilt from when it is answered. */
  request?: HitlRequest;
  /** Where the request was posted, once it was. */
  message?: { channel: string; ts: string };
  /** Set when the request was answered through the bot. */
  slackAnswer?: SlackAnswer;
  /** When someone last began answering it through the bot (ISO 8601): the answer may reach Airflow before its `slackAnswer` is recorded. */
  answeringAt?: string;
}

/**
 * The requests the bot has posted, and those answered through it: so a request is posted once,
 * its message edited when it is answered (in Slack or elsewhere), and a Slack user named as the one
 * who answered although Airflow records the bot's own user.
 */
export interface HitlMessageStore {
  get(key: HitlKey): Promise<HitlMessageRecord | undefined>;
  /** `true` for the one caller who may post the request; `false` when it was claimed before. */
  claimPost(key: HitlKey, request: HitlRequest): Promise<boolean>;
  /** Where the claimed request was posted. */
  setMessage(key: HitlKey, message: { channel: string; ts: string }): Promise<void>;
  /**
   * Notes that someone begins answering through the bot, before anything is sent to Airflow: until
   * the answer is recorded, the watcher then leaves the request one tick rather than show Airflow's
   * own record of it (which names the bot's Airflow user, not the Slack user).
   */
  markAnswering(key: HitlKey, at: string): Promise<void>;
  /** Records an answer given through the bot (kept when one is already recorded). */
  recordSlackAnswer(key: HitlKey, answer: SlackAnswer): Promise<void>;
}

/**
 * How long the bot keeps what it knows of a request after it was claimed (milliseconds): longer
 * than a request waits in practice (Airflow's own `execution_timeout` usually ends it sooner). A
 * request still open after that is edited from Airflow's answer alone.
 */
export const HITL_RECORD_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The partition key of a request's record in the alert table. JSON, because run ids may hold `#`.
 *
 * @example
 * hitlItemKey({ deployment: 'prod', ref: { dagId: 'etl', runId: 'r1', taskId: 'approve', mapIndex: -1 }, createdAt: '2026-11-23T09:00:00Z' });
 * // 'hitl#["prod","etl","r1","approve",-1,"2026-11-23T09:00:00Z"]'
 */
export function hitlItemKey(key: HitlKey): string {
  const { deployment, ref, createdAt } = key;
  return `hitl#${JSON.stringify([deployment, ref.dagId, ref.runId, ref.taskId, ref.mapIndex, createdAt])}`;
}
