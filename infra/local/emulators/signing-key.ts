import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { writeFileOnce } from './write-once.js';

/** The file, in the local data folder, that keeps the local issuer's private signing key (git-ignored). */
export const SIGNING_KEY_FILE = 'oidc-signing-key.json';

/** The one algorithm of the local issuer: RS256, as Cognito signs its tokens. */
export const SIGNING_ALGORITHM = 'RS256';

/** A private RSA key as a JWK, with the `kid` and `alg` the tokens and the JWKS carry. */
export interface SigningJwk extends JWK {
  readonly kty: 'RSA';
  readonly kid: string;
  readonly alg: typeof SIGNING_ALGORITHM;
  readonly d: string;
}

/** The key file is there but is not a private RSA JWK: the message says how to get a new one. */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

const isSigningJwk = (value: unknown): value is SigningJwk => {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    jwk.kty === 'RSA' &&
    jwk.alg === SIGNING_ALGORITHM &&
    ['kid', 'n', 'e', 'd', 'p', 'q'].every((field) => typeof jwk[field] === 'string' && jwk[field] !== '')
  );
};

const readKey = (path: string, shownAs: string): SigningJwk => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    parsed = undefined;
  }
  if (!isSigningJwk(parsed)) {
    throw new SigningKeyError(
      `${shownAs} is not a private RS256 JWK: delete it (or run npm run local:reset) and a new key is made at the next npm start or npm run token`,
    );
  }
  return parsed;
};

const newKey = async (): Promise<SigningJwk> => {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const key = { ...jwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  if (!isSigningJwk(key)) throw new Error('The generated key is not a private RSA JWK');
  return key;
};

/**
 * The local issuer's signing key, from `<dataDir>/oidc-signing-key.json`, made on first use.
 * `npm start` (the issuer) and `npm run token` (the signer) both call this, in either order or at
 * once: the file is written under a temporary name and linked into place, so exactly one key wins
 * and nobody reads half a file. Kept across restarts, so a printed token keeps working.
 *
 * @throws SigningKeyError when the file holds something else
 */
export const loadOrCreateSigningKey = async (dataDir: string, shownAs = dataDir): Promise<SigningJwk> => {
  const path = join(dataDir, SIGNING_KEY_FILE);
  const shownPath = join(shownAs, SIGNING_KEY_FILE);
  try {
    return readKey(path, shownPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileOnce(path, `${JSON.stringify(await newKey(), null, 2)}\n`);
  return readKey(path, shownPath);
};

/** The public half of a signing key, as the JWKS publishes it. */
export const publicJwk = (key: SigningJwk): JWK => {
  const { kty, n, e, kid, alg } = key;
  return { kty, n, e, kid, alg, use: 'sig' };
};
