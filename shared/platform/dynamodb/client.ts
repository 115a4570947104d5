import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * The one DynamoDB client of a function, created once per container. Locally the endpoint comes
 * from `AWS_ENDPOINT_URL_DYNAMODB`, which the SDK reads itself.
 */
export const dynamoDbClient = new DynamoDBClient({ maxAttempts: 5 });
