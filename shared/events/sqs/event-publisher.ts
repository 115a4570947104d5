import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SqsClient,
} from '../../platform/sqs/client.js';
import type { RegistrationEvent } from '../registration-event.js';

/** SendMessageBatch takes at most 10 entries. */
const MAX_BATCH_ENTRIES = 10;

export interface SqsEventPublisherOptions {
  /** Sends of one entry, the first included, before it counts as failed. @default 4 */
  readonly maxAttempts?: number;
  /** Base of the exponential backoff between attempts, in ms (full jitter). @default 50 */
  readonly baseDelayMs?: number;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Publishes events (registration events, award publications: anything with an `eventId`) to each of a set of SQS queues with SendMessageBatch, ten at a
 * time. Entries SQS reports as failed (or a whole call that fails) are sent again, alone, with
 * jittered exponential backoff; entries SQS rejects as the sender's fault are not retried.
 */
export class SqsEventPublisher<E extends { readonly eventId: string } = RegistrationEvent> {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: SqsClient,
    private readonly queueUrls: readonly string[],
    options: SqsEventPublisherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async publish(events: readonly E[]): Promise<ReadonlySet<string>> {
    const chunks: E[][] = [];
    for (let start = 0; start < events.length; start += MAX_BATCH_ENTRIES) {
      chunks.push(events.slice(start, start + MAX_BATCH_ENTRIES));
    }
    const failures = await Promise.all(
      this.queueUrls.flatMap((queueUrl) => chunks.map((chunk) => this.sendChunk(queueUrl, chunk))),
    );
    return new Set(failures.flat());
  }

  /** Sends one chunk to one queue; resolves with the eventIds that still failed. */
  private async sendChunk(queueUrl: string, chunk: readonly E[]): Promise<string[]> {
    let pending: SendMessageBatchRequestEntry[] = chunk.map((event, index) => ({
      Id: String(index),
      MessageBody: JSON.stringify(event),
    }));
    const given = new Map(chunk.map((event, index) => [String(index), event.eventId]));
    const permanent: string[] = [];
    for (let attempt = 1; pending.length > 0; attempt++) {
      let retry: SendMessageBatchRequestEntry[];
      try {
        const output = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }),
        );
        const failed = output.Failed ?? [];
        for (const entry of failed) if (entry.SenderFault) permanent.push(entry.Id ?? '');
        const again = new Set(failed.filter((entry) => !entry.SenderFault).map((entry) => entry.Id));
        retry = pending.filter((entry) => again.has(entry.Id));
      } catch {
        retry = pending;
      }
      if (retry.length === 0 || attempt >= this.maxAttempts) {
        return [...permanent, ...retry.map((entry) => entry.Id ?? '')].map((id) => given.get(id) ?? id);
      }
      pending = retry;
      await this.sleep(this.random() * this.baseDelayMs * 2 ** (attempt - 1));
    }
    return permanent.map((id) => given.get(id) ?? id);
  }
}
