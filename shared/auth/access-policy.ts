/**
 * Who may hold which OAuth scope of the admin API. The Cognito user pool offers the scopes to the
 * app client; its pre-token-generation trigger then takes out of each access token the scopes the
 * user's groups do not allow, so the API Gateway authorizer, not only the handler, turns a `ppid`
 * user away from the officer directory. The local development tokens follow the same table.
 */

/** The resource server of the admin API: scopes are `<identifier>/<name>`. */
export const RESOURCE_SERVER_IDENTIFIER = 'kim-registry';

/** The admin API's scopes. */
export const ADMIN_API_SCOPES = {
  /** List, read and review registrations (inside the caller's region). */
  review: `${RESOURCE_SERVER_IDENTIFIER}/review`,
  /** Keep the directory of PPID officers. */
  directory: `${RESOURCE_SERVER_IDENTIFIER}/directory`,
  /**
   * The award rounds: admins manage them; any console user may hold the scope, and acts only on
   * the rounds an admin made them a juror of (checked per round by the awards feature).
   */
  awards: `${RESOURCE_SERVER_IDENTIFIER}/awards`,
} as const;

export type AdminApiScope = (typeof ADMIN_API_SCOPES)[keyof typeof ADMIN_API_SCOPES];

/** The Cognito groups that carry a role: `admin` acts on the whole deployment scope, `ppid` on its region. */
export const ROLES = ['admin', 'ppid'] as const;
export type Role = (typeof ROLES)[number];

/** The scopes each role may hold. */
export const SCOPES_BY_ROLE: Readonly<Record<Role, readonly AdminApiScope[]>> = {
  admin: [ADMIN_API_SCOPES.review, ADMIN_API_SCOPES.directory, ADMIN_API_SCOPES.awards],
  ppid: [ADMIN_API_SCOPES.review, ADMIN_API_SCOPES.awards],
};

/** The user attribute (Cognito `custom:region_code`) and access-token claim holding a `ppid` user's region. */
export const REGION_CODE_ATTRIBUTE = 'custom:region_code';
export const REGION_CODE_CLAIM = 'region_code';

/** The admin API scopes a member of `groups` may hold (the union over its roles); unknown groups add none. */
export const allowedScopes = (groups: readonly string[]): Set<AdminApiScope> =>
  new Set(
    groups.flatMap((group) =>
      (ROLES as readonly string[]).includes(group) ? SCOPES_BY_ROLE[group as Role] : [],
    ),
  );
