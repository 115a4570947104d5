import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbSignInLinks } from './dynamodb/sign-in-links.js';
import { issueSignInLink, type SignInLinkStore } from './sign-in-link.js';

// Apart from wiring.ts, so that the notify function, which only mints links, does not load the
// workspace's pages, documents and mailer.

/** The store of sign-in links in the table. */
export const signInLinkStore = (): SignInLinkStore =>
  new DynamoDbSignInLinks(dynamoDbClient, getConfig().TABLE_NAME);

/**
 * Mints the workspace links of verification emails (the notify function): a link of its own
 * for each email, under `baseUrl`.
 */
export const signInLinkIssuer = (baseUrl: string) => {
  const links = signInLinkStore();
  return {
    issue: (registrationId: string) =>
      issueSignInLink({ links, clock: systemClock }, registrationId, baseUrl),
  };
};
