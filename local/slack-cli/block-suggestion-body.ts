import { LOCAL_IDENTITY, type SlackIdentity } from './slack-identity';
import type { SubmittedView, ViewStateValues } from './view-submission-body';

export interface BlockSuggestionInput {
  /** The modal the menu is in, with what has been picked so far. */
  view: SubmittedView;
  values: ViewStateValues;
  /** The external select's block and action ids. */
  blockId: string;
  actionId: string;
  /** What the user has typed into the menu. */
  typed: string;
}

/** The `block_suggestion` payload Slack sends when a user types into an `external_select` of a modal. */
export function blockSuggestionPayload(input: BlockSuggestionInput, identity: SlackIdentity = LOCAL_IDENTITY): Record<string, unknown> {
  const { view } = input;
  return {
    type: 'block_suggestion',
    user: { id: identity.user.id, username: identity.user.name, name: identity.user.name, team_id: identity.team.id },
    container: { type: 'view', view_id: view.id },
    api_app_id: identity.appId,
    token: identity.token,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.typed,
    team: { id: identity.team.id, domain: identity.team.domain },
    view: {
      id: view.id,
      team_id: identity.team.id,
      type: 'modal',
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata,
      callback_id: view.callback_id,
      state: { values: input.values },
      hash: view.hash ?? '',
      title: view.title ?? { type: 'plain_text', text: 'Modal', emoji: true },
      root_view_id: view.root_view_id ?? view.id,
      previous_view_id: view.previous_view_id ?? null,
      app_id: identity.appId,
      external_id: view.external_id ?? '',
      app_installed_team_id: identity.team.id,
    },
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** The form body: `payload=<url-encoded JSON>`. */
export function buildBlockSuggestionBody(input: BlockSuggestionInput, identity?: SlackIdentity): string {
  return new URLSearchParams({ payload: JSON.stringify(blockSuggestionPayload(input, identity)) }).toString();
}
