import { ulid } from 'ulid';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { regionDependencies } from '../regions/wiring.js';
import type { RegistrationStateSource } from '../village-coverage/ports.js';
import type { AdminQueryDeps } from './admin-queries.js';
import { DynamoDbRegistrationQueryRepository } from './dynamodb/query-repository.js';
import { DynamoDbRegistrationRepository } from './dynamodb/registration-repository.js';
import { DynamoDbRegistrationResubmissionRepository } from './dynamodb/resubmission-repository.js';
import { DynamoDbRegistrationReviewRepository } from './dynamodb/review-repository.js';
import { DynamoDbRegistrationStateSource } from './dynamodb/state-source.js';
import type { RegistrationQueryRepository, RegistrationRepository } from './ports.js';
import type { RegistrationProfileDeps } from './registration-profile.js';
import type { ResubmitRegistrationDeps } from './resubmit-registration.js';
import type { ReviewRegistrationDeps } from './review-registration.js';
import type { SubmitRegistrationDeps } from './submit-registration.js';

// The production ports, one set per function, built once per container from the configuration:
// each function gets the one registration port its use case takes, nothing more. Tests build
// their own ports instead.

const tableName = () => getConfig().TABLE_NAME;

/** POST /registrations. */
export const submissionDependencies = (): SubmitRegistrationDeps => ({
  ...regionDependencies(),
  registrations: new DynamoDbRegistrationRepository(dynamoDbClient, tableName()),
  clock: systemClock,
  newId: ulid,
});

/** GET /registrations/{id}. */
export const statusDependencies = (): { readonly registrations: RegistrationRepository } => ({
  registrations: new DynamoDbRegistrationRepository(dynamoDbClient, tableName()),
});

/** PUT /registrations/{id}. */
export const resubmissionDependencies = (): ResubmitRegistrationDeps => ({
  ...regionDependencies(),
  registrations: new DynamoDbRegistrationResubmissionRepository(dynamoDbClient, tableName()),
  clock: systemClock,
  newId: ulid,
});

/** GET/PATCH /registrations/{id}/profile, and the workspace's profile page. */
export const profileDependencies = (): RegistrationProfileDeps => ({
  ...regionDependencies(),
  registrations: new DynamoDbRegistrationResubmissionRepository(dynamoDbClient, tableName()),
  clock: systemClock,
  newId: ulid,
});

/** POST /admin/registrations/{id}/{verify,reject,deactivate}. */
export const reviewDependencies = (): ReviewRegistrationDeps & { readonly scope: string } => ({
  registrations: new DynamoDbRegistrationReviewRepository(dynamoDbClient, tableName()),
  clock: systemClock,
  newId: ulid,
  scope: getConfig().SCOPE_CODE,
});

/** GET /admin/registrations[/{id}[/history]]. */
export const adminQueryDependencies = (): AdminQueryDeps & { readonly scope: string } => ({
  registrations: registrationReader(),
  scope: getConfig().SCOPE_CODE,
});

/** Read-only access to registrations, for the features that act on them (notifications). */
export const registrationReader = (): RegistrationQueryRepository =>
  new DynamoDbRegistrationQueryRepository(dynamoDbClient, tableName());

/** The registrations as the coverage rebuild recounts them. */
export const registrationStateSource = (): RegistrationStateSource =>
  new DynamoDbRegistrationStateSource(dynamoDbClient, tableName());

/**
 * The public registration form, which both submits and corrects: the submission's ports, with a
 * registration port that also moves a corrected registration's claim.
 */
export const registrationFormDependencies = (): SubmitRegistrationDeps & ResubmitRegistrationDeps => {
  const created = new DynamoDbRegistrationRepository(dynamoDbClient, tableName());
  const corrected = new DynamoDbRegistrationResubmissionRepository(dynamoDbClient, tableName());
  return {
    ...regionDependencies(),
    registrations: {
      create: (registration, idempotency) => created.create(registration, idempotency),
      get: (id, options) => created.get(id, options),
      getIdempotencyRecord: (keyHash) => created.getIdempotencyRecord(keyHash),
      resubmit: (previous, next, history) => corrected.resubmit(previous, next, history),
    },
    clock: systemClock,
    newId: ulid,
  };
};
