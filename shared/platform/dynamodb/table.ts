/** What a global secondary index copies from the table: everything, or the keys plus a few attributes. */
export type IndexProjection =
  | { readonly type: 'ALL' }
  | { readonly type: 'INCLUDE'; readonly nonKeyAttributes: readonly string[] };

export interface GlobalSecondaryIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' };
  readonly sortKey: { readonly name: string; readonly type: 'S' | 'N' };
  readonly projection: IndexProjection;
}

/**
 * Attributes the registration listing shows, copied into the region indexes (besides their keys,
 * `id` and the table keys). Keeping the rest out keeps each index write small.
 */
export const REGISTRATION_SUMMARY_ATTRIBUTES = [
  'name',
  'villageCode',
  'villageName',
  'districtCode',
  'status',
  'submittedAt',
  'updatedAt',
  'version',
] as const;

/** Index names, as the adapters query them. */
export const indexNames = {
  byDistrict: 'byDistrict',
  byRegency: 'byRegency',
  byProvince: 'byProvince',
  byCountry: 'byCountry',
  gsi1: 'gsi1',
} as const;

const registrationsBy = (indexName: string, attribute: string): GlobalSecondaryIndexDefinition => ({
  indexName,
  partitionKey: { name: attribute, type: 'S' },
  sortKey: { name: 'id', type: 'S' },
  projection: { type: 'INCLUDE', nonKeyAttributes: REGISTRATION_SUMMARY_ATTRIBUTES },
});

/**
 * The single-table design. This one definition feeds the CDK stateful stack and the local
 * runtime's CreateTable, so the two cannot drift.
 *
 * The four region indexes hold registrations only (the only items with a top-level
 * districtCode/regencyCode/provinceCode/countryCode), sorted by id: a ULID, so newest first when
 * read backwards. `gsi1` is overloaded: items set GSI1PK/GSI1SK when they need a listing.
 */
export const tableDefinition = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  streamViewType: 'NEW_AND_OLD_IMAGES',
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    registrationsBy(indexNames.byDistrict, 'districtCode'),
    registrationsBy(indexNames.byRegency, 'regencyCode'),
    registrationsBy(indexNames.byProvince, 'provinceCode'),
    registrationsBy(indexNames.byCountry, 'countryCode'),
    {
      indexName: indexNames.gsi1,
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: { type: 'ALL' },
    },
  ] as readonly GlobalSecondaryIndexDefinition[],
} as const;

/**
 * Item keys. Regions live in their parent's partition, so one Query lists a region's
 * children in code order and one GetItem reads a region. A registration's audit history lives
 * in the registration's partition, sorted by time.
 */
/** Partition of the top region of a scope's tree: the country has no parent. */
export const ROOT_PARENT = 'ROOT';

/** Characters of an id that name its item: a ULID's random part (shorter ids, as tests use, whole). */
export const REGISTRATION_SLOT_LENGTH = 16;

/** The slot of a registration id: its last {@link REGISTRATION_SLOT_LENGTH} characters. */
export const registrationSlotOf = (id: string): string => id.slice(-REGISTRATION_SLOT_LENGTH);

export const keys = {
  region: (parentCode: string, code: string) => ({ PK: `REGION#${parentCode}`, SK: `REGION#${code}` }),
  regionChildren: (code: string) => `REGION#${code}`,
  /**
   * A registration lives at its id's last 16 characters (its ULID's 80 random bits): `REG#<slot>`.
   * The registration store makes that part the fingerprint of the registration's (village,
   * normalised SK number) when the registration is the first to hold it, so the item is its own
   * duplicate claim (see shared/registrations/dynamodb/items.ts). Two ids that share the slot but
   * not the time part name the same item: readers check the item's `id`.
   */
  registration: (id: string) => ({ PK: `REG#${registrationSlotOf(id)}`, SK: 'REG' }),
  /** The item at a slot, whichever registration or claim holds it. */
  registrationSlot: (slot: string) => ({ PK: `REG#${slot}`, SK: 'REG' }),
  history: (registrationId: string, at: string, entryId: string) => ({
    PK: `REG#${registrationSlotOf(registrationId)}`,
    SK: `HIST#${at}#${entryId}`,
  }),
  historyPrefix: 'HIST#',
  /** `keyHash` is the SHA-256 of the client's Idempotency-Key: the raw key is never stored. */
  idempotency: (scope: string, keyHash: string) => ({
    PK: `IDEMPOTENCY#${scope}#${keyHash}`,
    SK: 'IDEMPOTENCY',
  }),
  officer: (id: string) => ({ PK: `OFFICER#${id}`, SK: 'OFFICER' }),
  /**
   * The officers' gsi1 partition: `GSI1SK = <regionCode>#<id>`, so a region prefix lists a subtree
   * (see shared/directory/dynamodb/region-directory.ts).
   */
  officersPartition: 'OFFICERS',
  officerEmailClaim: (regionCode: string, email: string) => ({
    PK: `OFFICEREMAIL#${regionCode}#${email}`,
    SK: 'CLAIM',
  }),
  /**
   * Coverage counters live in their parent's partition, like regions: one Query of
   * `coverageChildren(code)` reads every child's counters. A village has one item; a district or
   * higher has `shard` items whose sum is its counters (see shared/village-coverage/shards.ts).
   */
  villageCoverage: (districtCode: string, villageCode: string) => ({
    PK: `COV#${districtCode}`,
    SK: `COV#${villageCode}`,
  }),
  regionCoverage: (parentCode: string, code: string, shard: number) => ({
    PK: `COV#${parentCode}`,
    SK: `COV#${code}#${shard}`,
  }),
  /** The SK prefix of a region's own counter shards inside its parent's partition. */
  regionCoveragePrefix: (code: string) => `COV#${code}#`,
  coverageChildren: (code: string) => `COV#${code}`,
  /**
   * The send-once ledger: one record per (send, recipient), the exactly-once key of an email. A
   * send is a registration event (notifications) or a region's digest run.
   */
  notification: (sendKey: string, recipientHash: string) => ({
    PK: `NOTIFY#${sendKey}`,
    SK: `TO#${recipientHash}`,
  }),
  digestSubscriber: (id: string) => ({ PK: `DIGESTSUB#${id}`, SK: 'DIGESTSUB' }),
  /** The digest subscribers' gsi1 partition, laid out like the officers'. */
  digestSubscribersPartition: 'DIGESTSUBS',
  digestSubscriberClaim: (regionCode: string, email: string) => ({
    PK: `DIGESTSUBEMAIL#${regionCode}#${email}`,
    SK: 'CLAIM',
  }),
  /** The last digest sent for a region: what "since the last digest" and "the change" compare with. */
  digestRun: (regionCode: string) => ({ PK: `DIGEST#${regionCode}`, SK: 'LAST' }),
  /**
   * A registration's documents live in a partition of their own, apart from the registration item
   * (whose key the write path owns): an upload while it is checked, and each SK version it became.
   */
  documentUpload: (registrationId: string, uploadId: string) => ({
    PK: `DOCS#${registrationId}`,
    SK: `UPLOAD#${uploadId}`,
  }),
  skDocument: (registrationId: string, versionId: string) => ({
    PK: `DOCS#${registrationId}`,
    SK: `SKDOC#${versionId}`,
  }),
  documentsOf: (registrationId: string) => `DOCS#${registrationId}`,
  skDocumentPrefix: 'SKDOC#',
  /**
   * A registration's gsi1 entry by its contact: `GSI1PK = CONTACT#<hash of the normalised email>`
   * (never the address itself), `GSI1SK = REG#<id>`. Set on the registration item itself, so
   * intake stays one PutItem; the workspace's sign-in finds a contact's registrations with it.
   */
  contactPartition: (emailHash: string) => `CONTACT#${emailHash}`,
  contactSortKey: (registrationId: string) => `REG#${registrationId}`,
  /** A workspace sign-in link, by the SHA-256 of its token (the token itself is never stored). */
  signInLink: (tokenHash: string) => ({ PK: `SIGNIN#${tokenHash}`, SK: 'SIGNIN' }),
  /** One fixed rate-limit window of one subject (a hashed address or client). */
  rateWindow: (subject: string, windowStart: number) => ({
    PK: `RATE#${subject}`,
    SK: `WINDOW#${windowStart}`,
  }),
  /**
   * A registration's activity reports live in a partition of their own: each report (with its
   * confirmed photos), the exact count of them, the Idempotency-Keys of their creation and the
   * photo uploads while they are checked.
   */
  reportsOf: (registrationId: string) => `REPORTS#${registrationId}`,
  activityReport: (registrationId: string, reportId: string) => ({
    PK: `REPORTS#${registrationId}`,
    SK: `REPORT#${reportId}`,
  }),
  activityReportPrefix: 'REPORT#',
  activityReportCount: (registrationId: string) => ({ PK: `REPORTS#${registrationId}`, SK: 'COUNT' }),
  activityReportKey: (registrationId: string, keyHash: string) => ({
    PK: `REPORTS#${registrationId}`,
    SK: `IDEMPOTENCY#${keyHash}`,
  }),
  reportPhotoUpload: (registrationId: string, photoId: string) => ({
    PK: `REPORTS#${registrationId}`,
    SK: `PHOTOUPLOAD#${photoId}`,
  }),
  /**
   * The registration's current term (the term of its newest SK version), beside its versions. Its
   * gsi1 keys list the terms of one regency by end date: `GSI1PK = termEnds(regencyCode)`,
   * `GSI1SK = <end>#<registrationId>`, so "ends before D" and "ends by D + 60" are one Query.
   */
  currentTerm: (registrationId: string) => ({ PK: `DOCS#${registrationId}`, SK: 'TERM' }),
  termEnds: (regencyCode: string) => `TERMEND#${regencyCode}`,
  termEndSortKey: (end: string, registrationId: string) => `${end}#${registrationId}`,
  /**
   * An award round's partition holds the round, its jurors, entries, score sheets, published
   * result and audit trail, so one Query reads any of them and one transaction can check the
   * round's status beside a write. Rounds are listed through gsi1 (`AWARDROUNDS`, GSI1SK
   * `<regionCode>#<roundId>`, laid out like the officers'); a juror's rounds and a juror's score
   * sheets through gsi1 too (see shared/awards/dynamodb/award-store.ts).
   */
  awardRound: (roundId: string) => ({ PK: `AWARD#${roundId}`, SK: 'ROUND' }),
  awardPartition: (roundId: string) => `AWARD#${roundId}`,
  awardRoundsPartition: 'AWARDROUNDS',
  awardJuror: (roundId: string, sub: string) => ({ PK: `AWARD#${roundId}`, SK: `JUROR#${sub}` }),
  awardJurorPrefix: 'JUROR#',
  awardJurorRounds: (sub: string) => `AWARDJUROR#${sub}`,
  awardEntry: (roundId: string, entryId: string) => ({ PK: `AWARD#${roundId}`, SK: `ENTRY#${entryId}` }),
  awardEntryPrefix: 'ENTRY#',
  awardScoreSheet: (roundId: string, entryId: string, sub: string) => ({
    PK: `AWARD#${roundId}`,
    SK: `SCORE#${entryId}#${sub}`,
  }),
  awardScorePrefix: 'SCORE#',
  awardJurorScores: (roundId: string, sub: string) => `AWARDSCORES#${roundId}#${sub}`,
  awardResult: (roundId: string) => ({ PK: `AWARD#${roundId}`, SK: 'RESULT' }),
  awardAudit: (roundId: string, at: string, id: string) => ({
    PK: `AWARD#${roundId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  awardAuditPrefix: 'AUDIT#',
} as const;

/** The `type` attribute every item carries, so stream filters and rebuilds can tell items apart. */
export const itemTypes = {
  region: 'REGION',
  registration: 'REGISTRATION',
  history: 'HISTORY',
  skClaim: 'SK_CLAIM',
  idempotency: 'IDEMPOTENCY',
  officer: 'OFFICER',
  officerEmailClaim: 'OFFICER_EMAIL_CLAIM',
  coverage: 'COVERAGE',
  notification: 'NOTIFICATION',
  digestSubscriber: 'DIGEST_SUBSCRIBER',
  digestSubscriberClaim: 'DIGEST_SUBSCRIBER_EMAIL_CLAIM',
  digestRun: 'DIGEST_RUN',
  documentUpload: 'DOCUMENT_UPLOAD',
  skDocument: 'SK_DOCUMENT',
  signInLink: 'SIGN_IN_LINK',
  rateWindow: 'RATE_WINDOW',
  activityReport: 'ACTIVITY_REPORT',
  activityReportCount: 'ACTIVITY_REPORT_COUNT',
  activityReportKey: 'ACTIVITY_REPORT_IDEMPOTENCY',
  reportPhotoUpload: 'REPORT_PHOTO_UPLOAD',
  currentTerm: 'CURRENT_TERM',
  awardRound: 'AWARD_ROUND',
  awardJuror: 'AWARD_JUROR',
  awardEntry: 'AWARD_ENTRY',
  awardScoreSheet: 'AWARD_SCORE_SHEET',
  awardResult: 'AWARD_RESULT',
  awardAudit: 'AWARD_AUDIT',
} as const;
