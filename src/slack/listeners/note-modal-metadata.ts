import { z } from 'zod';
import { systemClock, type Clock } from '../../clock';
import { createSignedMetadataCodec, signedAddressSchema } from '../../protocol/signed-metadata';
import type { TaskInstanceAddress } from '../../protocol/interaction-types';

/**
 * What the note modal carries in `private_metadata` (≤ 3000 characters): the task instance, the
 * card the modal was opened from, and who opened it in which workspace, all as Slack's click
 * reported them, and when it was issued. Signed by the bot, so a submission can only bring back
 * what the bot issued, recently.
 */
export interface NoteModalMetadata {
  address: TaskInstanceAddress;
  /** The card the modal was opened from: where the answer goes. From the click's payload. */
  card: {
    channelId?: string;
    responseUrl?: string;
    messageTs?: string;
    isEphemeral: boolean;
    fromList?: boolean;
  };
  /** The user who clicked Add note; only they may submit this modal. */
  openedBy: string;
  /** Their workspace; only a submission from it is accepted. */
  teamId: string;
  /** When the bot signed it (milliseconds since the epoch). */
  issuedAt: number;
}

/** What the opener provides; the codec adds `issuedAt`. */
export type NoteModalMetadataInput = Omit<NoteModalMetadata, 'issuedAt'>;

/**
 * How long after it opened a note form may be saved: one hour. The signature keeps anyone from
 * making metadata, but a signed one could be replayed for ever; an hour bounds that, while leaving
 * time to write a note with interruptions (Slack's `trigger_id` lives 3 seconds, but the form then
 * stays open as long as the user leaves it, and the card's `response_url` it answers through lives
 * 30 minutes anyway). An older form is refused inside the modal: opening it again takes one click.
 */
export const NOTE_MODAL_MAX_AGE_MS = 60 * 60 * 1000;
/** Encodes and checks the note modal's signed `private_metadata`. */
export interface NoteModalMetadataCodec {
  encode(metadata: NoteModalMetadataInput): string;
  /**
   * The metadata, once its signature is the bot's and it is at most {@link NOTE_MODAL_MAX_AGE_MS} old.
   * @throws `BotError('invalid')` for anything the bot did not issue (or that was altered), or
   *   that it issued too long ago.
   */
  decode(text: string): NoteModalMetadata;
}

/** Separates the signing key from every other use of the Slack signing secret. */
const KEY_INFO = 'airflow-slack-ops note modal metadata v1';

const metadataSchema = z.strictObject({
  address: signedAddressSchema,
  card: z.strictObject({
    channelId: z.string().optional(),
    responseUrl: z.url().optional(),
    messageTs: z.string().optional(),
    isEphemeral: z.boolean(),
    fromList: z.boolean().optional(),
  }),
  openedBy: z.string().min(1),
  teamId: z.string().min(1),
  issuedAt: z.int().min(0),
});

const FORGED_MESSAGE = 'This form is damaged or was not issued by the bot. Open it again from the card.';
const EXPIRED_MESSAGE = 'This form was opened more than an hour ago. Open it again from the card.';

/**
 * The note modal's codec: the shared signed-metadata codec (`src/protocol/signed-metadata.ts`:
 * HMAC-SHA256 under a key derived from the Slack signing secret) with the note form's own key, shape
 * and hour; `clock` stamps and ages it.
 *
 * @example
 * const codec = createNoteModalMetadataCodec(signingSecret);
 * const metadata = codec.decode(view.private_metadata); // throws for anything the bot did not sign
 */
export function createNoteModalMetadataCodec(signingSecret: string, clock: Clock = systemClock): NoteModalMetadataCodec {
  return createSignedMetadataCodec<NoteModalMetadataInput>({
    signingSecret,
    keyInfo: KEY_INFO,
    schema: metadataSchema,
    maxAgeMs: NOTE_MODAL_MAX_AGE_MS,
    messages: { forged: FORGED_MESSAGE, expired: EXPIRED_MESSAGE },
    clock,
  });
}
