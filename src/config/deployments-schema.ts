import { z } from 'zod';
import { secretIdSchema } from './secret-id';
import { sourceActionsSchema } from './sources-schema';
import type { DeploymentConfig } from './types';
import { requiredOr } from './zod-issues';

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
  },
  { error: 'must be an object with dags, channel and an optional mention' },
);

/** One entry of the deployments registry, as written in the file, with its defaults filled in. */
export const deploymentSchema = z
  .strictObject(
    {
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
      auth: z.enum(['basic', 'password', 'bearer'], { error: requiredOr('must be one of basic, password, bearer') }),
      secretId: secretIdSchema,
      defaultChannels: z.array(channelIdSchema, { error: 'must be a list of Slack channel ids' }).default([]),
      readers: principalSetSchema.optional(),
      actors: principalSetSchema.optional(),
      alertRoutes: z.array(alertRouteSchema, { error: 'must be a list of alert routes' }).optional(),
      sourceActions: sourceActionsSchema.optional(),
    },
    { error: 'must be an object' },
  )
  .transform(({ displayName, uiUrl, ...rest }) => ({
    ...rest,
    displayName: displayName ?? rest.name,
    uiUrl: uiUrl ?? rest.apiUrl,
  }));

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Fails to compile when the schema and `DeploymentConfig` drift apart.
const schemaMatchesDeploymentConfig: Equals<z.output<typeof deploymentSchema>, DeploymentConfig> = true;
void schemaMatchesDeploymentConfig;
