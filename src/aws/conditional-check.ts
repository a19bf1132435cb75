import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * Whether a DynamoDB call failed only because its condition was false. By class, or by name when
 * the error crossed a copy of the SDK (bundling can duplicate it).
 */
export function isConditionalCheckFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}
