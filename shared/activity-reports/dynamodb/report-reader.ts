import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  type DynamoDbClient,
  GetItemCommand,
  QueryCommand,
} from '../../platform/dynamodb/client.js';
import { keyCursor, startKeyOf } from '../../platform/dynamodb/cursor.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import { ValidationError } from '../../platform/errors.js';
import type { ReportReader } from '../ports.js';
import type { ActivityReport } from '../report.js';

export const withoutKeys = (item: Record<string, AttributeValue>): Record<string, unknown> => {
  const {
    PK: _pk,
    SK: _sk,
    type: _type,
    expiresAt: _expires,
    photoCount: _photos,
    ...rest
  } = unmarshall(item);
  return rest;
};

/**
 * A report as its item holds it: `type` is every item's kind (stream filters and rebuilds read
 * it), so the kind of activity is kept as `activityType`.
 */
export const reportItem = (report: ActivityReport) => {
  const { type: activityType, ...rest } = report;
  return {
    ...keys.activityReport(report.registrationId, report.reportId),
    type: itemTypes.activityReport,
    ...rest,
    activityType,
    photoCount: report.photos.length,
  };
};

const reportOf = (item: Record<string, AttributeValue>): ActivityReport => {
  const { activityType, ...rest } = withoutKeys(item);
  return { ...rest, type: activityType } as unknown as ActivityReport;
};

const invalidCursor = () =>
  new ValidationError([
    {
      field: 'cursor',
      message: 'Kursor tidak berlaku untuk daftar ini; mulai lagi dari halaman pertama.',
      messageEn: 'The cursor does not belong to this listing; start again from the first page.',
    },
  ]);

/**
 * DynamoDB adapter of {@link ReportReader}: items in the registration's `REPORTS#` partition. The
 * pages that show reports use it alone, without the write path (see report-records.ts).
 */
export class DynamoDbReportReader implements ReportReader {
  constructor(
    protected readonly client: DynamoDbClient,
    protected readonly tableName: string,
  ) {}

  async get(registrationId: string, reportId: string): Promise<ActivityReport | undefined> {
    const item = await this.getItem(keys.activityReport(registrationId, reportId));
    return item ? reportOf(item) : undefined;
  }

  async list(
    registrationId: string,
    page: { readonly limit: number; readonly cursor?: string | undefined },
  ): Promise<{ items: ActivityReport[]; nextCursor?: string }> {
    const partition = keys.reportsOf(registrationId);
    let startKey: Record<string, AttributeValue> | undefined;
    if (page.cursor !== undefined) {
      startKey = startKeyOf(
        page.cursor,
        ['PK', 'SK'],
        (key) => key.PK === partition && key.SK?.startsWith(keys.activityReportPrefix) === true,
      );
      if (!startKey) throw invalidCursor();
    }
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: marshall({ ':pk': partition, ':prefix': keys.activityReportPrefix }),
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: startKey,
      }),
    );
    const items = (output.Items ?? []).map(reportOf);
    const last = output.LastEvaluatedKey;
    return last ? { items, nextCursor: keyCursor(unmarshall(last)) } : { items };
  }

  async count(registrationId: string): Promise<number> {
    const item = await this.getItem(keys.activityReportCount(registrationId));
    const count = item ? unmarshall(item).count : 0;
    return typeof count === 'number' ? count : 0;
  }

  protected async getItem(key: {
    PK: string;
    SK: string;
  }): Promise<Record<string, AttributeValue> | undefined> {
    const output = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: true }),
    );
    return output.Item;
  }
}
