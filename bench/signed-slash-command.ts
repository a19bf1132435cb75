import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiGatewayEventV2 } from '../local/api-gateway-event';
import { LOCAL_SIGNING_SECRET } from '../local/local-settings';
import { buildSlashCommandBody } from '../local/slack-cli/slash-command-body';
import { newTriggerId } from '../local/slack-cli/slack-identity';
import { signSlackRequest } from '../local/slack-signing';

/** `/airflow <text>` as Slack sends it, signed with the local secret, in the API Gateway event. */
export function signedSlashCommand(text: string): APIGatewayProxyEventV2 {
  const body = buildSlashCommandBody({ command: '/airflow', text, responseUrl: 'http://127.0.0.1:9/r', triggerId: newTriggerId() });
  const now = Date.now();
  return apiGatewayEventV2({
    method: 'POST',
    rawPath: '/slack/events',
    rawQueryString: '',
    routeKey: 'POST /slack/events',
    timeEpoch: now,
    headers: [
      ['content-type', 'application/x-www-form-urlencoded'],
      ...Object.entries(signSlackRequest(LOCAL_SIGNING_SECRET, body, Math.floor(now / 1000))),
    ],
    body: Buffer.from(body),
  });
}
