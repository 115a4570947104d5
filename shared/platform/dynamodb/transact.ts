import {
  type CancellationReason,
  type DynamoDBClient,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';

export interface ConflictRetryOptions {
  /** Attempts when a transaction is cancelled by a conflicting one. @default 6 */
  readonly maxConflictAttempts?: number;
  /** Base of the jittered exponential backoff between those attempts. @default 20 */
  readonly backoffBaseMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True when a cancellation reason is a failed condition of ours (not a conflict or a throttle). */
export const conditionFailed = (reason: CancellationReason | undefined): boolean =>
  reason?.Code === 'ConditionalCheckFailed';

/** Waits before attempt `attempt + 1`: exponential, with jitter so racing writers spread out. */
export const conflictBackoff = (attempt: number, options: ConflictRetryOptions = {}): Promise<void> =>
  sleep((options.backoffBaseMs ?? 20) * 2 ** (attempt - 1) * (0.5 + Math.random()));

/** Cancellation reasons that go away by themselves: a concurrent transaction, or throttling of one item. */
const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/**
 * Runs TransactWriteItems. When concurrent transactions or throttling alone cancelled it,
 * tries again with jittered backoff; when one of its conditions failed, returns the cancellation
 * reasons, one per action, for the caller to tell what happened. Anything else is thrown.
 */
export const transactWrite = async (
  client: DynamoDBClient,
  items: TransactWriteItem[],
  options: ConflictRetryOptions = {},
): Promise<'committed' | CancellationReason[]> => {
  const maxAttempts = options.maxConflictAttempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return 'committed';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some(conditionFailed)) return reasons;
      if (!reasons.some((reason) => RETRYABLE_REASONS.has(reason.Code ?? '')) || attempt >= maxAttempts) {
        throw error;
      }
      await conflictBackoff(attempt, options);
    }
  }
};
