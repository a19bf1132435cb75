/**
 * The fixed settings of a local run, shared by `npm start` and `npm run slack` so both ends agree
 * without any configuration. Every secret here is a made-up value that only the local bot and the
 * local Slack stand-in accept.
 */

/** Signs the CLI's requests; the local bot verifies them with the same value. */
export const LOCAL_SIGNING_SECRET = 'local-signing-secret';

/** The bot token the local bot sends to the Slack stand-in, which accepts no other. */
export const LOCAL_BOT_TOKEN = 'xoxb-local-bot-token';

/** The deprecated verification `token` Slack still puts in every payload. */
export const LOCAL_VERIFICATION_TOKEN = 'local-verification-token';

/** The slash command, as registered in the app manifest. */
export const LOCAL_SLASH_COMMAND = '/airflow';

/** The Slack app's id (`api_app_id`). */
export const LOCAL_APP_ID = 'ALOCAL0001';

/** The workspace the demo user belongs to. */
export const LOCAL_TEAM = { id: 'TLOCAL0001', domain: 'local-workspace' } as const;

/** The demo user who types the commands: the one actor of the bundled demo deployments. */
export const LOCAL_USER = { id: 'ULOCAL0001', name: 'alice' } as const;

/**
 * A second person in the workspace (`npm run slack -- --user ULOCAL0002`): a reader of the demo
 * deployments (anyone may read them) but not an actor, so he may acknowledge an alert and is
 * refused a change.
 */
export const LOCAL_SECOND_USER = { id: 'ULOCAL0002', name: 'bob' } as const;

/** The people the Slack stand-in knows (`users.info`, ephemeral messages). */
export const LOCAL_USERS: Readonly<Record<string, string>> = { [LOCAL_USER.id]: LOCAL_USER.name, [LOCAL_SECOND_USER.id]: LOCAL_SECOND_USER.name };

/** The channel the commands are typed in (a default channel of the `demo-v2` deployment). */
export const LOCAL_CHANNEL = { id: 'CDEMO00001', name: 'data-oncall' } as const;

/** The bot user the Slack stand-in reports from `auth.test` and puts on the bot's messages. */
export const LOCAL_BOT_USER = { id: 'UBOTLOCAL1', name: 'airflow-ops', botId: 'BLOCAL0001' } as const;

/**
 * Credentials the local AWS stand-ins accept (the DynamoDB engine and the MWAA stand-in accept
 * any): the local bot and `npm run alert` sign with these, never with the user's own, and never
 * send them anywhere but loopback.
 */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The region of the local AWS stand-ins. */
export const LOCAL_AWS_REGION = 'eu-west-1';

/** Where `npm run slack` remembers the last reply and modal between runs (relative to the working directory). */
export const SLACK_CLI_STATE_FILE = '.local/slack-cli-state.json';

/** The route Slack posts slash commands and interactions to. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Ports of the local processes. */
export interface LocalPorts {
  /** The bot's HTTP server (API Gateway's stand-in): `PORT`, 3000 by default. */
  bot: number;
  /** The Slack stand-in: `SLACK_STAND_IN_PORT`, 3001 by default. */
  slackStandIn: number;
  /** The demo Airflow 2 (`/api/v1`): `DEMO_AIRFLOW_V1_PORT`, 8081 by default. */
  demoAirflowV1: number;
  /** The demo Airflow 3 (`/api/v2`): `DEMO_AIRFLOW_V2_PORT`, 8082 by default. */
  demoAirflowV2: number;
}

const PORT_VARIABLES = {
  bot: ['PORT', 3000],
  slackStandIn: ['SLACK_STAND_IN_PORT', 3001],
  demoAirflowV1: ['DEMO_AIRFLOW_V1_PORT', 8081],
  demoAirflowV2: ['DEMO_AIRFLOW_V2_PORT', 8082],
} as const satisfies Record<keyof LocalPorts, readonly [string, number]>;

/**
 * The local ports, each overridable by its environment variable.
 *
 * @throws Error naming the variable when it is set but not a port number (1–65535).
 * @example
 * localPorts({ PORT: '4000' }) // { bot: 4000, slackStandIn: 3001, demoAirflowV1: 8081, demoAirflowV2: 8082 }
 */
export function localPorts(env: Readonly<Record<string, string | undefined>> = process.env): LocalPorts {
  const read = ([name, fallback]: readonly [string, number]): number => portFromEnv(env, name, fallback);
  return {
    bot: read(PORT_VARIABLES.bot),
    slackStandIn: read(PORT_VARIABLES.slackStandIn),
    demoAirflowV1: read(PORT_VARIABLES.demoAirflowV1),
    demoAirflowV2: read(PORT_VARIABLES.demoAirflowV2),
  };
}

/** URLs of the local bot and stand-in, as the CLI reaches them. */
export interface LocalUrls {
  /** `http://127.0.0.1:<bot>/slack/events` */
  slackEvents: string;
  /** `http://127.0.0.1:<stand-in>/`: the stand-in's own read API lives under `_stand-in/`. */
  slackStandIn: string;
  /** `http://127.0.0.1:<stand-in>/api/`: the bot's `SLACK_API_URL`. */
  slackApi: string;
}

/** The loopback URLs for the given ports. */
export function localUrls(ports: LocalPorts): LocalUrls {
  const standIn = `http://127.0.0.1:${ports.slackStandIn}/`;
  return {
    slackEvents: `http://127.0.0.1:${ports.bot}${SLACK_EVENTS_PATH}`,
    slackStandIn: standIn,
    slackApi: `${standIn}api/`,
  };
}

function portFromEnv(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim();
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new Error(`${name} must be a port number from 1 to 65535, not "${raw}".`);
  }
  return port;
}

/** The webhook source of local runs: `POST /actions/demo` (and `/alerts/demo`). */
export const LOCAL_WEBHOOK_SOURCE = 'demo';

/** The demo source's Standard Webhooks secret (made up; only the local bot accepts it). */
export const LOCAL_WEBHOOK_SECRET = 'whsec_bG9jYWwtd2ViaG9vay1zaWduaW5nLWtleS1kZW1v';

/** The webhook actions' idempotency table in the local DynamoDB engine. */
export const LOCAL_IDEMPOTENCY_TABLE = 'local-idempotency';
