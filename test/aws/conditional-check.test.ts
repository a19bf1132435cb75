import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailure } from '../../src/aws/conditional-check';

describe('isConditionalCheckFailure', () => {
  it("is true for the SDK's condition failure, and for one from another copy of the SDK by its name", () => {
    const copy = Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

    expect(isConditionalCheckFailure(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))).toBe(true);
    expect(isConditionalCheckFailure(copy)).toBe(true);
  });

  it('is false for any other failure, and for what is not an error', () => {
    expect(isConditionalCheckFailure(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }))).toBe(false);
    expect(isConditionalCheckFailure(new Error('ConditionalCheckFailedException'))).toBe(false);
    expect(isConditionalCheckFailure({ name: 'ConditionalCheckFailedException' })).toBe(false);
    expect(isConditionalCheckFailure(undefined)).toBe(false);
  });
});
