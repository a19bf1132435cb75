import { z } from 'zod';
import { secretIdSchema } from './secret-id';
import { requiredOr } from './zod-issues';

/**
 * Source names appear in webhook URLs (`POST /alerts/{source}`), so they follow the same rule as
 * deployment names: short, lowercase, nothing to encode.
 */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const NAME_RULE = 'must be 1-32 characters of lowercase letters, digits, "-" and "_", starting with a letter or digit';

/** One system that sends signed webhooks, as written under `sources:` in the registry. */
export const sourceSchema = z.strictObject(
  {
    name: z.string({ error: requiredOr(NAME_RULE) }).regex(SOURCE_NAME, { error: NAME_RULE }),
    secretId: secretIdSchema,
    deployments: z
      .array(z.string({ error: 'must be a deployment name' }), { error: 'must be a list of deployment names' })
      .default([]),
  },
  { error: 'must be an object with name, secretId and deployments' },
);

/** What a source may do on a deployment through `POST /actions/{source}`. */
export const SOURCE_ACTIONS = ['read', 'note', 'mark', 'clear'] as const;

/** A deployment's `sourceActions`: source name → the actions it may take there. */
export const sourceActionsSchema = z.record(
  z.string().regex(SOURCE_NAME, { error: `source names ${NAME_RULE}` }),
  z.array(z.enum(SOURCE_ACTIONS, { error: `must be one of ${SOURCE_ACTIONS.join(', ')}` }), {
    error: `must be a list of actions (${SOURCE_ACTIONS.join(', ')})`,
  }),
  { error: 'must map source names to lists of actions' },
);
