import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** A client for the local stack's SQS (fauxqs): dummy credentials, requests to the endpoint whatever the queue URL's host. */
export const localSqsClient = (endpoint: string) =>
  new SQSClient({
    endpoint,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });

/** Messages waiting in a queue, and those received but not yet deleted (in flight). */
export const queueDepth = async (sqs: SQSClient, queueUrl: string) => {
  const output = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(output.Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(output.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
};

/** Receives (without deleting) every message now visible in a queue: for a DLQ no one polls. */
export const peekAll = async (sqs: SQSClient, queueUrl: string): Promise<Message[]> => {
  const messages: Message[] = [];
  for (;;) {
    const output = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
    );
    if ((output.Messages ?? []).length === 0) return messages;
    messages.push(...(output.Messages ?? []));
  }
};
