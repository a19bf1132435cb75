import type { AnyBlock } from '@slack/types';
import type { Clock } from '../../src/clock';
import { checkSlackBlocks, MESSAGE_BLOCKS_MAX, MODAL_BLOCKS_MAX } from '../../src/views/limits';
import { WebApiError } from './web-api-context';

/**
 * Slack's rules that the stand-in keeps, so a test fails where Slack would refuse: how long and
 * how often a `response_url` and a `trigger_id` work, Block Kit's limits (the same constants the
 * views are built within, from `src/views/limits.ts`), and the Web API's rate limits by tier.
 */

/** A `response_url` takes five posts… */
export const RESPONSE_URL_MAX_USES = 5;
/** …within 30 minutes of the interaction that gave it. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** A `trigger_id` opens one view, within 3 seconds of the interaction that gave it. */
export const TRIGGER_ID_LIFETIME_MS = 3_000;

/**
 * Refuses blocks Slack would refuse, as Slack does: `invalid_blocks`, with one line per broken
 * limit in `errors` and (prefixed `[ERROR]`) in `response_metadata.messages`.
 *
 * @throws WebApiError `invalid_blocks` when `blocks` is not a list of typed blocks or breaks a limit.
 */
export function checkBlockKit(blocks: unknown, surface: 'message' | 'modal'): unknown[] {
  const typed = (block: unknown) => typeof block === 'object' && block !== null && typeof (block as { type?: unknown }).type === 'string';
  if (!Array.isArray(blocks) || !blocks.every(typed)) throw invalidBlocks(['blocks must be a list of block objects with a type']);
  const max = surface === 'message' ? MESSAGE_BLOCKS_MAX : MODAL_BLOCKS_MAX;
  const problems: string[] = [];
  if (blocks.length > max) problems.push(`blocks: has ${blocks.length} blocks; a ${surface} may hold ${max}`);
  try {
    problems.push(...checkSlackBlocks(blocks as AnyBlock[]));
  } catch (error) {
    // The checker reads well-formed Block Kit; a block missing a part it needs is malformed, as Slack says too.
    if (!(error instanceof TypeError)) throw error;
    problems.push(`blocks: a block is malformed (${error.message})`);
  }
  if (problems.length > 0) throw invalidBlocks(problems);
  return blocks;
}

function invalidBlocks(problems: string[]): WebApiError {
  return new WebApiError(
    'invalid_blocks',
    problems.map((line) => `[ERROR] ${line}`),
    problems,
  );
}

/** Slack's rate-limit tiers: calls per minute, per method, per app and workspace. */
export type RateTier = 'tier2' | 'tier3' | 'tier4';

/** The tier of each method the stand-in serves (from each method's page); `chat.postMessage` has its own rule. */
export const METHOD_TIERS: Readonly<Record<string, RateTier | 'postMessage'>> = {
  'auth.test': 'tier4',
  'chat.postMessage': 'postMessage',
  'chat.postEphemeral': 'tier4',
  'chat.update': 'tier3',
  'views.open': 'tier4',
  'views.update': 'tier4',
  'views.push': 'tier4',
  'usergroups.users.list': 'tier2',
  'conversations.info': 'tier3',
  'users.info': 'tier4',
  'files.getUploadURLExternal': 'tier4',
  'files.completeUploadExternal': 'tier4',
};

/** How many calls Slack allows. */
export interface RateLimits {
  /** Calls per minute of a Tier 2 method. @default 20 */
  tier2: number;
  /** Calls per minute of a Tier 3 method. @default 50 */
  tier3: number;
  /** Calls per minute of a Tier 4 method. @default 100 */
  tier4: number;
  /** `chat.postMessage`: messages per second in one channel, once a burst is spent. @default 1 */
  postMessagePerSecond: number;
  /** `chat.postMessage`: the burst one channel may take at once. @default 10 */
  postMessageBurst: number;
}

/**
 * Slack's documented numbers. Slack says bursts are allowed without saying how large; a minute's
 * calls at once for a tier, and ten messages at once in one channel, are the stand-in's choice.
 */
export const SLACK_RATE_LIMITS: Readonly<RateLimits> = { tier2: 20, tier3: 50, tier4: 100, postMessagePerSecond: 1, postMessageBurst: 10 };

/**
 * Counts Web API calls and refuses those over Slack's limits: a sliding minute per method for the
 * tiers, and a token bucket per channel for `chat.postMessage`. Refused calls are not counted.
 */
export class RateLimiter {
  private readonly calls = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Readonly<RateLimits> | 'off',
  ) {}

  /**
   * Admits one call, or answers how long to wait.
   *
   * @returns `undefined` when the call may go ahead, else the seconds for `Retry-After` (1 or more).
   */
  admit(method: string, args: Record<string, unknown>): number | undefined {
    const tier = METHOD_TIERS[method];
    if (this.limits === 'off' || tier === undefined) return undefined;
    const now = this.clock();
    if (tier === 'postMessage') return this.takeToken(typeof args.channel === 'string' ? args.channel : '', now, this.limits);
    const perMinute = this.limits[tier];
    const recent = (this.calls.get(method) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= perMinute) {
      this.calls.set(method, recent);
      return Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000));
    }
    recent.push(now);
    this.calls.set(method, recent);
    return undefined;
  }

  private takeToken(channel: string, now: number, limits: Readonly<RateLimits>): number | undefined {
    const bucket = this.buckets.get(channel) ?? { tokens: limits.postMessageBurst, at: now };
    const tokens = Math.min(limits.postMessageBurst, bucket.tokens + ((now - bucket.at) / 1000) * limits.postMessagePerSecond);
    if (tokens < 1) {
      this.buckets.set(channel, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / limits.postMessagePerSecond));
    }
    this.buckets.set(channel, { tokens: tokens - 1, at: now });
    return undefined;
  }
}
