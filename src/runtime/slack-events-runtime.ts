import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { systemClock, type Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import type { DeploymentRegistry } from '../config/types';
import type { Handoff } from '../handoff/types';
import type { OptionsSource } from '../handoff/options-source';
import type { Logger } from '../logging/logger';
import type { SecretCache } from '../credentials/secret-cache';
import { loadSlackCredentials } from '../credentials/slack-credentials';
import { checkSlackRequest, type SlackRequestPolicy } from '../slack/request-checks/check-slack-request';
import { createSlackApp, type SlackEventsHandler } from '../slack/slack-app';

export interface SlackEventsRuntimeDeps {
  config: AppConfig;
  registry: DeploymentRegistry;
  secrets: SecretCache;
  handoff: Handoff;
  /** Where the builder's menus get their options (the worker); without it, `/airflow` alone shows help. */
  options?: OptionsSource;
  logger: Logger;
  /** For the request timestamp check and the note form's age; the system clock by default. */
  clock?: Clock;
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/**
 * `POST /slack/events`. The Bolt app needs the signing secret, which lives in Secrets Manager: it
 * is fetched on the first request of a container (not at every request) and the app built once.
 */
export function createSlackEventsHandler(deps: SlackEventsRuntimeDeps): HttpHandler {
  let app: Promise<SlackEventsHandler> | undefined;
  const parseContext = {
    deployments: deps.registry.deployments.map((d) => d.name),
    uiLinks: deps.registry.deployments.map((d) => ({ deployment: d.name, uiUrl: d.uiUrl })),
    slashCommand: deps.config.slashCommand,
  };

  function buildApp(): Promise<SlackEventsHandler> {
    return loadSlackCredentials(deps.secrets, deps.config.slackSecretId).then(
      (credentials) =>
        createSlackApp({
          signingSecret: credentials.signingSecret,
          botToken: credentials.botToken,
          slackApiUrl: deps.config.slackApiUrl,
          slashCommand: deps.config.slashCommand,
          handoff: deps.handoff,
          logger: deps.logger,
          parseContext,
          ...(deps.clock === undefined ? {} : { clock: deps.clock }),
          ...(deps.options === undefined
            ? {}
            : {
                builder: {
                  deployments: deps.registry.deployments,
                  options: deps.options,
                  ...(deps.config.slackTeamIds === undefined ? {} : { teamIds: deps.config.slackTeamIds }),
                },
              }),
        }).handler,
    );
  }

  const policy: SlackRequestPolicy = {
    ...(deps.config.slackTeamIds === undefined ? {} : { teamIds: deps.config.slackTeamIds }),
    ...(deps.config.slackEnterpriseIds === undefined ? {} : { enterpriseIds: deps.config.slackEnterpriseIds }),
    ...(deps.config.responseUrlOrigins === undefined ? {} : { responseUrlOrigins: deps.config.responseUrlOrigins }),
  };
  const clock = deps.clock ?? systemClock;

  return async (event, context) => {
    // Before Bolt, which then verifies the signature as always: these are the checks it lacks.
    const verdict = checkSlackRequest({ headers: event.headers ?? {}, body: bodyText(event) }, policy, clock());
    if (!verdict.ok) {
      deps.logger.warn({ reason: verdict.reason, status: verdict.status }, 'Slack request refused');
      return { statusCode: verdict.status, body: '' };
    }
    app ??= buildApp().catch((error: unknown) => {
      app = undefined; // try again on the next request rather than failing forever
      throw error;
    });
    let handler: SlackEventsHandler;
    try {
      handler = await app;
    } catch (error) {
      deps.logger.error({ err: error }, 'could not load the Slack credentials');
      return { statusCode: 500, body: '' };
    }
    try {
      return await handler(event, context);
    } catch (error) {
      // Bolt parses the body before it checks the signature, so a body that is not even a form
      // or JSON throws instead of being refused. Nothing unverified is answered with more.
      deps.logger.warn({ err: error }, 'unreadable request refused');
      return { statusCode: 401, body: '' };
    }
  };
}

/** API Gateway hands form bodies over base64-encoded. */
function bodyText(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
