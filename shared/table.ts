/**
 * The single-table design. This one definition feeds the CDK stateful stack and the local
 * runtime's CreateTable, so the two cannot drift.
 */
export const tableDefinition = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  streamViewType: 'NEW_AND_OLD_IMAGES',
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [] as ReadonlyArray<{
    indexName: string;
    partitionKey: { name: string; type: 'S' | 'N' };
    sortKey: { name: string; type: 'S' | 'N' };
  }>,
} as const;

/**
 * Item keys. Regions live in their parent's partition, so one Query lists a region's
 * children in code order and one GetItem reads a region.
 */
export const keys = {
  region: (parentCode: string, code: string) => ({ PK: `REGION#${parentCode}`, SK: `REGION#${code}` }),
  regionChildren: (code: string) => `REGION#${code}`,
  registration: (id: string) => ({ PK: `REG#${id}`, SK: 'REG' }),
  skClaim: (villageCode: string, normalizedSkNumber: string) => ({
    PK: `SKCLAIM#${villageCode}#${normalizedSkNumber}`,
    SK: 'SKCLAIM',
  }),
  idempotency: (scope: string, key: string) => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' }),
} as const;

/** The `type` attribute every item carries, so stream filters and rebuilds can tell items apart. */
export const itemTypes = {
  region: 'REGION',
  registration: 'REGISTRATION',
  skClaim: 'SK_CLAIM',
  idempotency: 'IDEMPOTENCY',
} as const;
