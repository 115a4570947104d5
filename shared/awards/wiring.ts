import { ulid } from 'ulid';
import { reportReader } from '../activity-reports/read-wiring.js';
import { termIndex } from '../documents/term-wiring.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { regionStore } from '../regions/wiring.js';
import { registrationReader } from '../registrations/read-wiring.js';
import { DynamoDbAwardStore } from './dynamodb/award-store.js';
import { registryKims } from './registry-kims.js';
import { registryActivityReports } from './registry-reports.js';
import { registryTerms } from './registry-terms.js';
import type { AwardApiDeps } from './self-entry.js';

/**
 * The ports of the round set-up handler, built once per container: the KIM, their activity reports
 * and SK terms, read through those features' readers; the registrations, for the KIM's edit token.
 */
export const awardDependencies = (): AwardApiDeps => {
  const registrations = registrationReader();
  return {
    store: new DynamoDbAwardStore(dynamoDbClient, getConfig().TABLE_NAME),
    kims: registryKims(registrations),
    registrations,
    regions: regionStore(),
    activityReports: registryActivityReports(reportReader()),
    terms: registryTerms(termIndex()),
    clock: systemClock,
    newId: ulid,
    scope: getConfig().SCOPE_CODE,
  };
};
