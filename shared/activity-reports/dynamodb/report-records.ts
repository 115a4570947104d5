import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { keyCursor, startKeyOf } from '../../platform/dynamodb/cursor.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import { conditionFailed, transactWrite } from '../../platform/dynamodb/transact.js';
import { ValidationError } from '../../platform/errors.js';
import type { ActivityReport, PhotoUpload, ReportPhoto } from '../activity-report.js';
import type { AddPhotoOutcome, CreateReportOutcome, ReportKeyRecord, ReportRecords } from '../ports.js';

/** An Idempotency-Key, and an unconfirmed upload, are forgotten after a day (as the pending object). */
const FORGET_AFTER_SECONDS = 24 * 60 * 60;

const withoutKeys = (item: Record<string, AttributeValue>): Record<string, unknown> => {
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
const reportItem = (report: ActivityReport) => {
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

const expiresAt = (isoTime: string): number => Math.floor(Date.parse(isoTime) / 1000) + FORGET_AFTER_SECONDS;

const invalidCursor = () =>
  new ValidationError([
    {
      field: 'cursor',
      message: 'Kursor tidak berlaku untuk daftar ini; mulai lagi dari halaman pertama.',
      messageEn: 'The cursor does not belong to this listing; start again from the first page.',
    },
  ]);

/**
 * DynamoDB adapter of {@link ReportRecords}: items in the registration's `REPORTS#` partition. The
 * report item carries its photos (at most five) and `photoCount`, which the conditions read; the
 * `COUNT` item is the exact number of reports.
 */
export class DynamoDbReportRecords implements ReportRecords {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly maxReports: number,
  ) {}

  async create(report: ActivityReport, key: ReportKeyRecord | undefined): Promise<CreateReportOutcome> {
    const outcome = await transactWrite(this.client, [
      {
        Put: {
          TableName: this.tableName,
          Item: marshall(reportItem(report), { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.activityReportCount(report.registrationId)),
          UpdateExpression: 'SET #type = :type ADD #count :one',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
          ExpressionAttributeValues: marshall({
            ':one': 1,
            ':max': this.maxReports,
            ':type': itemTypes.activityReportCount,
          }),
        },
      },
      ...(key
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: marshall({
                  ...keys.activityReportKey(report.registrationId, key.keyHash),
                  type: itemTypes.activityReportKey,
                  ...key,
                  expiresAt: expiresAt(report.createdAt),
                }),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ]
        : []),
    ]);
    if (outcome === 'committed') return { kind: 'created' };
    if (key && conditionFailed(outcome[2])) {
      const record = await this.getKeyRecord(report.registrationId, key.keyHash);
      if (record) return { kind: 'key-taken', record };
    }
    if (conditionFailed(outcome[1])) return { kind: 'limit-reached' };
    throw new Error(`Report ${report.reportId} refused by a condition that no longer holds`);
  }

  async getKeyRecord(registrationId: string, keyHash: string): Promise<ReportKeyRecord | undefined> {
    const item = await this.getItem(keys.activityReportKey(registrationId, keyHash));
    if (!item) return undefined;
    const record = unmarshall(item);
    // DynamoDB deletes expired items within days, not at once: an expired key is no key.
    if (typeof record.expiresAt === 'number' && record.expiresAt * 1000 < Date.now()) return undefined;
    return { keyHash: record.keyHash, bodyHash: record.bodyHash, reportId: record.reportId };
  }

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

  async remove(report: ActivityReport): Promise<'removed' | 'gone' | 'changed'> {
    const outcome = await transactWrite(this.client, [
      {
        Delete: {
          TableName: this.tableName,
          Key: marshall(keys.activityReport(report.registrationId, report.reportId)),
          ConditionExpression: 'photoCount = :photos',
          ExpressionAttributeValues: marshall({ ':photos': report.photos.length }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.activityReportCount(report.registrationId)),
          UpdateExpression: 'ADD #count :minusOne',
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: marshall({ ':minusOne': -1, ':zero': 0 }),
        },
      },
    ]);
    if (outcome === 'committed') return 'removed';
    const [reportReason] = outcome;
    if (conditionFailed(reportReason)) return reportReason?.Item ? 'changed' : 'gone';
    throw new Error(
      `The count of ${report.registrationId} was not above zero with report ${report.reportId} in it`,
    );
  }

  async putUpload(upload: PhotoUpload): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({
          ...keys.reportPhotoUpload(upload.registrationId, upload.photoId),
          type: itemTypes.reportPhotoUpload,
          ...upload,
          expiresAt: expiresAt(upload.createdAt),
        }),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getUpload(registrationId: string, photoId: string): Promise<PhotoUpload | undefined> {
    const item = await this.getItem(keys.reportPhotoUpload(registrationId, photoId));
    return item ? (withoutKeys(item) as unknown as PhotoUpload) : undefined;
  }

  async addPhoto(upload: PhotoUpload, photo: ReportPhoto, maxPhotos: number): Promise<AddPhotoOutcome> {
    const outcome = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.reportPhotoUpload(upload.registrationId, upload.photoId)),
          UpdateExpression: 'SET #status = :accepted REMOVE expiresAt',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':accepted': 'ACCEPTED', ':pending': 'PENDING' }),
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.activityReport(upload.registrationId, upload.reportId)),
          UpdateExpression: 'SET photos = list_append(photos, :photo) ADD photoCount :one',
          ConditionExpression: 'attribute_exists(PK) AND photoCount < :max',
          ExpressionAttributeValues: marshall({ ':photo': [photo], ':one': 1, ':max': maxPhotos }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ]);
    if (outcome === 'committed') return 'added';
    const [uploadReason, reportReason] = outcome;
    if (conditionFailed(uploadReason)) return 'upload-not-pending';
    if (!reportReason?.Item) return 'report-gone';
    const photos = (unmarshall(reportReason.Item).photos ?? []) as ReportPhoto[];
    return photos.some((kept) => kept.photoId === photo.photoId) ? 'already-added' : 'report-full';
  }

  async refuse(upload: PhotoUpload, refusal: NonNullable<PhotoUpload['refusal']>): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.reportPhotoUpload(upload.registrationId, upload.photoId)),
          UpdateExpression: 'SET #status = :refused, refusal = :refusal',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':refused': 'REFUSED',
            ':pending': 'PENDING',
            ':refusal': { message: refusal.message, messageEn: refusal.messageEn },
          }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async getItem(key: {
    PK: string;
    SK: string;
  }): Promise<Record<string, AttributeValue> | undefined> {
    const output = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: true }),
    );
    return output.Item;
  }
}
