import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { indexNames, itemTypes, keys } from '../../platform/dynamodb/table.js';
import { levelOf, parentOf } from '../../platform/region-codes.js';
import type { HistoryEntry } from '../history.js';
import type { GetRegistrationOptions, IdempotencyRecord } from '../ports.js';
import type { Registration } from '../registration.js';
import { registrationStatusViewSchema } from '../schema.js';

// The items of a registration (its claim, audit entries, idempotency records) and the reads that
// the adapters of the registration ports share; the layout is in shared/platform/dynamodb/table.ts.

/** Now, in the epoch seconds DynamoDB's TTL attribute uses. */
export const epochSeconds = () => Math.floor(Date.now() / 1000);

/** Idempotency keys are scoped to the operation they were sent to. */
export const IDEMPOTENCY_SCOPE = 'POST /registrations';

/** Reads a stored record; the response is re-parsed so a replay has the original key order. */
export const toIdempotencyRecord = (item: Record<string, unknown>): IdempotencyRecord => ({
  keyHash: String(item.keyHash),
  bodyHash: String(item.bodyHash),
  response: registrationStatusViewSchema.parse(item.response),
  sealedEditToken: String(item.sealedEditToken),
  expiresAt: Number(item.expiresAt),
});

const toRegistration = (item: Record<string, unknown>): Registration => {
  const { PK: _pk, SK: _sk, type: _type, ...registration } = item;
  return registration as unknown as Registration;
};

export const toHistoryEntry = (item: Record<string, unknown>): HistoryEntry => ({
  id: String(item.entryId),
  at: String(item.at),
  actor: item.actor as HistoryEntry['actor'],
  action: item.action as HistoryEntry['action'],
  fromStatus: (item.fromStatus ?? null) as HistoryEntry['fromStatus'],
  toStatus: item.toStatus as HistoryEntry['toStatus'],
  reason: (item.reason ?? null) as string | null,
});

/** The table item of an audit entry: in the registration's partition, sorted by time. */
export const historyItem = (registrationId: string, entry: HistoryEntry) => ({
  ...keys.history(registrationId, entry.at, entry.id),
  type: itemTypes.history,
  registrationId,
  entryId: entry.id,
  at: entry.at,
  actor: entry.actor,
  action: entry.action,
  fromStatus: entry.fromStatus,
  toStatus: entry.toStatus,
  reason: entry.reason,
});

/** The item that makes (village, normalised SK number) unique: it names the registration holding it. */
export const claimItem = (registration: Registration) => ({
  ...keys.skClaim(registration.villageCode, registration.skNumberNormalized),
  type: itemTypes.skClaim,
  registrationId: registration.id,
  villageCode: registration.villageCode,
});

export const registrationItem = (registration: Registration) =>
  marshall(
    { ...keys.registration(registration.id), type: itemTypes.registration, ...registration },
    { removeUndefinedValues: true },
  );

/** One registration, or undefined; strongly consistent when asked. */
export const readRegistration = async (
  client: DynamoDBClient,
  tableName: string,
  id: string,
  options: GetRegistrationOptions = {},
): Promise<Registration | undefined> => {
  const output = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: marshall(keys.registration(id)),
      ...(options.consistent ? { ConsistentRead: true } : {}),
    }),
  );
  return output.Item ? toRegistration(unmarshall(output.Item)) : undefined;
};

/**
 * Who holds a claim now, read strongly consistent: for a cancelled write whose cancellation
 * reason carried no item.
 */
export const readClaimOwner = async (
  client: DynamoDBClient,
  tableName: string,
  claim: { readonly PK: string; readonly SK: string },
): Promise<string | undefined> => {
  const output = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: marshall({ PK: claim.PK, SK: claim.SK }),
      ConsistentRead: true,
    }),
  );
  return output.Item?.registrationId?.S;
};

/** How a listing reads one region: which index, which partition, which extra filter. */
export interface ListingPlan {
  readonly indexName: string;
  readonly partitionAttribute: string;
  readonly partitionValue: string;
  readonly villageCode?: string;
}

/** The region index that holds the registrations of a region of any level. */
export const planListing = (regionCode: string): ListingPlan => {
  switch (levelOf(regionCode)) {
    case 'village':
      return {
        indexName: indexNames.byDistrict,
        partitionAttribute: 'districtCode',
        partitionValue: parentOf(regionCode) ?? '',
        villageCode: regionCode,
      };
    case 'district':
      return {
        indexName: indexNames.byDistrict,
        partitionAttribute: 'districtCode',
        partitionValue: regionCode,
      };
    case 'regency':
      return {
        indexName: indexNames.byRegency,
        partitionAttribute: 'regencyCode',
        partitionValue: regionCode,
      };
    case 'province':
      return {
        indexName: indexNames.byProvince,
        partitionAttribute: 'provinceCode',
        partitionValue: regionCode,
      };
    case 'country':
      return {
        indexName: indexNames.byCountry,
        partitionAttribute: 'countryCode',
        partitionValue: regionCode,
      };
  }
};
