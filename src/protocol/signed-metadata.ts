import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { BotError } from '../errors';

/** Clocks of two Lambda containers may differ a little; metadata from further ahead was not ours. */
const CLOCK_SKEW_MS = 60 * 1000;

/** A task instance's address as the bot's signed modal metadata carries it (the note form, the answer form). */
export const signedAddressSchema = z.strictObject({
  deployment: z.string().min(1),
  dagId: z.string().min(1),
  runId: z.string().min(1),
  taskId: z.string().min(1),
  mapIndex: z.int().min(-1),
  tryNumber: z.int().min(0).optional(),
});

/** Metadata as signed: what the issuer gave, and when it was signed (milliseconds since the epoch). */
export type Issued<T> = T & { issuedAt: number };

/** Signs a modal's `private_metadata` when it is issued and checks it when the modal comes back. */
export interface SignedMetadataCodec<T> {
  /**
   * `<base64url JSON>.<base64url signature>`, stamped with the codec's clock.
   * @throws `BotError('invalid')` for metadata its own `decode` would refuse (so nothing is issued
   *   that could never be submitted).
   */
  encode(metadata: T): string;
  /**
   * The metadata, once its signature is the bot's and it is at most `maxAgeMs` old.
   * @throws `BotError('invalid')` (with the codec's `forged` or `expired` message) for anything the
   *   bot did not issue, altered, malformed, or issued too long ago.
   */
  decode(text: string): Issued<T>;
}

export interface SignedMetadataOptions<T> {
  /** The Slack signing secret: the key is derived from it, so there is no new secret to provision. */
  signingSecret: string;
  /** Separates this use's key from every other use of the signing secret (`… v1`). */
  keyInfo: string;
  /** The strict shape of the issued metadata, `issuedAt` included. */
  schema: z.ZodType<Issued<T>>;
  /** How long after it is issued the metadata is accepted. */
  maxAgeMs: number;
  /** What the user reads: for metadata the bot did not issue, and for metadata too old. */
  messages: { forged: string; expired: string };
  /** @default the system clock */
  clock?: Clock;
}

/**
 * A codec that signs metadata with HMAC-SHA256 under a key derived (HKDF-SHA256, empty salt,
 * `keyInfo`) from the Slack signing secret: the Slack-facing function and the worker, which both
 * load that secret, issue and check the same metadata. The signature keeps anyone from making
 * metadata; `maxAgeMs` bounds how long a signed one may be replayed.
 *
 * @example
 * const codec = createSignedMetadataCodec({ signingSecret, keyInfo: 'airflow-slack-ops note modal metadata v1', schema, maxAgeMs, messages });
 * const metadata = codec.decode(view.private_metadata); // throws for anything the bot did not sign
 */
export function createSignedMetadataCodec<T>(options: SignedMetadataOptions<T>): SignedMetadataCodec<T> {
  const clock = options.clock ?? systemClock;
  const key = Buffer.from(hkdfSync('sha256', options.signingSecret, '', options.keyInfo, 32));
  const sign = (payload: string): Buffer => createHmac('sha256', key).update(payload).digest();
  const forged = (reason: string, cause?: unknown) =>
    new BotError('invalid', options.messages.forged, { ...(cause === undefined ? {} : { cause }), details: { reason } });
  return {
    encode(metadata) {
      const issued = { ...metadata, issuedAt: clock() };
      const checked = options.schema.safeParse(issued);
      if (!checked.success) {
        throw new BotError('invalid', 'This form holds more than the bot can carry through Slack.', { cause: checked.error, details: { reason: 'metadata out of bounds' } });
      }
      const payload = Buffer.from(JSON.stringify(issued)).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    decode(text) {
      const dot = text.lastIndexOf('.');
      const payload = text.slice(0, Math.max(0, dot));
      const signature = Buffer.from(text.slice(dot + 1), 'base64url');
      const expected = sign(payload);
      if (dot < 1 || signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw forged('bad signature');
      let metadata: Issued<T>;
      try {
        metadata = options.schema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      } catch (error) {
        throw forged('malformed', error);
      }
      const age = clock() - metadata.issuedAt;
      if (age > options.maxAgeMs) throw new BotError('invalid', options.messages.expired, { details: { reason: 'expired' } });
      if (age < -CLOCK_SKEW_MS) throw forged('issued in the future');
      return metadata;
    },
  };
}
