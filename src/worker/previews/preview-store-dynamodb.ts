import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BotError } from '../../errors';
import { isConditionalCheckFailure } from '../../aws/conditional-check';
import type { PreviewClaim, PreviewStore, StoredPreview } from './preview-store';

/** Items outlive their validity by a day, so a late click is told "expired" rather than "unknown". */
const KEEP_AFTER_EXPIRY_SECONDS = 24 * 60 * 60;

const UNAVAILABLE = 'Could not reach the store of previews, so nothing was changed. Try again in a moment.';

/**
 * Previews in DynamoDB (the preview ledger table, keyed by `previewId`): one item per preview, put
 * when it is shown, claimed by one conditional `UpdateItem` (exists, not expired, not claimed), so
 * two Confirms handled at once by two Lambdas still apply the preview once. DynamoDB's TTL removes
 * old items (`expiresAt`, epoch seconds); validity is checked by the code (`validUntil`).
 *
 * @example
 * const previews = createDynamoDbPreviewStore({ client, tableName: process.env.PREVIEW_LEDGER_TABLE });
 */
export function createDynamoDbPreviewStore(options: { client: DynamoDBDocumentClient; tableName: string }): PreviewStore {
  const { client, tableName } = options;

  async function send<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw error;
      throw new BotError('unavailable', UNAVAILABLE, { cause: error, details: { table: tableName } });
    }
  }

  async function get(previewId: string): Promise<{ preview: StoredPreview; claimed: boolean } | undefined> {
    const output = await send(() =>
      client.send(new GetCommand({ TableName: tableName, Key: { previewId }, ConsistentRead: true })),
    );
    const item = output.Item;
    if (item === undefined || item.preview === undefined) return undefined;
    return { preview: item.preview as StoredPreview, claimed: item.claimedAt !== undefined };
  }

  return {
    async save(preview) {
      await send(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              previewId: preview.previewId,
              preview: JSON.parse(JSON.stringify(preview)) as unknown,
              validUntil: preview.validUntil,
              expiresAt: Math.ceil(preview.validUntil / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(previewId)',
          }),
        ),
      ).catch((error: unknown) => {
        if (isConditionalCheckFailure(error)) {
          throw new BotError('internal', 'A preview id was issued twice.', { cause: error, details: { table: tableName } });
        }
        throw error;
      });
    },

    async get(previewId) {
      return (await get(previewId))?.preview;
    },

    async claim(previewId, claim): Promise<PreviewClaim> {
      try {
        const output = await send(() =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { previewId },
              UpdateExpression: 'SET claimedAt = :now, claimedBy = :by, claimedAs = :as',
              ConditionExpression: 'attribute_exists(preview) AND validUntil > :now AND attribute_not_exists(claimedAt)',
              ExpressionAttributeValues: { ':now': claim.now, ':by': claim.by, ':as': claim.as },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        return { ok: true, preview: output.Attributes?.preview as StoredPreview };
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
      }
      // The condition failed: read the item to say why.
      const stored = await get(previewId);
      if (stored === undefined) return { ok: false, reason: 'unknown' };
      return { ok: false, reason: stored.claimed ? 'claimed' : 'expired', preview: stored.preview };
    },
  };
}
