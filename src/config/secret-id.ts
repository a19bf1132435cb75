import { z } from 'zod';
import { requiredOr } from './zod-issues';

/** What Secrets Manager accepts as a secret name. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** A full secret ARN, in any partition (`aws`, `aws-cn`, `aws-us-gov`…). */
const SECRET_ARN = /^arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Whether `value` is a Secrets Manager secret name or a full secret ARN. */
export function isSecretId(value: string): boolean {
  return SECRET_NAME.test(value) || SECRET_ARN.test(value);
}

/** The message given for a value that is not a secret id. It never repeats the value: it could be a pasted secret. */
export const SECRET_ID_RULE =
  'must be a Secrets Manager secret name (1-512 characters of letters, digits and /_+=.@-) or a full arn:aws:secretsmanager:<region>:<account>:secret:<name> ARN';

/** A secret name or ARN, as in a deployment's `secretId` and in `SLACK_SECRET_ID`. */
export const secretIdSchema = z.string({ error: requiredOr(SECRET_ID_RULE) }).refine(isSecretId, { error: SECRET_ID_RULE });
