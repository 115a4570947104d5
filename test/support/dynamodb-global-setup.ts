import 'vitest';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/emulators/dynamodb-local.js';

/** Starts one in-memory DynamoDB Local for the integration tier; tests create their own tables. */
export default async function setup(project: TestProject) {
  // Generous: on a loaded 2-core machine the JVM has been seen to need more than 30 s.
  const dynamo = await startDynamoDbLocal({ startTimeoutMs: 90_000 });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
