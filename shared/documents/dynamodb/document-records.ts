import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDbClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '../../platform/dynamodb/client.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import { conditionFailed, transactWrite } from '../../platform/dynamodb/transact.js';
import type { TermPlacement } from '../current-term.js';
import type { DocumentRecords } from '../ports.js';
import type { SkDocument, SkUpload } from '../sk-document.js';

/** An unconfirmed upload is forgotten after a day, like its object (the bucket's lifecycle rule). */
const PENDING_TTL_SECONDS = 24 * 60 * 60;

const withoutKeys = (item: Record<string, AttributeValue>): Record<string, unknown> => {
  const { PK: _pk, SK: _sk, type: _type, expiresAt: _expires, ...rest } = unmarshall(item);
  return rest;
};

/** DynamoDB adapter of {@link DocumentRecords}: items in the registration's `DOCS#` partition. */
export class DynamoDbDocumentRecords implements DocumentRecords {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  async putUpload(upload: SkUpload): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({
          ...keys.documentUpload(upload.registrationId, upload.uploadId),
          type: itemTypes.documentUpload,
          ...upload,
          expiresAt: Math.floor(Date.parse(upload.createdAt) / 1000) + PENDING_TTL_SECONDS,
        }),
        // A fresh ULID: an existing item means a clash, never something to overwrite.
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getUpload(registrationId: string, uploadId: string): Promise<SkUpload | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.documentUpload(registrationId, uploadId)),
        ConsistentRead: true,
      }),
    );
    return output.Item ? (withoutKeys(output.Item) as unknown as SkUpload) : undefined;
  }

  async accept(upload: SkUpload, document: SkDocument, placement: TermPlacement): Promise<boolean> {
    const actions = [
      {
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.documentUpload(upload.registrationId, upload.uploadId)),
          UpdateExpression: 'SET #status = :accepted REMOVE expiresAt',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':accepted': 'ACCEPTED', ':pending': 'PENDING' }),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: marshall({
            ...keys.skDocument(document.registrationId, document.versionId),
            type: itemTypes.skDocument,
            ...document,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    const currentTerm = {
      Put: {
        TableName: this.tableName,
        Item: marshall({
          ...keys.currentTerm(document.registrationId),
          type: itemTypes.currentTerm,
          GSI1PK: keys.termEnds(placement.regencyCode),
          GSI1SK: keys.termEndSortKey(document.term.end, document.registrationId),
          registrationId: document.registrationId,
          versionId: document.versionId,
          term: document.term,
          villageCode: placement.villageCode,
          districtCode: placement.districtCode,
          regencyCode: placement.regencyCode,
        }),
        // The newest version is current: an older upload confirmed late leaves the newer term be.
        ConditionExpression: 'attribute_not_exists(PK) OR versionId < :versionId',
        ExpressionAttributeValues: marshall({ ':versionId': document.versionId }),
      },
    };
    const outcome = await transactWrite(this.client, [...actions, currentTerm]);
    if (outcome === 'committed') return true;
    const [upload_, version, term] = outcome;
    if (conditionFailed(upload_) || conditionFailed(version)) return false;
    if (!conditionFailed(term)) return false;
    // Only the term's condition failed: a newer version is current. The version is still kept.
    return (await transactWrite(this.client, actions)) === 'committed';
  }

  async refuse(upload: SkUpload, refusal: NonNullable<SkUpload['refusal']>): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.documentUpload(upload.registrationId, upload.uploadId)),
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

  async getVersion(registrationId: string, versionId: string): Promise<SkDocument | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.skDocument(registrationId, versionId)),
        ConsistentRead: true,
      }),
    );
    return output.Item ? (withoutKeys(output.Item) as unknown as SkDocument) : undefined;
  }

  async listVersions(registrationId: string): Promise<SkDocument[]> {
    const versions: SkDocument[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: marshall({
            ':pk': keys.documentsOf(registrationId),
            ':prefix': keys.skDocumentPrefix,
          }),
          ScanIndexForward: false,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) versions.push(withoutKeys(item) as unknown as SkDocument);
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return versions;
  }
}
