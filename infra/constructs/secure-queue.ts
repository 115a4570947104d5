import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** How long a failed message waits for someone to look at it. @default Duration.days(14) (SQS's maximum) */
  readonly retentionPeriod?: Duration;
  /**
   * What this queue is the dead-letter queue of, when that is not another queue's redrive policy
   * (an event source mapping's on-failure destination, a schedule target's DLQ). cdk-nag only
   * recognises redrive policies and function DLQs as dead-letter use, so this names the real one.
   * @default - the queue is the redrive target of another queue
   */
  readonly deadLetterQueueOf?: string;
}

/**
 * A dead-letter queue: SQS-managed server-side encryption, SSL-only, long retention. Nothing
 * consumes it; an alarm on its depth tells someone to look.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps = {}) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(14),
    });
    if (props.deadLetterQueueOf !== undefined) {
      Validations.of(this.queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself a dead-letter queue: ${props.deadLetterQueueOf}. A dead-letter queue of a dead-letter queue would only move the same messages once more; the depth alarm on this queue is the safety net.`,
      });
    }
  }
}

export interface QueueWithDeadLetterQueueProps {
  /** Must be at least 6× the consumer function's timeout (AWS guidance for Lambda consumers). */
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod: Duration;
  /** @default Duration.days(14) */
  readonly deadLetterRetentionPeriod?: Duration;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

/**
 * A work queue and its dead-letter queue, both encrypted (SQS-managed SSE) and SSL-only: after
 * `maxReceiveCount` receives without a delete, SQS moves the message to the dead-letter queue.
 */
export class QueueWithDeadLetterQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: QueueWithDeadLetterQueueProps) {
    super(scope, id);
    if (!Number.isInteger(props.maxReceiveCount) || props.maxReceiveCount < 1) {
      throw new Error(`${this.node.path}: maxReceiveCount must be a whole number ≥ 1`);
    }
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetter', {
      retentionPeriod: props.deadLetterRetentionPeriod,
    }).queue;
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
