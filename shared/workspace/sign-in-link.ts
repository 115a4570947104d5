import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../platform/clock.js';

/** How long an emailed sign-in link opens the workspace. */
export const SIGN_IN_LINK_SECONDS = 15 * 60;

/** A sign-in link's token: 32 random bytes, base64url (43 characters). */
export const newSignInToken = (): string => randomBytes(32).toString('base64url');

/** The shape of a token, checked before any lookup. */
export const SIGN_IN_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What is stored of a token: its SHA-256, hex. A stolen table copy opens nothing. */
export const signInTokenHash = (token: string): string =>
  createHash('sha256').update(`kim-registry/sign-in-link/v1\0${token}`, 'utf8').digest('hex');

/** A stored link: which registration it opens, and until when. */
export interface SignInLink {
  readonly tokenHash: string;
  readonly registrationId: string;
  /** ISO instant after which it opens nothing, whatever the table's (lazy) TTL has done. */
  readonly validUntil: string;
}

/** The store of sign-in links. */
export interface SignInLinkStore {
  /** Keeps a new link (its hash only) until it is used or expires. */
  put(link: SignInLink): Promise<void>;
  /** The link of a hash, if it was neither used nor deleted by the TTL yet. */
  get(tokenHash: string): Promise<SignInLink | undefined>;
  /**
   * Deletes the link atomically if it exists and opens `registrationId`, and answers it: of two
   * concurrent uses, one gets the link, the other undefined. A link of another registration is
   * left as it is.
   */
  consume(tokenHash: string, registrationId: string): Promise<SignInLink | undefined>;
}

export interface IssueSignInLinkDeps {
  readonly links: SignInLinkStore;
  readonly clock: Clock;
  /** @default newSignInToken */
  readonly newToken?: () => string;
}

/** The path of a link's confirmation page; the token follows as `?token=`. */
export const signInLinkPath = (registrationId: string): string =>
  `/kelola/masuk/${encodeURIComponent(registrationId)}`;

/**
 * Creates a one-time link that opens the workspace of `registrationId` for 15 minutes, and
 * answers its URL under `baseUrl`. The token is in the URL only; the table keeps its hash.
 */
export const issueSignInLink = async (
  deps: IssueSignInLinkDeps,
  registrationId: string,
  baseUrl: string,
): Promise<{ readonly url: string; readonly validUntil: string }> => {
  const token = (deps.newToken ?? newSignInToken)();
  const validUntil = new Date(deps.clock.now().getTime() + SIGN_IN_LINK_SECONDS * 1000).toISOString();
  await deps.links.put({ tokenHash: signInTokenHash(token), registrationId, validUntil });
  return { url: `${baseUrl}${signInLinkPath(registrationId)}?token=${token}`, validUntil };
};

/** Why a link opens nothing. */
export type LinkRefusal = 'malformed' | 'unknown' | 'expired';

/** Whether a link as it stands would open the workspace of `registrationId` (nothing is used up). */
export const checkSignInLink = async (
  deps: Pick<IssueSignInLinkDeps, 'links' | 'clock'>,
  registrationId: string,
  token: string | undefined,
): Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: LinkRefusal }> => {
  if (token === undefined || !SIGN_IN_TOKEN_PATTERN.test(token)) return { ok: false, reason: 'malformed' };
  const link = await deps.links.get(signInTokenHash(token));
  if (link === undefined || link.registrationId !== registrationId) return { ok: false, reason: 'unknown' };
  if (Date.parse(link.validUntil) <= deps.clock.now().getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
};

/**
 * Uses a link up: deletes it atomically (it works once) and, when it was still valid by the
 * clock (the TTL deletes lazily, so the time is checked here), answers the registration it opens.
 * A token of another registration is refused and left alone.
 */
export const consumeSignInLink = async (
  deps: Pick<IssueSignInLinkDeps, 'links' | 'clock'>,
  registrationId: string,
  token: string | undefined,
): Promise<
  | { readonly ok: true; readonly registrationId: string }
  | { readonly ok: false; readonly reason: LinkRefusal }
> => {
  if (token === undefined || !SIGN_IN_TOKEN_PATTERN.test(token)) return { ok: false, reason: 'malformed' };
  const link = await deps.links.consume(signInTokenHash(token), registrationId);
  if (link === undefined) return { ok: false, reason: 'unknown' };
  if (Date.parse(link.validUntil) <= deps.clock.now().getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, registrationId: link.registrationId };
};
