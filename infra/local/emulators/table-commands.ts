import type * as Sdk from '@aws-sdk/client-dynamodb';
import { AwsCommand } from '../../../shared/platform/aws/json-client.js';

/**
 * The table-level operations the local stack, the tests and the benchmarks send (creating,
 * describing and deleting a table, its time to live), beside the item operations of
 * shared/platform/dynamodb/client.ts, which are all a function sends. Outputs are DynamoDB's JSON:
 * a date is a number of seconds, not a Date.
 */
type Output<T> = Omit<T, '$metadata'>;

export class CreateTableCommand extends AwsCommand<
  Sdk.CreateTableCommandInput,
  Output<Sdk.CreateTableCommandOutput>
> {
  readonly operation = 'CreateTable';
}

export class DescribeTableCommand extends AwsCommand<
  Sdk.DescribeTableCommandInput,
  Output<Sdk.DescribeTableCommandOutput>
> {
  readonly operation = 'DescribeTable';
}

export class DeleteTableCommand extends AwsCommand<
  Sdk.DeleteTableCommandInput,
  Output<Sdk.DeleteTableCommandOutput>
> {
  readonly operation = 'DeleteTable';
}

export class UpdateTimeToLiveCommand extends AwsCommand<
  Sdk.UpdateTimeToLiveCommandInput,
  Output<Sdk.UpdateTimeToLiveCommandOutput>
> {
  readonly operation = 'UpdateTimeToLive';
}

export class DescribeTimeToLiveCommand extends AwsCommand<
  Sdk.DescribeTimeToLiveCommandInput,
  Output<Sdk.DescribeTimeToLiveCommandOutput>
> {
  readonly operation = 'DescribeTimeToLive';
}

export class ListTablesCommand extends AwsCommand<
  Sdk.ListTablesCommandInput,
  Output<Sdk.ListTablesCommandOutput>
> {
  readonly operation = 'ListTables';
}
