import { ulid } from 'ulid';
import { reportReader } from '../activity-reports/read-wiring.js';
import { termIndex } from '../documents/term-wiring.js';
import { skDocumentDependencies } from '../documents/wiring.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { regionStore } from '../regions/wiring.js';
import { registrationReader, reviewDependencies } from '../registrations/wiring.js';
import { getConsoleConfig } from './config.js';
import type { ConsolePageDeps } from './console-pages.js';
import { JoseAccessTokenVerifier } from './oauth/access-token-verifier.js';
import { ManagedLogin } from './oauth/managed-login.js';
import type { SignInDeps } from './sign-in.js';

/** The managed login and the token verifier from the console configuration, the form secret and the scope. */
export const signInDependencies = (): SignInDeps => {
  const config = getConsoleConfig();
  return {
    identity: new ManagedLogin(config.CONSOLE_AUTH_URL, config.CONSOLE_CLIENT_ID),
    tokens: new JoseAccessTokenVerifier({
      issuer: config.CONSOLE_TOKEN_ISSUER,
      clientId: config.CONSOLE_CLIENT_ID,
      jwksUrl: config.CONSOLE_JWKS_URL,
    }),
    formSecret: config.FORM_SECRET,
    baseUrl: config.CONSOLE_BASE_URL,
    scope: getConfig().SCOPE_CODE,
  };
};

/**
 * The ports of the console function of this container: the managed login and the token verifier
 * from the console configuration, and the registration and region ports of the use cases
 * the `/admin/*` JSON API calls too (the exports have their own function: export-wiring.ts).
 */
export const consolePageDependencies = (): ConsolePageDeps => {
  const reader = registrationReader();
  const reviews = reviewDependencies().registrations;
  return {
    ...signInDependencies(),
    registrations: {
      get: (id, options) => reader.get(id, options),
      list: (query) => reader.list(query),
      listHistory: (id) => reader.listHistory(id),
      changeStatus: (change) => reviews.changeStatus(change),
    },
    clock: systemClock,
    newId: ulid,
    regions: regionStore(),
    documents: skDocumentDependencies(),
    reports: { records: reportReader() },
    terms: { terms: termIndex() },
  };
};
