import {
  type CancellationReason,
  type DynamoDBClient,
  GetItemCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { OfficerMailStatus } from '../../notifications/ports.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import type { EmailUndeliverable, Officer } from '../officer.js';
import type {
  OfficerListQuery,
  OfficerPage,
  OfficerRepository,
  OfficerWriteOutcome,
} from '../officer-ports.js';
import { listRegionDirectory } from './region-directory-listing.js';

/** Attempts at a create whose email claim is released between the failed write and the read-back. */
const MAX_CREATE_ATTEMPTS = 3;

const officerItem = (officer: Officer) =>
  marshall(
    {
      ...keys.officer(officer.id),
      type: itemTypes.officer,
      ...keys.officerListing(officer.regionCode, officer.id),
      ...officer,
    },
    { removeUndefinedValues: true },
  );

const claimKey = (officer: Officer) => keys.officerEmailClaim(officer.regionCode, officer.email);

const claimItem = (officer: Officer) =>
  marshall({ ...claimKey(officer), type: itemTypes.officerEmailClaim, officerId: officer.id });

const toOfficer = (item: Record<string, unknown>): Officer => ({
  id: String(item.id),
  name: String(item.name),
  email: String(item.email),
  regionCode: String(item.regionCode),
  active: item.active === true,
  createdAt: String(item.createdAt),
  updatedAt: String(item.updatedAt),
  version: Number(item.version),
  ...(isUndeliverableMark(item.emailUndeliverable)
    ? { emailUndeliverable: { at: item.emailUndeliverable.at, reason: item.emailUndeliverable.reason } }
    : {}),
});

const isUndeliverableMark = (value: unknown): value is EmailUndeliverable =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>).at === 'string' &&
  typeof (value as Record<string, unknown>).reason === 'string';

/** DynamoDB adapter of the officer directory: officer items, email claims, and the gsi1 listing. */
export class DynamoDbOfficerStore implements OfficerRepository, OfficerMailStatus {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly options: ConflictRetryOptions = {},
  ) {}

  async get(id: string, options: { readonly consistent?: boolean } = {}): Promise<Officer | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.officer(id)),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return output.Item ? toOfficer(unmarshall(output.Item)) : undefined;
  }

  async create(officer: Officer): Promise<Exclude<OfficerWriteOutcome, { kind: 'conflict' }>> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.transact([
        {
          Put: {
            TableName: this.tableName,
            Item: officerItem(officer),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        this.putClaim(officer),
      ]);
      if (outcome === 'committed') return { kind: 'written' };
      const existingId = await this.claimOwner(outcome[1], officer);
      if (existingId !== undefined) return { kind: 'duplicate', existingId };
      if (!conditionFailed(outcome[1]) || attempt >= MAX_CREATE_ATTEMPTS) {
        throw new Error('Officer create cancelled for an unexpected reason');
      }
      // The claim was released between the write and the read: try again.
    }
  }

  async update(previous: Officer, next: Officer): Promise<OfficerWriteOutcome> {
    const claimMoves = claimKey(previous).PK !== claimKey(next).PK;
    const outcome = await this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: officerItem(next),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: marshall({ ':version': previous.version }),
        },
      },
      ...(claimMoves ? [this.deleteClaim(previous), this.putClaim(next)] : []),
    ]);
    if (outcome === 'committed') return { kind: 'written' };
    const [officerReason, oldClaimReason, newClaimReason] = outcome;
    if (conditionFailed(officerReason)) return { kind: 'conflict' };
    if (conditionFailed(newClaimReason)) {
      const existingId = await this.claimOwner(newClaimReason, next);
      return existingId === undefined ? { kind: 'conflict' } : { kind: 'duplicate', existingId };
    }
    if (conditionFailed(oldClaimReason)) throw new Error('The officer does not own its email claim');
    throw new Error('Officer update cancelled for an unexpected reason');
  }

  async delete(officer: Officer): Promise<'deleted' | 'conflict'> {
    const outcome = await this.transact([
      {
        Delete: {
          TableName: this.tableName,
          Key: marshall(keys.officer(officer.id)),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: marshall({ ':version': officer.version }),
        },
      },
      this.deleteClaim(officer),
    ]);
    if (outcome === 'committed') return 'deleted';
    if (conditionFailed(outcome[0])) return 'conflict';
    throw new Error('The officer does not own its email claim');
  }

  async list(query: OfficerListQuery): Promise<OfficerPage> {
    return listRegionDirectory(
      this.client,
      this.tableName,
      { partition: keys.officersPartition, keyOf: keys.officer },
      query,
      toOfficer,
    );
  }

  /**
   * Sets `emailUndeliverable` if the officer still has `email`. The version grows too, so an
   * admin's PUT based on an earlier read conflicts instead of silently dropping the mark.
   */
  async markEmailUndeliverable(officerId: string, email: string, mark: EmailUndeliverable): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.officer(officerId)),
          UpdateExpression: 'SET emailUndeliverable = :mark, version = version + :one',
          ConditionExpression: 'attribute_exists(PK) AND email = :email',
          ExpressionAttributeValues: marshall({
            ':mark': { at: mark.at, reason: mark.reason },
            ':one': 1,
            ':email': email,
          }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  private putClaim(officer: Officer): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: claimItem(officer),
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  private deleteClaim(officer: Officer): TransactWriteItem {
    return {
      Delete: {
        TableName: this.tableName,
        Key: marshall(claimKey(officer)),
        ConditionExpression: 'officerId = :id',
        ExpressionAttributeValues: marshall({ ':id': officer.id }),
      },
    };
  }

  /** Who holds the claim a write failed on: from the failure itself, else read back. */
  private async claimOwner(
    reason: CancellationReason | undefined,
    officer: Officer,
  ): Promise<string | undefined> {
    if (!conditionFailed(reason)) return undefined;
    const fromFailure = reason?.Item?.officerId?.S;
    if (fromFailure !== undefined) return fromFailure;
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(claimKey(officer)),
        ConsistentRead: true,
      }),
    );
    return output.Item?.officerId?.S;
  }

  private transact(items: TransactWriteItem[]) {
    return transactWrite(this.client, items, this.options);
  }
}
