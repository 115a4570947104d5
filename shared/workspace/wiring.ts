import { getDocumentConfig } from '../documents/config.js';
import { skDocumentDependencies } from '../documents/wiring.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { sesClient } from '../platform/mail/ses-client.js';
import { SesMailer } from '../platform/mail/ses-mailer.js';
import { s3Requests } from '../platform/s3/client.js';
import { receiptCookieName } from '../public-pages/receipt-cookie.js';
import { registrationReader, registrationsByContact } from '../registrations/read-wiring.js';
import { profileDependencies } from '../registrations/wiring.js';
import { getWorkspaceConfig, getWorkspaceMailConfig } from './config.js';
import { DynamoDbRateLimiter } from './dynamodb/rate-limiter.js';
import { signInLinkStore } from './link-wiring.js';
import type { WorkspaceProfileDeps } from './profile-pages.js';
import type { RequestSignInDeps } from './request-sign-in.js';
import type { WorkspacePageDeps } from './workspace-pages.js';

/** What a sign-in request needs: the contact index, the links, the rate limits and the mailer. */
export const signInRequestDependencies = (): RequestSignInDeps => {
  const mail = getWorkspaceMailConfig();
  const tableName = getConfig().TABLE_NAME;
  return {
    registrations: registrationsByContact(),
    links: signInLinkStore(),
    limiter: new DynamoDbRateLimiter(dynamoDbClient, tableName),
    mailer: new SesMailer(sesClient(), {
      from: mail.MAIL_FROM,
      configurationSetName: mail.MAIL_CONFIGURATION_SET,
    }),
    clock: systemClock,
    baseUrl: mail.APP_BASE_URL,
  };
};

/** The ports of the workspace pages of this container. */
export const workspacePageDependencies = (): WorkspacePageDeps => {
  const config = getWorkspaceConfig();
  return {
    ...signInRequestDependencies(),
    formSecret: config.FORM_SECRET,
    registrationReader: registrationReader(),
    documents: skDocumentDependencies(),
    uploadOrigin: s3Requests().objectUrl(getDocumentConfig().DOCUMENT_BUCKET, 'pending/').origin,
    receiptCookieName,
  };
};

/** The ports of the profile page (`/kelola/profil`): the profile use cases' and the village picker's cache. */
export const workspaceProfileDependencies = (): Pick<WorkspaceProfileDeps, 'profile' | 'villageChoices'> => ({
  profile: profileDependencies(),
  villageChoices: new Map(),
});
