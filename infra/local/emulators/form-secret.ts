import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileOnce } from './write-once.js';

/** The file, in the local data folder, that keeps the form pages' signing secret (git-ignored). */
export const FORM_SECRET_FILE = 'form-secret';

const SECRET = /^[0-9a-f]{64}$/;

/** The secret file is there but holds something else: the message says how to get a new one. */
export class FormSecretError extends Error {
  override readonly name = 'FormSecretError';
}

const readSecret = (path: string, shownAs: string): string => {
  const secret = readFileSync(path, 'utf8').trim();
  if (!SECRET.test(secret)) {
    throw new FormSecretError(
      `${shownAs} is not a form secret (64 hex digits): delete it (or run npm run local:reset) and a new one is made at the next npm start`,
    );
  }
  return secret;
};

/**
 * The secret that signs the form pages' CSRF tokens locally, from `<dataDir>/form-secret`, made on
 * first use (32 random bytes, hex) and kept across restarts, so a form open in a browser still
 * posts after `npm start` is restarted. Written under a temporary name and linked into place, so
 * two processes starting at once agree on one secret.
 *
 * @throws FormSecretError when the file holds something else
 */
export const loadOrCreateFormSecret = (dataDir: string, shownAs = dataDir): string => {
  const path = join(dataDir, FORM_SECRET_FILE);
  const shownPath = join(shownAs, FORM_SECRET_FILE);
  try {
    return readSecret(path, shownPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileOnce(path, `${randomBytes(32).toString('hex')}\n`);
  return readSecret(path, shownPath);
};
