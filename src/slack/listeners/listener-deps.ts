import type { Handoff } from '../../handoff/types';
import type { Logger } from '../../logging/logger';
import type { ParseContext } from '../parse-context';

/** What the Slack-facing listeners need. Nothing here calls Airflow or Secrets Manager. */
export interface ListenerDeps {
  slashCommand: string;
  handoff: Handoff;
  logger: Logger;
  /** Deployment names and UI base URLs, for the parser (from the registry, read at cold start). */
  parseContext: ParseContext;
}
