import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { ForbiddenError } from '../platform/errors.js';

/**
 * The edit token of a registration: 32 random bytes, base64url. Only its SHA-256 is stored; the
 * token itself is handed out once, in the 201 answer, and proves later that a PUT comes from
 * whoever registered the KIM.
 */
export const newEditToken = (): string => randomBytes(32).toString('base64url');

/** SHA-256 of a secret, hex: how edit tokens and Idempotency-Keys are stored. */
export const sha256Hex = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Refuses (403) a request whose X-Edit-Token is missing or does not open the registration whose
 * token hash is `storedHash`: the token is a capability, not a login, so there is no 401 to
 * challenge with.
 */
export const assertEditToken = (token: string | undefined, storedHash: string): void => {
  if (token === undefined || token === '') {
    throw new ForbiddenError(
      'Header X-Edit-Token wajib diisi dengan token yang diterima saat pendaftaran.',
      'The X-Edit-Token header is required: the token received when registering.',
    );
  }
  if (!editTokenMatches(token, storedHash)) {
    throw new ForbiddenError(
      'Token edit tidak cocok untuk pendaftaran ini.',
      'The edit token does not match this registration.',
    );
  }
};

/** True when `token` hashes to `storedHash`, compared in constant time. */
export const editTokenMatches = (token: string, storedHash: string): boolean => {
  const given = Buffer.from(sha256Hex(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
};

const SEAL_VERSION = 'v1';
const HKDF_INFO = 'kim-registry/idempotent-replay/edit-token/v1';

const keyFrom = (idempotencyKey: string, salt: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', Buffer.from(idempotencyKey, 'utf8'), salt, HKDF_INFO, 32));

/**
 * Encrypts the edit token for the idempotency record, so that a replay can answer it again without
 * the table ever holding it in clear: AES-256-GCM with a key derived (HKDF-SHA256, random salt) from
 * the raw Idempotency-Key, which only the client knows (the table keeps its SHA-256 only).
 * `context` (the record's key hash) is authenticated, binding the ciphertext to its record.
 */
export const sealEditToken = (token: string, idempotencyKey: string, context: string): string => {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(idempotencyKey, salt), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [SEAL_VERSION, salt, iv, sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
};

/** Decrypts what `sealEditToken` sealed; throws when the key, context or ciphertext do not match. */
export const openEditToken = (sealed: string, idempotencyKey: string, context: string): string => {
  const [version, salt, iv, body] = sealed.split('.');
  if (version !== SEAL_VERSION || salt === undefined || iv === undefined || body === undefined) {
    throw new Error('Unknown sealed edit token format');
  }
  const bytes = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyFrom(idempotencyKey, Buffer.from(salt, 'base64url')),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
    'utf8',
  );
};
