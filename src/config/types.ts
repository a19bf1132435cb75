import type { DigestSchedule } from './oncall-times';

/**
 * The shape of a validated deployments registry. `src/config/deployments-schema.ts` is the schema
 * that produces it; everything else reads these types.
 */

/** Which REST dialect to speak; `auto` asks the server once and caches the answer. */
export type DialectSetting = 'v1' | 'v2' | 'auto';

/**
 * How the bot authenticates:
 * - `basic`: Airflow 2 user and password (HTTP basic auth).
 * - `password`: Airflow 3 user and password, exchanged for a JWT at `POST /auth/token`.
 * - `bearer`: a static token sent as is, such as an Astro API token.
 */
export type AuthKind = 'basic' | 'password' | 'bearer';

/** Slack principals. A user matches when any list matches. */
export interface PrincipalSet {
  /** Slack user ids (`U…`, `W…`). */
  users: string[];
  /** Slack user-group ids (`S…`), expanded with `usergroups.users.list`. */
  userGroups: string[];
  /** Slack channel ids (`C…`, `G…`): anyone in the channel where the request is made. */
  channels: string[];
}

/** What every deployment has, whatever platform runs it. */
export interface DeploymentBase {
  /** Short name typed in Slack: lowercase letters, digits, `-` and `_`. */
  name: string;
  displayName: string;
  /** Base URL of the Airflow API server (the web server on MWAA and Composer), without `/api/v1` or `/api/v2`. */
  apiUrl: string;
  /** Base URL of the Airflow UI, for links. */
  uiUrl: string;
  dialect: DialectSetting;
  /** Slack channel ids where this deployment is the default. */
  defaultChannels: string[];
  /** Who may read. `undefined`: anyone. */
  readers?: PrincipalSet;
  /** Who may act (mark, clear, note). `undefined`: nobody. */
  actors?: PrincipalSet;
  /** Source name → what that webhook source may do here (`POST /actions/{source}`). Absent: nothing. */
  sourceActions?: Record<string, SourceAction[]>;
  /**
   * Slack user id → that person's Airflow user (its id or its name): who may answer a
   * human-in-the-loop request that names `assigned_users`. Absent: nobody may answer such a request
   * from Slack (requests without assigned users need only `actors`).
   */
  airflowUsers?: Record<string, string>;
  /** Where this deployment's alerts go, first match wins. None: its first default channel. */
  alertRoutes?: AlertRoute[];
  /**
   * The watcher asks this deployment's REST API every tick for new failures and alerts on them,
   * with no change to Airflow (README "Alerts without changing DAGs").
   *
   * @default false
   */
  watch?: boolean;
}

/** One alert route: DAGs whose id matches `dags` alert in `channel`. */
export interface AlertRoute {
  /** A DAG id glob: `*` any characters, `?` one character (`etl_*`). */
  dags: string;
  /** Slack channel id (`C…`, `G…`). */
  channel: string;
  /** Slack user-group id (`S…`) mentioned on the first failure of a run. */
  mention?: string;
  /**
   * Written `30m`, `2h`, `1h30m` (1 minute to 24 hours); held in milliseconds. An alert of this
   * route still unresolved and unacknowledged this long after it was posted gets one thread reply
   * mentioning `mention` again. Absent: no reminder.
   */
  remindAfter?: number;
  /**
   * Written `09:00 Europe/Berlin`: the last 24 hours of this channel's alerts are posted to
   * `channel` daily at that time. Absent: no daily digest (`/airflow digest` still works).
   */
  digest?: DigestSchedule;
}

/** What a webhook source may do on a deployment. */
export type SourceAction = 'read' | 'note' | 'mark' | 'clear';

/** A system that sends signed webhooks (Standard Webhooks) to `POST /alerts/{name}` or `POST /actions/{name}`. */
export interface SourceConfig {
  /** Short name, as in the webhook URL. */
  name: string;
  /** Secrets Manager secret holding `{"secrets": ["whsec_…", …]}`; any of them verifies (rotation). */
  secretId: string;
  /** Deployments this source may report alerts on. */
  deployments: string[];
}

/** Which managed service runs a deployment; `airflow` (the default) is a plain Airflow URL. */
export type PlatformKind = 'airflow' | 'astro' | 'mwaa' | 'composer';

/** A self-run Airflow: `platform` may be left out. */
export interface AirflowDeployment extends DeploymentBase {
  platform?: 'airflow';
  auth: AuthKind;
  /** Secrets Manager secret name or ARN holding this deployment's credentials. */
  secretId: string;
}

/**
 * Astronomer: reads and notes through the deployment's Airflow API with an Astro API token
 * (`{"token": "…"}` in `secretId`). With `actions: astro-core-api`, marks and clears go through
 * Astronomer's core API for the runtime `deploymentId` instead.
 */
export interface AstroDeployment extends DeploymentBase {
  platform: 'astro';
  secretId: string;
  actions: 'airflow-api' | 'astro-core-api';
  /** Base URL of the core API, without `/v1alpha1`. */
  coreApiUrl: string;
  organizationId?: string;
  workspaceId?: string;
  /** The runtime id the core API's routes name (`runtimes/{runtimeId}`). */
  deploymentId?: string;
}

/** Amazon MWAA: no secret; the function's IAM role asks for a web login token. */
export interface MwaaDeployment extends DeploymentBase {
  platform: 'mwaa';
  /** MWAA's environment name, as in its ARN. */
  environmentName: string;
  /** AWS region of the environment, e.g. `eu-west-1`. */
  region: string;
  /** MWAA deployments name their API explicitly: the login route differs between Airflow 2 and 3. */
  dialect: 'v1' | 'v2';
}

/** Google Cloud Composer: a service-account key (JSON) in `secretId`, exchanged for OAuth 2 access tokens. */
export interface ComposerDeployment extends DeploymentBase {
  platform: 'composer';
  secretId: string;
  /**
   * The origins the key's `token_uri` may name: the key is posted there, so a key that points
   * anywhere else is refused before anything is sent. `https` origins, or `http` on loopback (a
   * local stand-in).
   *
   * @default ['https://oauth2.googleapis.com', 'https://accounts.google.com']
   */
  tokenUriOrigins: string[];
}

export type DeploymentConfig = AirflowDeployment | AstroDeployment | MwaaDeployment | ComposerDeployment;

export interface DeploymentRegistry {
  deployments: DeploymentConfig[];
  /** Webhook sources (`sources:` in the file); absent when the file names none. */
  sources?: SourceConfig[];
  /** Where the registry was read from, for messages. */
  source: string;
}
