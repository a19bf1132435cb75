import { z } from 'zod';
import { DIGEST_RULE, parseDigestSchedule, parseRemindAfter, REMIND_AFTER_RULE } from './oncall-times';
import { secretIdSchema } from './secret-id';
import { sourceActionsSchema } from './sources-schema';
import type { DeploymentConfig } from './types';
import { requiredOr } from './zod-issues';

/** Astronomer's core API, for `actions: astro-core-api`. */
export const ASTRO_CORE_API_URL = 'https://api.astronomer.io';

/** Where Google's service-account keys send their token requests (`token_uri`). */
export const GOOGLE_TOKEN_ORIGINS: readonly string[] = ['https://oauth2.googleapis.com', 'https://accounts.google.com'];

/** Deployment names are typed in Slack, so they stay short and need no quoting. */
export const DEPLOYMENT_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const NAME_RULE = 'must be 1-32 characters of lowercase letters, digits, "-" and "_", starting with a letter or digit';

function slackIdSchema(pattern: RegExp, rule: string) {
  return z.string({ error: rule }).regex(pattern, { error: rule });
}

const channelIdSchema = slackIdSchema(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD (not a channel name)');
const userIdSchema = slackIdSchema(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD (not a user name)');
const userGroupIdSchema = slackIdSchema(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group id such as S0123ABCD (not a handle)');

const URL_RULE = 'must be an http or https URL';

const AIRFLOW_USER_RULE = 'must be an Airflow user id or name (1-250 characters)';

/**
 * An http(s) base URL, kept as written but without trailing slashes. Credentials in the URL are
 * refused (they belong in the secret), and so are the API prefixes the client adds itself.
 */
const baseUrlSchema = z.string({ error: requiredOr(URL_RULE) }).transform((value, ctx) => {
  const reject = (message: string) => {
    ctx.addIssue({ code: 'custom', message, input: value });
    return z.NEVER;
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return reject(URL_RULE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return reject(URL_RULE);
  if (url.username !== '' || url.password !== '') return reject('must not hold a user or password; they belong in the secret');
  if (url.search !== '' || url.hash !== '') return reject('must not have a query or a fragment');
  const trimmed = value.replace(/\/+$/, '');
  if (/\/api\/v[12]$/.test(trimmed)) return reject('must be the base URL, without /api/v1 or /api/v2');
  return trimmed;
});

/** `readers` / `actors`: each list may be left out. */
export const principalSetSchema = z.strictObject(
  {
    users: z.array(userIdSchema, { error: 'must be a list of Slack user ids' }).default([]),
    userGroups: z.array(userGroupIdSchema, { error: 'must be a list of Slack user group ids' }).default([]),
    channels: z.array(channelIdSchema, { error: 'must be a list of Slack channel ids' }).default([]),
  },
  { error: 'must be an object with users, userGroups and channels lists' },
);

/** `alertRoutes` entries: which DAGs alert where, and whom the first failure of a run mentions. */
const alertRouteSchema = z.strictObject(
  {
    dags: z
      .string({ error: requiredOr('must be a DAG id glob such as etl_*') })
      .min(1, { error: 'must not be empty' })
      .max(250, { error: 'must be at most 250 characters' }),
    channel: channelIdSchema,
    mention: userGroupIdSchema.optional(),
    remindAfter: z
      .string({ error: REMIND_AFTER_RULE })
      .transform((value, ctx) => parseRemindAfter(value) ?? reject(ctx, value, REMIND_AFTER_RULE))
      .optional(),
    digest: z
      .string({ error: DIGEST_RULE })
      .transform((value, ctx) => parseDigestSchedule(value) ?? reject(ctx, value, DIGEST_RULE))
      .optional(),
  },
  { error: 'must be an object with dags, channel and optional mention, remindAfter and digest' },
);

function reject(ctx: z.RefinementCtx, input: string, message: string): never {
  ctx.addIssue({ code: 'custom', message, input });
  return z.NEVER;
}

/** Ids the Astro core API puts in its paths: kept to URL-safe characters. */
const astroIdSchema = z
  .string({ error: requiredOr('must be an id of letters and digits') })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be an id of letters and digits' });

const MWAA_ENVIRONMENT_RULE = 'must be an MWAA environment name: 1-80 letters, digits, "-" and "_", starting with a letter';
const REGION_RULE = 'must be an AWS region such as eu-west-1';

/** Fields every platform shares. */
const commonFields = {
  name: z.string({ error: requiredOr(NAME_RULE) }).regex(DEPLOYMENT_NAME, { error: NAME_RULE }),
  displayName: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(80, { error: 'must be at most 80 characters' })
    .optional(),
  apiUrl: baseUrlSchema,
  uiUrl: baseUrlSchema.optional(),
  dialect: z.enum(['v1', 'v2', 'auto'], { error: 'must be one of v1, v2, auto' }).default('auto'),
  defaultChannels: z.array(channelIdSchema, { error: 'must be a list of Slack channel ids' }).default([]),
  readers: principalSetSchema.optional(),
  actors: principalSetSchema.optional(),
  sourceActions: sourceActionsSchema.optional(),
  airflowUsers: z
    .record(userIdSchema, z.string({ error: AIRFLOW_USER_RULE }).trim().min(1, { error: AIRFLOW_USER_RULE }).max(250, { error: AIRFLOW_USER_RULE }), {
      // Only the map itself: a bad key or value keeps its own message.
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'must map Slack user ids to Airflow user ids or names, such as { U0123ABCD: alice }'
          : issue.code === 'invalid_key'
            ? 'must be a Slack user id such as U0123ABCD (not a user name)'
            : undefined,
    })
    .optional(),
  alertRoutes: z.array(alertRouteSchema, { error: 'must be a list of alert routes' }).optional(),
  watch: z.boolean({ error: 'must be true or false' }).optional(),
};

const OBJECT = { error: 'must be an object' };

const airflowSchema = z.strictObject(
  {
    ...commonFields,
    platform: z.literal('airflow').optional(),
    auth: z.enum(['basic', 'password', 'bearer'], { error: requiredOr('must be one of basic, password, bearer') }),
    secretId: secretIdSchema,
  },
  OBJECT,
);

const astroSchema = z
  .strictObject(
    {
      ...commonFields,
      platform: z.literal('astro'),
      secretId: secretIdSchema,
      actions: z.enum(['airflow-api', 'astro-core-api'], { error: 'must be one of airflow-api, astro-core-api' }).default('airflow-api'),
      coreApiUrl: baseUrlSchema.default(ASTRO_CORE_API_URL),
      organizationId: astroIdSchema.optional(),
      workspaceId: astroIdSchema.optional(),
      deploymentId: astroIdSchema.optional(),
    },
    OBJECT,
  )
  .superRefine((entry, ctx) => {
    if (entry.actions !== 'astro-core-api') return;
    for (const field of ['organizationId', 'workspaceId', 'deploymentId'] as const) {
      if (entry[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'is required when actions is astro-core-api', input: undefined });
      }
    }
  });

const mwaaSchema = z.strictObject(
  {
    ...commonFields,
    platform: z.literal('mwaa'),
    // The login route differs between Airflow 2 and 3, so the dialect is not guessed.
    dialect: z.enum(['v1', 'v2'], { error: requiredOr('must be v1 (Airflow 2) or v2 (Airflow 3) on MWAA') }),
    environmentName: z
      .string({ error: requiredOr(MWAA_ENVIRONMENT_RULE) })
      .regex(/^[a-zA-Z][0-9a-zA-Z_-]{0,79}$/, { error: MWAA_ENVIRONMENT_RULE }),
    region: z.string({ error: requiredOr(REGION_RULE) }).regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: REGION_RULE }),
  },
  OBJECT,
);

const ORIGIN_RULE = 'must be an https origin such as https://oauth2.googleapis.com (http only on loopback)';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A token endpoint's origin: https, or http on loopback for a local stand-in; kept as `URL.origin`. */
const tokenOriginSchema = z.string({ error: ORIGIN_RULE }).transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: ORIGIN_RULE, input: value });
    return z.NEVER;
  }
  const httpsOrLoopback = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  const originOnly = url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '';
  if (!httpsOrLoopback || !originOnly) {
    ctx.addIssue({ code: 'custom', message: ORIGIN_RULE, input: value });
    return z.NEVER;
  }
  return url.origin;
});

const composerSchema = z.strictObject(
  {
    ...commonFields,
    platform: z.literal('composer'),
    secretId: secretIdSchema,
    tokenUriOrigins: z
      .array(tokenOriginSchema, { error: 'must be a list of origins such as https://oauth2.googleapis.com' })
      .min(1, { error: 'must name at least one origin' })
      .default(() => [...GOOGLE_TOKEN_ORIGINS]),
  },
  OBJECT,
);

/** One entry of the deployments registry, as written in the file, with its defaults filled in. */
export const deploymentSchema = z
  .discriminatedUnion('platform', [airflowSchema, astroSchema, mwaaSchema, composerSchema], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'must be one of airflow, astro, mwaa, composer' : issue.code === 'invalid_type' ? 'must be an object' : undefined,
  })
  .transform((entry) => ({
    ...entry,
    displayName: entry.displayName ?? entry.name,
    uiUrl: entry.uiUrl ?? entry.apiUrl,
  }));

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Fails to compile when the schema and `DeploymentConfig` drift apart.
const schemaMatchesDeploymentConfig: Equals<z.output<typeof deploymentSchema>, DeploymentConfig> = true;
void schemaMatchesDeploymentConfig;
