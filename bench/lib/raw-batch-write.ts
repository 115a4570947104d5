import {
  BatchWriteItemCommand,
  type DynamoDbClient,
  type WriteRequest,
} from '../../shared/platform/dynamodb/client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The baseline loader: already-marshalled batches of at most 25 put requests, `concurrency`
 * BatchWriteItem calls in flight, unprocessed items retried with the same capped, jittered
 * exponential backoff the region writer uses. Nothing else: no parsing, no mapping, no marshalling.
 */
export const rawBatchWrite = async (
  client: DynamoDbClient,
  tableName: string,
  batches: ReadonlyArray<readonly WriteRequest[]>,
  concurrency: number,
  maxAttempts = 10,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < batches.length; index = next++) {
      let pending = batches[index] ?? [];
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > maxAttempts) throw new Error(`${pending.length} items left unprocessed`);
        if (attempt > 1) await sleep(Math.min(2000, 25 * 2 ** attempt) * Math.random());
        const output = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: [...pending] } }),
        );
        pending = output.UnprocessedItems?.[tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
};

/** Splits `items` into consecutive chunks of `size`. */
export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
};
