import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  ConditionalCheckFailedException,
  type DynamoDbClient,
  PutItemCommand,
  UpdateItemCommand,
} from '../../platform/dynamodb/client.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import { conditionFailed, transactWrite } from '../../platform/dynamodb/transact.js';
import type { AddPhotoOutcome, CreateReportOutcome, ReportKeyRecord, ReportRecords } from '../ports.js';
import type { ActivityReport, PhotoUpload, ReportPhoto } from '../report.js';
import { DynamoDbReportReader, reportItem, withoutKeys } from './report-reader.js';

/** An Idempotency-Key, and an unconfirmed upload, are forgotten after a day (as the pending object). */
const FORGET_AFTER_SECONDS = 24 * 60 * 60;

const expiresAt = (isoTime: string): number => Math.floor(Date.parse(isoTime) / 1000) + FORGET_AFTER_SECONDS;

/**
 * DynamoDB adapter of {@link ReportRecords}: items in the registration's `REPORTS#` partition. The
 * report item carries its photos (at most five) and `photoCount`, which the conditions read; the
 * `COUNT` item is the exact number of reports.
 */
export class DynamoDbReportRecords extends DynamoDbReportReader implements ReportRecords {
  constructor(
    client: DynamoDbClient,
    tableName: string,
    private readonly maxReports: number,
  ) {
    super(client, tableName);
  }

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
}
