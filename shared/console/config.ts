import * as z from 'zod/mini';
import { configFromEnv, parseEnv } from '../platform/config.js';
import { formConfigSchema } from '../platform/web/form-config.js';

const httpUrl = z.pipe(
  z.url({ protocol: /^https?$/ }),
  z.transform((url: string) => url.replace(/\/+$/, '')),
);

/**
 * Settings of the console function. On AWS the stack sets them from the Cognito user pool (its
 * managed login domain, app client and issuer) and the site's address; locally the local stack sets
 * them from the local issuer. FORM_SECRET (at least 32 characters) also keys the session cookies.
 */
export const consoleConfigSchema = z.extend(formConfigSchema, {
  /** Base of the managed login: `https://<prefix>.auth.<region>.amazoncognito.com`, or the local issuer. */
  CONSOLE_AUTH_URL: httpUrl,
  /** The `iss` of the access tokens: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  CONSOLE_TOKEN_ISSUER: httpUrl,
  /** Where the issuer's public keys are: `<issuer>/.well-known/jwks.json` on Cognito. */
  CONSOLE_JWKS_URL: z.url({ protocol: /^https?$/ }),
  /** The app client (public, PKCE): the `client_id` of the access tokens. */
  CONSOLE_CLIENT_ID: z.string().check(z.minLength(1)),
  /** The site's own address, which the sign-in returns to: `<base>/konsol/masuk/kembali`. */
  CONSOLE_BASE_URL: httpUrl,
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

/** Parses `env` into a ConsoleConfig, or throws one clear error naming every bad variable. */
export const parseConsoleConfig = (env: NodeJS.ProcessEnv): ConsoleConfig =>
  parseEnv(consoleConfigSchema, env, 'console configuration');

/** The console configuration of this process, parsed on first use at module load of its handler. */
export const getConsoleConfig = configFromEnv(consoleConfigSchema, 'console configuration');
