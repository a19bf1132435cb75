import type { UiLink } from './ti-link';

/** What the parser needs to know about the bot's configuration. */
export interface ParseContext {
  /**
   * Deployment names. A first word that names one of them (in any case) is always read as the
   * deployment; otherwise the deployment is only read where the word count leaves no doubt.
   */
  deployments: readonly string[];
  /** UI base URLs, to read pasted Airflow UI links. */
  uiLinks: readonly UiLink[];
  /** The slash command as configured, for usage messages; `/airflow` when absent. */
  slashCommand?: string;
}

/** The deployment's name as configured, when `word` names one (names are compared case-insensitively). */
export function knownDeployment(word: string, context: ParseContext): string | undefined {
  const wanted = word.toLowerCase();
  return context.deployments.find((name) => name.toLowerCase() === wanted);
}
