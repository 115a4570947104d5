import { ForbiddenError, UnauthorizedError } from '../platform/errors.js';
import { isRegionCode, isWithin } from '../platform/region-codes.js';
import type { Actor } from '../registrations/history.js';
import { REGION_CODE_CLAIM, ROLES, type Role } from './access-policy.js';

/** Who is calling the admin API, as its token says. */
export interface Principal {
  /** The token's `sub`: stable for the user's lifetime. */
  readonly subject: string;
  readonly username: string;
  readonly role: Role;
  /**
   * The region the caller may see and act on: the deployment scope for an admin, the token's
   * `region_code` for a PPID officer.
   */
  readonly regionCode: string;
}

/** Claims as an authorizer hands them over: strings on AWS, richer JSON values locally. */
export type Claims = Readonly<Record<string, unknown>>;

/**
 * The role groups of a `cognito:groups` claim, compared by exact name: a real array (a decoded
 * token), or the string API Gateway's JWT authorizer makes of an array, `[admin ppid]`: names
 * between brackets, separated by whitespace, which a Cognito group name cannot hold. A group name
 * may hold commas, quotes and brackets, so `[ppid,admin]` is one group named `ppid,admin`, which
 * is no role. Anything else (a bare string, a number) carries no group.
 */
export const parseGroups = (value: unknown): Role[] => {
  const names = Array.isArray(value)
    ? value.filter((group): group is string => typeof group === 'string')
    : typeof value === 'string' && value.startsWith('[') && value.endsWith(']')
      ? value.slice(1, -1).split(/\s+/)
      : [];
  return ROLES.filter((role) => names.includes(role));
};

const stringClaim = (claims: Claims, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/**
 * Turns verified token claims into the caller's principal, or refuses: 401 without claims or a
 * subject (the authorizer should have stopped the request; this is defence in depth), 403 when
 * the token belongs to no known group, or to a PPID officer without a region inside `scope`.
 * An admin acts on the whole `scope`; any region claim of theirs is ignored.
 */
export const principalFromClaims = (claims: Claims | undefined, scope: string): Principal => {
  const subject = claims ? stringClaim(claims, 'sub') : undefined;
  if (!claims || subject === undefined) throw new UnauthorizedError();
  const username = stringClaim(claims, 'username') ?? stringClaim(claims, 'cognito:username') ?? subject;
  const groups = parseGroups(claims['cognito:groups']);
  if (groups.includes('admin')) return { subject, username, role: 'admin', regionCode: scope };
  if (!groups.includes('ppid')) {
    throw new ForbiddenError(
      'Akun Anda tidak termasuk kelompok admin atau ppid.',
      'Your account is in neither the admin nor the ppid group.',
    );
  }
  const regionCode = stringClaim(claims, REGION_CODE_CLAIM);
  if (regionCode === undefined || !isRegionCode(regionCode) || !isWithin(scope, regionCode)) {
    throw new ForbiddenError(
      `Akun PPID Anda tidak memiliki kode wilayah yang sah di dalam wilayah layanan ini (${scope}).`,
      `Your PPID account has no valid region code within this deployment's area (${scope}).`,
    );
  }
  return { subject, username, role: 'ppid', regionCode };
};

/** The audit actor of a principal. */
export const actorOf = (principal: Principal): Actor => ({
  sub: principal.subject,
  username: principal.username,
  role: principal.role,
});

/** True when the principal may see and act on things located at `code`. */
export const mayAccess = (principal: Principal, code: string): boolean =>
  isWithin(principal.regionCode, code);

/** What an admin-only action does, to name it in the 403: `{ id: 'mengelola …', en: 'manage …' }`. */
export interface AdminAction {
  readonly id: string;
  readonly en: string;
}

/** Refuses (403) anyone but an admin, naming the action refused. */
export const requireAdmin = (principal: Principal, action: AdminAction): void => {
  if (principal.role !== 'admin') {
    throw new ForbiddenError(`Hanya admin yang boleh ${action.id}.`, `Only admins may ${action.en}.`);
  }
};
