import { z } from 'zod';
import { BotError } from '../../errors';
import type { TaskInstanceAddress } from '../../protocol/interaction-types';
import type { SlackRequestContext } from '../../protocol/job';

/** What the note modal carries in `private_metadata` (≤ 3000 characters): the task and the card. */
export interface NoteModalMetadata {
  address: TaskInstanceAddress;
  slack: SlackRequestContext;
}

const metadataSchema = z.object({
  address: z.object({
    deployment: z.string(),
    dagId: z.string(),
    runId: z.string(),
    taskId: z.string(),
    mapIndex: z.number().int().min(-1),
    tryNumber: z.number().int().optional(),
  }),
  slack: z.object({
    userId: z.string(),
    userName: z.string().optional(),
    teamId: z.string().optional(),
    channelId: z.string().optional(),
    responseUrl: z.string().url().optional(),
    messageTs: z.string().optional(),
    isEphemeral: z.boolean(),
    fromList: z.boolean().optional(),
  }),
});

export function encodeNoteModalMetadata(metadata: NoteModalMetadata): string {
  return JSON.stringify(metadata);
}

export function decodeNoteModalMetadata(text: string): NoteModalMetadata {
  try {
    return metadataSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new BotError('invalid', 'This form is damaged or too old. Open it again from the card.', { cause: error });
  }
}
