import { createHash } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type AttributeValue, type DynamoDbClient, GetItemCommand } from '../../platform/dynamodb/client.js';
import { indexNames, itemTypes, keys, REGISTRATION_SLOT_LENGTH } from '../../platform/dynamodb/table.js';
import { levelOf, parentOf } from '../../platform/region-codes.js';
import { contactEmailHash } from '../contact.js';
import type { HistoryEntry } from '../history.js';
import type { GetRegistrationOptions, IdempotencyRecord } from '../ports.js';
import type { Registration } from '../registration.js';
import { registrationStatusViewSchema } from '../schema.js';

// The items of a registration (its claim, audit entries, idempotency records) and the reads that
// the adapters of the registration ports share; the layout is in shared/platform/dynamodb/table.ts.
//
// Claims. A (village, normalised SK number) has one slot, `REG#<claimSlot>`: whatever item sits
// there decides who holds it. A new registration takes the slot's id (its own ULID time part, the
// slot as its random part) and is written there with one conditional PutItem: the registration
// item is its own claim. The item at a slot holds the claim when it is a registration whose
// current village and SK number are that claim; otherwise its `claimHolder` attribute names the
// holder, if any. That covers the rare cases: a registration that moved to another claim on
// resubmission still sits at its first slot (its id cannot change), so a later holder of that
// first claim is named by `claimHolder` on it; a registration that moves into a claim whose slot
// is free writes a thin claim item there (`type` SK_CLAIM, `claimHolder`, nothing else).

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
  editTokenHash: String(item.editTokenHash),
  expiresAt: Number(item.expiresAt),
});

export const toRegistration = (item: Record<string, unknown>): Registration => {
  const {
    PK: _pk,
    SK: _sk,
    type: _type,
    claimHolder: _claimHolder,
    GSI1PK: _gsi1pk,
    GSI1SK: _gsi1sk,
    ...registration
  } = item;
  return registration as unknown as Registration;
};

/** Whether an item is the registration `id` (the item at its slot may be another, or a claim). */
export const isRegistrationItem = (item: Readonly<Record<string, unknown>>, id: string): boolean =>
  item.type === itemTypes.registration && item.id === id;

export const toHistoryEntry = (item: Record<string, unknown>): HistoryEntry => ({
  id: String(item.entryId),
  at: String(item.at),
  actor: item.actor as HistoryEntry['actor'],
  action: item.action as HistoryEntry['action'],
  fromStatus: (item.fromStatus ?? null) as HistoryEntry['fromStatus'],
  toStatus: item.toStatus as HistoryEntry['toStatus'],
  reason: (item.reason ?? null) as string | null,
  ...(Array.isArray(item.changedFields) ? { changedFields: item.changedFields.map(String) } : {}),
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
  ...(entry.changedFields === undefined ? {} : { changedFields: entry.changedFields }),
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The slot of a (village, normalised SK number): the first 80 bits of the SHA-256 of both, in the
 * Crockford base32 of ULIDs (16 characters). Two claims share a slot with odds of about 10⁻¹³ at a
 * million registrations; a claim whose slot another claim holds is still kept unique (the slot's
 * item then does not hold it, and the later claim is written with `claimHolder`).
 */
export const claimSlot = (villageCode: string, skNumberNormalized: string): string => {
  const digest = createHash('sha256').update(`${villageCode}#${skNumberNormalized}`).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte);
  let slot = '';
  for (let index = REGISTRATION_SLOT_LENGTH - 1; index >= 0; index--) {
    slot += CROCKFORD[Number((bits >> BigInt(5 * index)) & 31n)];
  }
  return slot;
};

/** The slot of a registration's current claim. */
export const claimSlotOf = (registration: Pick<Registration, 'villageCode' | 'skNumberNormalized'>) =>
  claimSlot(registration.villageCode, registration.skNumberNormalized);

/** Whether two registrations (or states) hold the same claim. */
export const sameClaim = (
  a: Pick<Registration, 'villageCode' | 'skNumberNormalized'>,
  b: Pick<Registration, 'villageCode' | 'skNumberNormalized'>,
): boolean => a.villageCode === b.villageCode && a.skNumberNormalized === b.skNumberNormalized;

/** The id a registration takes as the first holder of its claim: its time part, the claim's slot. */
export const slotHolderId = (id: string, slot: string): string =>
  `${id.slice(0, Math.max(0, id.length - REGISTRATION_SLOT_LENGTH))}${slot}`;

/**
 * Who holds a claim, from the item at its slot (unmarshalled): the registration itself when its
 * current claim is this one, else the registration its `claimHolder` names; undefined when free.
 */
export const holderAtSlot = (
  item: Readonly<Record<string, unknown>> | undefined,
  claim: Pick<Registration, 'villageCode' | 'skNumberNormalized'>,
): string | undefined => {
  if (item === undefined) return undefined;
  if (
    item.type === itemTypes.registration &&
    item.villageCode === claim.villageCode &&
    item.skNumberNormalized === claim.skNumberNormalized
  ) {
    return String(item.id);
  }
  return typeof item.claimHolder === 'string' ? item.claimHolder : undefined;
};

/**
 * The condition that a slot's item does not hold `claim`: no `claimHolder`, and not a
 * registration currently holding the claim itself. True for a slot with no item.
 */
export const slotFreeCondition = {
  expression:
    'attribute_not_exists(claimHolder) AND NOT (#type = :registrationType AND villageCode = :claimVillage AND skNumberNormalized = :claimSk)',
  names: { '#type': 'type' },
  values: (claim: Pick<Registration, 'villageCode' | 'skNumberNormalized'>) => ({
    ':registrationType': itemTypes.registration,
    ':claimVillage': claim.villageCode,
    ':claimSk': claim.skNumberNormalized,
  }),
} as const;

/**
 * The item of a registration; `claimHolder` when another registration's claim is kept on it. Its
 * gsi1 keys index it by the hash of its contact address (see `keys.contactPartition`).
 */
export const registrationItem = (registration: Registration, claimHolder?: string) =>
  marshall(
    {
      ...keys.registration(registration.id),
      type: itemTypes.registration,
      ...registration,
      GSI1PK: keys.contactPartition(contactEmailHash(registration.contact.email)),
      GSI1SK: keys.contactSortKey(registration.id),
      ...(claimHolder === undefined ? {} : { claimHolder }),
    },
    { removeUndefinedValues: true },
  );

/** The item at a slot, read strongly consistent (unmarshalled), or undefined. */
export const readSlot = async (
  client: DynamoDbClient,
  tableName: string,
  slot: string,
): Promise<Record<string, unknown> | undefined> => {
  const output = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: marshall(keys.registrationSlot(slot)),
      ConsistentRead: true,
    }),
  );
  return output.Item ? unmarshall(output.Item) : undefined;
};

/** An item DynamoDB returned with a failed condition, unmarshalled, or undefined. */
export const returnedItem = (item: Record<string, AttributeValue> | undefined) =>
  item === undefined ? undefined : unmarshall(item);

/** One registration, or undefined; strongly consistent when asked. */
export const readRegistration = async (
  client: DynamoDbClient,
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
  const item = output.Item ? unmarshall(output.Item) : undefined;
  return item && isRegistrationItem(item, id) ? toRegistration(item) : undefined;
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
