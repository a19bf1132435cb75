import type { Handoff } from '../../handoff/types';
import type { Logger } from '../../logging/logger';
import type { HitlFormMetadataCodec } from '../../protocol/hitl-form-metadata';
import type { ParseContext } from '../parse-context';
import type { NoteModalMetadataCodec } from './note-modal-metadata';

/** What the Slack-facing listeners need. Nothing here calls Airflow or Secrets Manager. */
export interface ListenerDeps {
  slashCommand: string;
  handoff: Handoff;
  logger: Logger;
  /** Deployment names and UI base URLs, for the parser (from the registry, read at cold start). */
  parseContext: ParseContext;
  /** Signs and checks the note modal's `private_metadata`. */
  noteModalMetadata: NoteModalMetadataCodec;
  /** Checks the human-in-the-loop form's `private_metadata`, which the worker signed. */
  hitlFormMetadata: HitlFormMetadataCodec;
}
