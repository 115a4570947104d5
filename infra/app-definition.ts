/**
 * The one table of functions and routes. The CDK stateless stack and the local gateway are both
 * built from it, so the API that runs locally is the API that is deployed.
 */

import { ADMIN_API_SCOPES } from '../shared/auth/access-policy.js';

/** DynamoDB actions a function may be granted on the table (least privilege, per function). */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:BatchGetItem';

/** Object actions a function may be granted on the document bucket, each on key prefixes only. */
export type BucketAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

export interface BucketGrant {
  readonly actions: readonly BucketAction[];
  /** Key prefixes (`pending/`, `documents/`): the grant covers `<prefix>*` and nothing else. */
  readonly prefixes: readonly string[];
}

export interface FunctionDefinition {
  /** Source file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Table actions the function needs; nothing else on the table is granted. */
  readonly tableActions: readonly TableAction[];
  /** What the function may do in the document bucket, if anything; it gets DOCUMENT_BUCKET then. @default none */
  readonly bucketGrants?: readonly BucketGrant[];
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
}

export const functionDefinitions = {
  createRegistration: {
    entry: 'functions/registrations/create-registration.ts',
    description: 'POST /registrations: validates and stores a KIM registration',
    // One PutItem (with an Idempotency-Key, the key's record's PutItem first, and its DeleteItem
    // when the registration is refused as a duplicate); UpdateItem only when the claim's slot
    // holds a registration that moved away and the claim is recorded on it.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  },
  getRegistration: {
    entry: 'functions/registrations/get-registration.ts',
    description: 'GET /registrations/{id}: public status view without personal data',
    tableActions: ['dynamodb:GetItem'],
  },
  getRegion: {
    entry: 'functions/regions/get-region.ts',
    description: 'GET /regions/{code}: a region with its children and village counts',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  getOpenApi: {
    entry: 'functions/openapi/get-openapi.ts',
    description: 'GET /openapi.json: the OpenAPI 3.1 document generated from the zod schemas',
    tableActions: [],
  },
  listAdminRegistrations: {
    entry: 'functions/registrations/admin-registrations.ts',
    description:
      'GET /admin/registrations[/{id}[/history]]: registrations in the caller region, full details, audit trail',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  reviewRegistration: {
    entry: 'functions/registrations/review-registration.ts',
    description:
      'POST /admin/registrations/{id}/{verify,reject,deactivate}: status changes with an audit record',
    tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
  },
  resubmitRegistration: {
    entry: 'functions/registrations/resubmit-registration.ts',
    description: 'PUT /registrations/{id}: a KIM corrects its REJECTED registration with its edit token',
    // The registration is replaced whole (Put), the SK claim moved by two Updates (release, take).
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  registrationProfile: {
    entry: 'functions/registrations/registration-profile.ts',
    description:
      'GET/PATCH /registrations/{id}/profile: the KIM reads and updates its profile with its edit token',
    // Region reads (Get); the registration is replaced whole (Put) with its audit entry (Put), and
    // a changed SK claim moved by two Updates (release, take), as a correction does.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  manageOfficers: {
    entry: 'functions/directory/officers.ts',
    description: 'GET/POST/PUT/DELETE /admin/officers: the PPID officer directory (admin only)',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  },
  getCoverage: {
    entry: 'functions/village-coverage/get-coverage.ts',
    description:
      'GET /coverage/{code}[/missing]: coverage counters of a region and its children, villages without a KIM',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  coveragePages: {
    entry: 'functions/public-pages/coverage-pages.ts',
    description:
      'GET /, /cakupan[/{code}]: the home page and the coverage dashboard (server-rendered HTML), and the hashed stylesheet',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  kimPages: {
    entry: 'functions/public-pages/kim-pages.ts',
    description:
      'GET /status/{id}, /kim[/{id}]: registration status and the directory of verified KIM, with their activity reports (server-rendered HTML)',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  awardPages: {
    entry: 'functions/public-pages/award-pages.ts',
    description:
      "GET /penghargaan[/{round}]: the published award rounds and a round's results (server-rendered HTML)",
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  reportPhotos: {
    entry: 'functions/activity-reports/report-photos.ts',
    description: 'GET /kim/{id}/laporan/{reportId}/foto/{photoId}: a stripped photo of a verified KIM report',
    tableActions: ['dynamodb:GetItem'],
    // Reading the stored (stripped) photos only.
    bucketGrants: [{ actions: ['s3:GetObject'], prefixes: ['reports/'] }],
  },
  registrationPages: {
    entry: 'functions/public-pages/registration-pages.ts',
    description:
      'GET/POST /daftar, GET /daftar/{id}, GET/POST /ubah/{id}: the registration form, its receipt and the correction form',
    // Region reads (Get, Query) for the village picker; a registration is written as the API writes it
    // (Put, Update, and Delete of a duplicate's idempotency record), a correction replaces it and
    // moves its SK claim (Put, Update).
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
  },
  skDocuments: {
    entry: 'functions/documents/sk-documents.ts',
    description:
      'SK documents: presigned upload, byte check and versions by edit token; versions and short-lived links for officers',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    bucketGrants: [
      // Signing the upload URL, reading the upload back, moving it into documents/, removing it.
      { actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], prefixes: ['pending/'] },
      // The copy of a checked upload, and the officers' download links.
      { actions: ['s3:PutObject', 's3:GetObject'], prefixes: ['documents/'] },
    ],
    timeoutSeconds: 20,
    memorySize: 512,
  },
  activityReports: {
    entry: 'functions/activity-reports/activity-reports.ts',
    description:
      'Activity reports of a KIM by edit token: create (idempotent), list, read, delete with their photos',
    // A report, its count and its Idempotency-Key in one transaction (Put, Update); a delete
    // (Delete, Update) likewise.
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    // Removing a deleted report's photos.
    bucketGrants: [{ actions: ['s3:DeleteObject'], prefixes: ['reports/'] }],
  },
  reportPhotoUploads: {
    entry: 'functions/activity-reports/report-photo-uploads.ts',
    description:
      'Photos of activity reports by edit token: presigned upload, byte check, metadata (EXIF, GPS, XMP) stripped before keeping',
    // The upload record (Put, then Update in a transaction with the report's photo list).
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    bucketGrants: [
      // Signing the upload URL, reading the upload back, removing it.
      { actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], prefixes: ['pending/'] },
      // Writing the stripped photo (and removing it when the report is gone or full).
      { actions: ['s3:PutObject', 's3:DeleteObject'], prefixes: ['reports/'] },
    ],
    timeoutSeconds: 20,
    memorySize: 512,
  },
  consolePages: {
    entry: 'functions/console/console-pages.ts',
    description:
      'GET/POST /konsol/...: the console of PPID officers and admins (sign-in, review queue, review)',
    // The reads of GET /admin/registrations (and the region reads of the filters), and the writes
    // of a review as POST /admin/registrations/{id}/... makes them.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    // Signing the short-lived links that open a registration's SK versions.
    bucketGrants: [{ actions: ['s3:GetObject'], prefixes: ['documents/'] }],
    memorySize: 512,
    timeoutSeconds: 30,
  },
  consoleExports: {
    entry: 'functions/console/console-exports.ts',
    description:
      'GET /konsol/ekspor[/pendaftaran|/cakupan]: the console exports of registrations and coverage (XLSX, CSV)',
    // The registration listing of GET /admin/registrations, the regions of the filter, the coverage reads.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    memorySize: 512,
    timeoutSeconds: 30,
  },
  workspacePages: {
    entry: 'functions/workspace/workspace-pages.ts',
    description:
      'GET/POST /kelola/...: the KIM workspace (sign-in link, session, home, SK upload, profile) and the way in from a fresh receipt',
    // Registration reads (Get), the contact index (Query, also the SK versions), the sign-in links
    // (Put, Get, Delete), the rate-limit counters (Update), the upload records (Put, Update), the
    // region reads of the profile form (Get, Query), and a profile update: the registration
    // replaced with its audit entry (Put) and a changed SK claim moved (Update), as PATCH
    // /registrations/{id}/profile does.
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    bucketGrants: [
      // As skDocuments: signing the upload URL, reading it back, moving it into documents/.
      { actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], prefixes: ['pending/'] },
      { actions: ['s3:PutObject', 's3:GetObject'], prefixes: ['documents/'] },
    ],
    timeoutSeconds: 20,
    memorySize: 512,
  },
  workspaceReportPages: {
    entry: 'functions/workspace/workspace-report-pages.ts',
    description:
      'GET/POST /kelola/laporan...: the KIM workspace activity reports (list, create, photos, delete), by the workspace session',
    // The registration read (Get) and the activity reports as activityReports and
    // reportPhotoUploads use them: a report, its count and key in one transaction (Put, Update),
    // a delete (Delete, Update), the reports listed (Query).
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    bucketGrants: [
      // Signing a photo's upload URL, reading the upload back, removing it.
      { actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], prefixes: ['pending/'] },
      // Writing the stripped photo, removing a photo (a full or deleted report's).
      { actions: ['s3:PutObject', 's3:DeleteObject'], prefixes: ['reports/'] },
    ],
    timeoutSeconds: 20,
    memorySize: 512,
  },
  workspaceAwardPages: {
    entry: 'functions/workspace/workspace-award-pages.ts',
    description:
      'GET/POST /kelola/penghargaan...: the KIM workspace award pages (open self-entry rounds, entering one), by the workspace session',
    // The registration read (Get); the rounds listed, the KIM's entries, its activity reports and
    // SK terms (Get, Query); the self-entry as manageAwards writes it: a TransactWriteItems of a
    // ConditionCheck on the round, the entry's Put and the audit Put.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'],
    timeoutSeconds: 20,
    memorySize: 512,
  },
  workspaceSignInRequests: {
    entry: 'functions/workspace/sign-in-requests.ts',
    description: 'POST /workspace/sign-in-requests: emails one-time workspace links to a KIM contact',
    // The contact index (Query), the links (Put) and the rate-limit counters (Update).
    tableActions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  consoleAdminPages: {
    entry: 'functions/console/console-admin-pages.ts',
    description:
      'GET/POST /konsol/admin...: officers, digest subscribers, send the digest now, rebuild coverage (admins)',
    // What the officer, subscriber, send-now and rebuild functions are granted, together.
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:UpdateItem',
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
    ],
    memorySize: 1024,
    timeoutSeconds: 30,
  },
  consoleAwardPages: {
    entry: 'functions/console/console-award-pages.ts',
    description:
      'GET/POST /konsol/penghargaan...: award rounds in the console (admins set up and publish, jurors score)',
    // What manageAwards and judgeAwards are granted, together: the same use cases run here.
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
    memorySize: 512,
    timeoutSeconds: 30,
  },
  fanOut: {
    entry: 'functions/events/fan-out.ts',
    description:
      'Table stream: turns registration changes into events on the coverage and notification queues, award publications into events on the notification queue',
    tableActions: [],
    timeoutSeconds: 30,
  },
  applyCoverage: {
    entry: 'functions/village-coverage/apply-coverage.ts',
    description: 'Coverage queue: applies registration events to the coverage counters, exactly once',
    tableActions: [
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
    memorySize: 512,
    timeoutSeconds: 30,
  },
  notify: {
    entry: 'functions/notifications/notify.ts',
    description:
      "Notification queue: emails the PPID officers of a new registration, the KIM contact of a review, and an award round's winners and their officers",
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    timeoutSeconds: 30,
  },
  rebuildCoverage: {
    entry: 'functions/village-coverage/rebuild-coverage.ts',
    description:
      'POST /admin/coverage/rebuild: recomputes the coverage counters of a region from the registrations and repairs drift',
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
    memorySize: 1024,
    timeoutSeconds: 30,
  },
  scheduledRebuildCoverage: {
    entry: 'functions/village-coverage/scheduled-rebuild-coverage.ts',
    description:
      'Weekly schedule: rebuilds the coverage of the whole scope and publishes the drift as a metric',
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
    memorySize: 1024,
    timeoutSeconds: 900,
  },
  manageDigestSubscribers: {
    entry: 'functions/directory/digest-subscribers.ts',
    description:
      'GET/POST/DELETE /admin/digest-subscribers: who receives the coverage digest of which region (admin only)',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  },
  sendDigestsNow: {
    entry: 'functions/digests/send-digests-now.ts',
    description: 'POST /admin/digests/send: sends the coverage digests now (admin only)',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    memorySize: 1024,
    timeoutSeconds: 30,
  },
  sendDigests: {
    entry: 'functions/digests/send-digests.ts',
    description: 'Weekly schedule: sends every digest subscriber the coverage digest of their region',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    memorySize: 1024,
    timeoutSeconds: 900,
  },
  sendTermReminders: {
    entry: 'functions/notifications/send-term-reminders.ts',
    description:
      'Daily schedule: emails the KIM contact and PPID officers 60 and 14 days before a KIM term ends, once each',
    // Query of the term index and of officers, reads of terms and registrations; the send-once
    // ledger's Put, Update and Delete (a released claim).
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    timeoutSeconds: 900,
  },
  manageAwards: {
    entry: 'functions/awards/awards.ts',
    description:
      '/admin/awards/rounds[/{roundId}[/jurors/{sub},/entries[/automatic]]]: award rounds, jurors and entries (admins); a KIM self-entry',
    // Reads of rounds, regions, registrations, their activity reports and SK terms (an entry's
    // facts); every write is a TransactWriteItems of a ConditionCheck on the round, the Put and the
    // audit Put.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'],
    timeoutSeconds: 30,
  },
  judgeAwards: {
    entry: 'functions/awards/judging.ts',
    description:
      '/admin/awards/rounds/{roundId}/{conflicts,entries,scores,ranking,publish,audit}: judging, ranking and publication',
    // As manageAwards, and an Update: publication turns the round PUBLISHED. No registration is read.
    tableActions: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
  },
  awardScoreSheet: {
    entry: 'functions/awards/score-sheet.ts',
    description:
      'GET /admin/awards/rounds/{roundId}/score-sheet: the jury score sheet of a round in XLSX (admins)',
    // Reads only: the round, its entries, jurors, score sheets and published result. Its own
    // function, so the spreadsheet writer is bundled into no other.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    memorySize: 512,
    timeoutSeconds: 30,
  },
  seedRegions: {
    entry: 'functions/regions/seed-regions.ts',
    description: 'Custom resource: writes the deployment scope regions and their village counts',
    tableActions: ['dynamodb:BatchWriteItem'],
    memorySize: 1024,
    timeoutSeconds: 900,
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functionDefinitions;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax, for example `/registrations/{id}`. */
  readonly path: string;
  readonly function: FunctionName;
  /**
   * `public` routes have no authorizer. `jwt` routes sit behind the Cognito JWT authorizer (on
   * AWS) or the local issuer's verification (npm start), which require at least one of `scopes`
   * (API Gateway's rule; every route here names exactly one).
   */
  readonly auth: 'public' | 'jwt';
  /** OAuth scopes the token must carry; only for `jwt` routes. */
  readonly scopes?: readonly string[];
  /**
   * `html`: a server-rendered page for people (documented in the README), not an operation of the
   * JSON API, so the OpenAPI document leaves it out.
   * @default 'json'
   */
  readonly content?: 'json' | 'html';
}

/** OAuth scopes of the admin API (Cognito resource server `kim-registry`). */
export const oauthScopes = ADMIN_API_SCOPES;

export const routes: readonly RouteDefinition[] = [
  { method: 'POST', path: '/registrations', function: 'createRegistration', auth: 'public' },
  { method: 'GET', path: '/registrations/{id}', function: 'getRegistration', auth: 'public' },
  { method: 'GET', path: '/regions/{code}', function: 'getRegion', auth: 'public' },
  { method: 'GET', path: '/openapi.json', function: 'getOpenApi', auth: 'public' },
  { method: 'PUT', path: '/registrations/{id}', function: 'resubmitRegistration', auth: 'public' },
  ...(['GET', 'PATCH'] as const).map(
    (method): RouteDefinition => ({
      method,
      path: '/registrations/{id}/profile',
      function: 'registrationProfile',
      auth: 'public',
    }),
  ),
  ...(
    ['/admin/registrations', '/admin/registrations/{id}', '/admin/registrations/{id}/history'] as const
  ).map(
    (path): RouteDefinition => ({
      method: 'GET',
      path,
      function: 'listAdminRegistrations',
      auth: 'jwt',
      scopes: [oauthScopes.review],
    }),
  ),
  ...(['verify', 'reject', 'deactivate'] as const).map(
    (action): RouteDefinition => ({
      method: 'POST',
      path: `/admin/registrations/{id}/${action}`,
      function: 'reviewRegistration',
      auth: 'jwt',
      scopes: [oauthScopes.review],
    }),
  ),
  { method: 'GET', path: '/coverage/{code}', function: 'getCoverage', auth: 'public' },
  { method: 'GET', path: '/coverage/{code}/missing', function: 'getCoverage', auth: 'public' },
  // SK documents: the KIM's own routes carry its edit token; the officers' sit behind the authorizer.
  ...(
    [
      ['POST', '/registrations/{id}/documents/sk'],
      ['POST', '/registrations/{id}/documents/sk/{uploadId}/confirm'],
      ['GET', '/registrations/{id}/documents/sk'],
    ] as const
  ).map(([method, path]): RouteDefinition => ({ method, path, function: 'skDocuments', auth: 'public' })),
  ...(
    ['/admin/registrations/{id}/documents/sk', '/admin/registrations/{id}/documents/sk/{versionId}'] as const
  ).map(
    (path): RouteDefinition => ({
      method: 'GET',
      path,
      function: 'skDocuments',
      auth: 'jwt',
      scopes: [oauthScopes.review],
    }),
  ),
  // Activity reports: the KIM's own routes, by its edit token.
  ...(
    [
      ['POST', '/registrations/{id}/reports'],
      ['GET', '/registrations/{id}/reports'],
      ['GET', '/registrations/{id}/reports/{reportId}'],
      ['DELETE', '/registrations/{id}/reports/{reportId}'],
    ] as const
  ).map(([method, path]): RouteDefinition => ({ method, path, function: 'activityReports', auth: 'public' })),
  ...(
    [
      ['POST', '/registrations/{id}/reports/{reportId}/photos'],
      ['POST', '/registrations/{id}/reports/{reportId}/photos/{photoId}/confirm'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({ method, path, function: 'reportPhotoUploads', auth: 'public' }),
  ),
  // The public web pages (Indonesian paths) and their static assets.
  ...(
    [
      ['/', 'coveragePages'],
      ['/cakupan', 'coveragePages'],
      ['/cakupan/{code}', 'coveragePages'],
      ['/assets/{file}', 'coveragePages'],
      ['/status/{id}', 'kimPages'],
      ['/kim', 'kimPages'],
      ['/kim/{id}', 'kimPages'],
      ['/kim/{id}/laporan/{reportId}/foto/{photoId}', 'reportPhotos'],
      ['/penghargaan', 'awardPages'],
      ['/penghargaan/{round}', 'awardPages'],
    ] as const
  ).map(
    ([path, fn]): RouteDefinition => ({
      method: 'GET',
      path,
      function: fn,
      auth: 'public',
      content: 'html',
    }),
  ),
  ...(
    [
      ['GET', '/daftar'],
      ['POST', '/daftar'],
      ['GET', '/daftar/{id}'],
      ['GET', '/ubah/{id}'],
      ['POST', '/ubah/{id}'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'registrationPages',
      auth: 'public',
      content: 'html',
    }),
  ),
  // The console: its function checks the session cookie itself (the JWT authorizer reads an
  // Authorization header, which a browser navigating pages does not send).
  ...(
    [
      ['GET', '/konsol'],
      ['GET', '/konsol/masuk'],
      ['GET', '/konsol/masuk/kembali'],
      ['POST', '/konsol/keluar'],
      ['GET', '/konsol/keluar/selesai'],
      ['GET', '/konsol/pendaftaran/{id}'],
      ['GET', '/konsol/pendaftaran/{id}/sk/{versionId}'],
      ['POST', '/konsol/pendaftaran/{id}/verifikasi'],
      ['POST', '/konsol/pendaftaran/{id}/tolak'],
      ['POST', '/konsol/pendaftaran/{id}/nonaktifkan'],
      ['GET', '/konsol/aset/{file}'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'consolePages',
      auth: 'public',
      content: 'html',
    }),
  ),
  ...(['/konsol/ekspor', '/konsol/ekspor/pendaftaran', '/konsol/ekspor/cakupan'] as const).map(
    (path): RouteDefinition => ({
      method: 'GET',
      path,
      function: 'consoleExports',
      auth: 'public',
      content: 'html',
    }),
  ),
  ...(
    [
      ['GET', '/konsol/admin'],
      ['POST', '/konsol/admin/petugas'],
      ['POST', '/konsol/admin/petugas/{id}/hapus'],
      ['POST', '/konsol/admin/penerima'],
      ['POST', '/konsol/admin/penerima/{id}/hapus'],
      ['POST', '/konsol/admin/ringkasan'],
      ['POST', '/konsol/admin/cakupan'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'consoleAdminPages',
      auth: 'public',
      content: 'html',
    }),
  ),
  ...(
    [
      ['GET', '/konsol/penghargaan'],
      ['POST', '/konsol/penghargaan'],
      ['GET', '/konsol/penghargaan/{roundId}'],
      ['POST', '/konsol/penghargaan/{roundId}/juri'],
      ['POST', '/konsol/penghargaan/{roundId}/peserta-otomatis'],
      ['POST', '/konsol/penghargaan/{roundId}/konflik'],
      ['GET', '/konsol/penghargaan/{roundId}/peserta/{entryId}'],
      ['POST', '/konsol/penghargaan/{roundId}/peserta/{entryId}'],
      ['GET', '/konsol/penghargaan/{roundId}/peringkat'],
      ['GET', '/konsol/penghargaan/{roundId}/umumkan'],
      ['POST', '/konsol/penghargaan/{roundId}/umumkan'],
      ['GET', '/konsol/penghargaan/{roundId}/audit'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'consoleAwardPages',
      auth: 'public',
      content: 'html',
    }),
  ),
  // The KIM workspace: its function checks its own session cookie, like the console's.
  ...(
    [
      ['GET', '/kelola'],
      ['POST', '/kelola'],
      ['GET', '/kelola/masuk/{id}'],
      ['POST', '/kelola/masuk/{id}'],
      ['POST', '/kelola/keluar'],
      ['GET', '/kelola/keluar/selesai'],
      ['GET', '/kelola/sk'],
      ['POST', '/kelola/sk'],
      // The upload page's script: the announcement of POST /registrations/{id}/documents/sk,
      // authorised by the session instead of the edit token.
      ['POST', '/kelola/sk/unggahan'],
      ['GET', '/kelola/profil'],
      ['POST', '/kelola/profil'],
      ['GET', '/kelola/aset/{file}'],
      ['GET', '/daftar/{id}/kelola'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'workspacePages',
      auth: 'public',
      content: 'html',
    }),
  ),
  // The workspace's activity reports (the use cases of /registrations/{id}/reports, by the session).
  ...(
    [
      ['GET', '/kelola/laporan'],
      ['GET', '/kelola/laporan/baru'],
      ['POST', '/kelola/laporan/baru'],
      ['GET', '/kelola/laporan/{reportId}'],
      ['POST', '/kelola/laporan/{reportId}/foto'],
      // The photo form's script: the announcement of POST /registrations/{id}/reports/{reportId}/photos.
      ['POST', '/kelola/laporan/{reportId}/foto/unggahan'],
      ['GET', '/kelola/laporan/{reportId}/hapus'],
      ['POST', '/kelola/laporan/{reportId}/hapus'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'workspaceReportPages',
      auth: 'public',
      content: 'html',
    }),
  ),
  // The workspace's award pages (the self-entry use case of PUT
  // /registrations/{id}/award-entries/{roundId}, by the session).
  ...(
    [
      ['GET', '/kelola/penghargaan'],
      ['GET', '/kelola/penghargaan/{roundId}'],
      ['POST', '/kelola/penghargaan/{roundId}'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'workspaceAwardPages',
      auth: 'public',
      content: 'html',
    }),
  ),
  {
    method: 'POST',
    path: '/workspace/sign-in-requests',
    function: 'workspaceSignInRequests',
    auth: 'public',
  },
  {
    method: 'POST',
    path: '/admin/coverage/rebuild',
    function: 'rebuildCoverage',
    auth: 'jwt',
    scopes: [oauthScopes.directory],
  },
  ...(
    [
      ['GET', '/admin/digest-subscribers'],
      ['POST', '/admin/digest-subscribers'],
      ['DELETE', '/admin/digest-subscribers/{id}'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'manageDigestSubscribers',
      auth: 'jwt',
      scopes: [oauthScopes.directory],
    }),
  ),
  {
    method: 'POST',
    path: '/admin/digests/send',
    function: 'sendDigestsNow',
    auth: 'jwt',
    scopes: [oauthScopes.directory],
  },
  ...(
    [
      ['GET', '/admin/officers'],
      ['POST', '/admin/officers'],
      ['PUT', '/admin/officers/{id}'],
      ['DELETE', '/admin/officers/{id}'],
    ] as const
  ).map(
    ([method, path]): RouteDefinition => ({
      method,
      path,
      function: 'manageOfficers',
      auth: 'jwt',
      scopes: [oauthScopes.directory],
    }),
  ),
  // Award rounds: admins manage them, jurors (console users assigned per round) score.
  ...(
    [
      ['GET', '/admin/awards/rounds', 'manageAwards'],
      ['POST', '/admin/awards/rounds', 'manageAwards'],
      ['GET', '/admin/awards/rounds/{roundId}', 'manageAwards'],
      ['PUT', '/admin/awards/rounds/{roundId}/jurors/{sub}', 'manageAwards'],
      ['POST', '/admin/awards/rounds/{roundId}/entries', 'manageAwards'],
      ['POST', '/admin/awards/rounds/{roundId}/entries/automatic', 'manageAwards'],
      ['POST', '/admin/awards/rounds/{roundId}/conflicts', 'judgeAwards'],
      ['GET', '/admin/awards/rounds/{roundId}/entries', 'judgeAwards'],
      ['PUT', '/admin/awards/rounds/{roundId}/entries/{entryId}/scores', 'judgeAwards'],
      ['GET', '/admin/awards/rounds/{roundId}/ranking', 'judgeAwards'],
      ['POST', '/admin/awards/rounds/{roundId}/publish', 'judgeAwards'],
      ['GET', '/admin/awards/rounds/{roundId}/audit', 'judgeAwards'],
      ['GET', '/admin/awards/rounds/{roundId}/score-sheet', 'awardScoreSheet'],
    ] as const
  ).map(
    ([method, path, fn]): RouteDefinition => ({
      method,
      path,
      function: fn,
      auth: 'jwt',
      scopes: [oauthScopes.awards],
    }),
  ),
  // A KIM enters itself in a self-entry round, by its edit token.
  {
    method: 'PUT',
    path: '/registrations/{id}/award-entries/{roundId}',
    function: 'manageAwards',
    auth: 'public',
  },
];

/** Environment every function gets, on AWS and locally. */
export interface FunctionEnvironment {
  TABLE_NAME: string;
  SCOPE_CODE: string;
  POWERTOOLS_SERVICE_NAME: string;
  LOG_LEVEL: string;
}
