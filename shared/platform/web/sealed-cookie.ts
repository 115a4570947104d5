import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Cookie values sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the form secret:
 * the browser holds them but can neither read nor change them. `purpose` names the key (each page
 * set derives its own), and the cookie's base name is the additional authenticated data, so one
 * cookie cannot stand in for another.
 */

const VERSION = 'v1';

const keyOf = (secret: string, purpose: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'kim-registry', purpose, 32));

/** Seals `value` (any JSON) for the cookie named `name`, with the key of `purpose`. */
export const sealValue = (secret: string, purpose: string, name: string, value: unknown): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, purpose), iv);
  cipher.setAAD(Buffer.from(name));
  const body = Buffer.concat([
    cipher.update(JSON.stringify(value), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
};

/** The value sealed by `sealValue`, or undefined when it is absent, forged, altered or another cookie's. */
export const unsealValue = (
  secret: string,
  purpose: string,
  name: string,
  sealed: string | undefined,
): unknown => {
  const [version, ivText, bodyText, ...rest] = (sealed ?? '').split('.');
  if (version !== VERSION || ivText === undefined || bodyText === undefined || rest.length > 0)
    return undefined;
  try {
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== 12 || body.length < 17) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, purpose), iv);
    decipher.setAAD(Buffer.from(name));
    decipher.setAuthTag(body.subarray(body.length - 16));
    const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};
