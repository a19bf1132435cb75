import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import type { HitlParamSpec } from '../views/hitl-form';
import type { HitlRequestAddress } from './hitl-values';
import { createSignedMetadataCodec, signedAddressSchema, type Issued, type SignedMetadataCodec } from './signed-metadata';

/**
 * What the human-in-the-loop form carries in `private_metadata`: the request, what its submission
 * is checked against (the options, `multiple`, the params' specs), the message the form was opened
 * from (where the answer is shown), and who opened it in which workspace. The worker issues it
 * (it read the request from Airflow); the Slack-facing function checks it, without Airflow.
 */
export interface HitlFormMetadata {
  request: HitlRequestAddress;
  options: string[];
  multiple: boolean;
  specs: HitlParamSpec[];
  /** The message the form was opened from, from the click's payload. */
  card: { channelId?: string; messageTs?: string; responseUrl?: string; isEphemeral: boolean };
  /** The user who opened the form; only they may submit it. */
  openedBy: string;
  /** Their workspace; only a submission from it is accepted. */
  teamId: string;
}

/** Slack's limit on a view's `private_metadata`. */
export const HITL_FORM_METADATA_MAX_LENGTH = 3000;

/**
 * How long after it opened a form may be submitted: one hour, as the note form. The request may
 * wait for days, but the form is opened again with one click.
 */
export const HITL_FORM_MAX_AGE_MS = 60 * 60 * 1000;

/** Separates this key from the note form's and from Slack's own use of the signing secret. */
const KEY_INFO = 'airflow-slack-ops hitl form metadata v1';

const specSchema = z.strictObject({
  name: z.string().min(1).max(250),
  title: z.string().max(250).optional(),
  type: z.enum(['string', 'integer', 'number', 'boolean', 'enum', 'date', 'json']),
  required: z.boolean(),
  enum: z.array(z.union([z.string(), z.number()])).max(100).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  minLength: z.int().min(0).optional(),
  maxLength: z.int().min(0).optional(),
}) satisfies z.ZodType<HitlParamSpec, unknown>;

const metadataSchema = z.strictObject({
  request: z.strictObject({
    address: signedAddressSchema,
    createdAt: z.string().min(1).max(64),
  }),
  options: z.array(z.string()).min(1).max(100),
  multiple: z.boolean(),
  specs: z.array(specSchema).max(100),
  card: z.strictObject({
    channelId: z.string().optional(),
    messageTs: z.string().optional(),
    responseUrl: z.url().optional(),
    isEphemeral: z.boolean(),
  }),
  openedBy: z.string().min(1),
  teamId: z.string().min(1),
  issuedAt: z.int().min(0),
}) satisfies z.ZodType<Issued<HitlFormMetadata>, unknown>;

export type HitlFormMetadataCodec = SignedMetadataCodec<HitlFormMetadata>;

/**
 * The form's codec: the shared signed-metadata codec under its own key (derived from the Slack
 * signing secret, which both the worker that signs and the Slack-facing function that checks load).
 *
 * @example
 * const privateMetadata = createHitlFormMetadataCodec(signingSecret).encode(metadata);
 * if (privateMetadata.length > HITL_FORM_METADATA_MAX_LENGTH) … // too large for Slack
 */
export function createHitlFormMetadataCodec(signingSecret: string, clock: Clock = systemClock): HitlFormMetadataCodec {
  return createSignedMetadataCodec<HitlFormMetadata>({
    signingSecret,
    keyInfo: KEY_INFO,
    schema: metadataSchema,
    maxAgeMs: HITL_FORM_MAX_AGE_MS,
    messages: {
      forged: 'This form is damaged or was not issued by the bot. Open it again from the request.',
      expired: 'This form was opened more than an hour ago. Open it again from the request.',
    },
    clock,
  });
}
