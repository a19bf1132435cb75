import { App, AwsLambdaReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import { boltLogger } from './bolt-logger';
import { slackWebClientOptions } from '../slack-replies/web-client';
import { createHitlFormMetadataCodec } from '../protocol/hitl-form-metadata';
import { registerButtons } from './listeners/buttons';
import { registerHitlListeners } from './listeners/hitl';
import { registerHome } from './listeners/home';
import { registerLinks } from './listeners/links';
import type { ListenerDeps } from './listeners/listener-deps';
import { registerNoteModal } from './listeners/note-modal';
import { createNoteModalMetadataCodec } from './listeners/note-modal-metadata';
import { registerSlashCommand } from './listeners/slash-command';
import { createBuilder } from './builder/builder';
import { createAccessControl, type AccessControl } from '../access/access-control';
import { usergroupMembersFromWebClient } from '../access/slack-usergroups';
import type { DeploymentConfig } from '../config/types';
import type { OptionsSource } from '../handoff/options-source';

/** The Lambda handler Bolt's receiver builds. */
export type SlackEventsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;

export interface SlackAppOptions extends Omit<ListenerDeps, 'noteModalMetadata' | 'hitlFormMetadata'> {
  signingSecret: string;
  botToken: string;
  /** Slack's Web API base URL; a loopback stand-in locally and in tests. */
  slackApiUrl: string;
  logger: Logger;
  /** Stamps and ages the note form's metadata, and ages the answer form's; the system clock by default. */
  clock?: Clock;
  /** The command builder (`/airflow` alone); without it, `/airflow` alone shows help. */
  builder?: {
    deployments: readonly DeploymentConfig[];
    options: OptionsSource;
    budgetMs?: number;
    /** The workspaces the bot serves: a channel grants read only in them (see `createAccessControl`). */
    teamIds?: readonly string[];
  };
}

/**
 * The Bolt app behind `POST /slack/events`. Bolt's receiver verifies every request's signature
 * (v0 HMAC, 5-minute window) before any listener runs, and answers `ssl_check` and
 * `url_verification` itself.
 */
export function createSlackApp(options: SlackAppOptions): { app: App; handler: SlackEventsHandler } {
  const logger = boltLogger(options.logger);
  const receiver = new AwsLambdaReceiver({ signingSecret: options.signingSecret, logger });
  const app = new App({
    receiver,
    logger,
    // A fixed authorization: Bolt would otherwise call auth.test on every request.
    authorize: async () => ({ botToken: options.botToken }),
    clientOptions: slackWebClientOptions(options.slackApiUrl),
  });
  const deps: ListenerDeps = {
    ...options,
    noteModalMetadata: createNoteModalMetadataCodec(options.signingSecret, options.clock),
    hitlFormMetadata: createHitlFormMetadataCodec(options.signingSecret, options.clock),
  };
  const builder = options.builder && createBuilder(deps, { ...options.builder, access: builderAccess(options), ...(options.clock === undefined ? {} : { clock: options.clock }) });
  builder?.register(app);
  registerSlashCommand(app, { ...deps, ...(builder === undefined ? {} : { builder }) });
  registerButtons(app, deps);
  registerNoteModal(app, deps);
  registerHitlListeners(app, deps);
  registerLinks(app, deps);
  registerHome(app, deps, { withBuilder: builder !== undefined });
  app.error(async (error) => {
    options.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  return { app, handler: receiver.toHandler() };
}

/** Who may read which deployment, for the builder: the worker's rules, user groups asked through this app's client. */
function builderAccess(options: SlackAppOptions): AccessControl {
  return createAccessControl({
    // Bolt's own `app.client` holds no token (this app authorizes per request): one that does.
    listUserGroupMembers: usergroupMembersFromWebClient(new WebClient(options.botToken, slackWebClientOptions(options.slackApiUrl))),
    logger: options.logger,
    ...(options.builder?.teamIds === undefined ? {} : { teamIds: options.builder.teamIds }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
}
