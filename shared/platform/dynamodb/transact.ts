import {
  type CancellationReason,
  type DynamoDbClient,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from './client.js';

/**
 * The one retry policy of every TransactWriteItems of the table: how often and how patiently a
 * transaction cancelled by a transient reason is sent again.
 */
export interface ConflictRetryOptions {
  /** Sends in all, the first included, while only transient reasons cancel the transaction. @default 6 */
  readonly maxAttempts?: number;
  /** Base of the exponential backoff: the wait before send n + 1 is base × 2^(n−1), jittered. @default 20 */
  readonly backoffBaseMs?: number;
  /** A number in [0, 1) that spreads the wait over 0.5–1.5 times its nominal length. @default Math.random */
  readonly jitter?: () => number;
  /** Waits that long. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_BACKOFF_BASE_MS = 20;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True when a cancellation reason is a failed condition of ours (not a conflict or a throttle). */
export const conditionFailed = (reason: CancellationReason | undefined): boolean =>
  reason?.Code === 'ConditionalCheckFailed';

/**
 * Cancellation reasons that go away by themselves: a concurrent transaction on one of the items,
 * or throttling of one item (on-demand `ThrottlingError`, provisioned `ProvisionedThroughputExceeded`).
 */
const TRANSIENT_REASONS: ReadonlySet<string> = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/** True when every action that cancelled the transaction did so for a transient reason. */
const transientOnly = (reasons: readonly CancellationReason[]): boolean => {
  const causes = reasons.filter((reason) => reason.Code !== undefined && reason.Code !== 'None');
  return causes.length > 0 && causes.every((reason) => TRANSIENT_REASONS.has(reason.Code ?? ''));
};

/** The wait before send `attempt + 1`: exponential, with jitter so racing writers spread out. */
const backoffMs = (attempt: number, options: ConflictRetryOptions = {}): number =>
  (options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS) *
  2 ** (attempt - 1) *
  (0.5 + (options.jitter ?? Math.random)());

/**
 * Runs TransactWriteItems under the table's one retry policy:
 * - cancelled by transient reasons only (TransactionConflict, ThrottlingError,
 *   ProvisionedThroughputExceeded): sent again after a jittered exponential backoff, at most
 *   `maxAttempts` sends in all, then the last cancellation is thrown;
 * - cancelled by a failed condition of ours: never sent again; the cancellation reasons come back,
 *   one per action in order (with the item, where the action asked for
 *   `ReturnValuesOnConditionCheckFailure`), for the caller to tell what happened;
 * - anything else is thrown at once: other cancellations (ValidationError, item too large) would
 *   fail the same way again, and a request-level ThrottlingException,
 *   ProvisionedThroughputExceededException or RequestLimitExceeded has already been retried by the
 *   client's own retry strategy (see client.ts), so sending it again here would multiply its attempts.
 */
export const transactWrite = async (
  client: DynamoDbClient,
  items: TransactWriteItem[],
  options: ConflictRetryOptions = {},
): Promise<'committed' | CancellationReason[]> => {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return 'committed';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some(conditionFailed)) return reasons;
      if (!transientOnly(reasons) || attempt >= maxAttempts) throw error;
      await sleep(backoffMs(attempt, options));
    }
  }
};
