import { describe, expect, it } from 'vitest';
import { claimText } from '../../../infra/local/lambda/jwt-verifier.js';
import {
  actorOf,
  mayAccess,
  parseGroups,
  principalFromClaims,
  requireAdmin,
} from '../../../shared/auth/principal.js';
import { claimsOf, principalOf } from '../../../shared/auth/request-principal.js';
import { ForbiddenError, UnauthorizedError } from '../../../shared/platform/errors.js';
import { adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { apiEvent } from '../../fixtures/api-event.js';

const SCOPE = '51.02';

const refusal = (claims: Record<string, unknown> | undefined, scope = SCOPE) => {
  try {
    principalFromClaims(claims, scope);
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('parseGroups', () => {
  it.each([
    ['the authorizer string form', '[admin ppid]', ['admin', 'ppid']],
    ['one group in the string form', '[ppid]', ['ppid']],
    ['the string form with other groups around', '[staff ppid viewers]', ['ppid']],
    ['an empty string form', '[]', []],
    ['a real array', ['ppid', 'admin'], ['admin', 'ppid']],
    ['an array with non-strings', ['ppid', 7, null], ['ppid']],
    ['a missing claim', undefined, []],
    ['a number', 42, []],
  ])('reads %s', (_form, value, groups) => {
    expect(parseGroups(value)).toEqual(groups);
  });

  it.each([
    ['a group named "ppid,admin"', '[ppid,admin]'],
    ['a group named "admin,"', '[admin,]'],
    ['a group named with quotes', '["admin"]'],
    ['one group named like a JSON list', '[["admin","ppid"]]'],
    ['a group whose name ends in admin', '[superadmin]'],
    ['a differently cased group', '[Admin PPID]'],
    ['a bare string', 'admin'],
    ['a comma-separated string', 'ppid,admin'],
    ['array items that only contain a role', ['ppid,admin', ' admin', 'admin ']],
  ])('gives no role for %s', (_case, value) => {
    expect(parseGroups(value)).toEqual([]);
  });

  it('reads the groups of a token as the authorizer (and the local one) flattens them', () => {
    expect(parseGroups(claimText(['admin', 'ppid']))).toEqual(['admin', 'ppid']);
    expect(parseGroups(claimText(['ppid']))).toEqual(['ppid']);
    expect(parseGroups(claimText(['ppid,admin']))).toEqual([]);
    expect(parseGroups(claimText(['ppid,admin', 'ppid']))).toEqual(['ppid']);
  });
});

describe('principalFromClaims', () => {
  it('makes an admin act on the whole deployment scope, ignoring any region claim', () => {
    const principal = principalFromClaims(
      { ...adminClaims(), 'cognito:groups': '[admin]', region_code: '51.02.05' },
      SCOPE,
    );

    expect(principal).toEqual({
      subject: adminClaims().sub,
      username: 'kominfo-admin',
      role: 'admin',
      regionCode: SCOPE,
    });
  });

  it('reads a ppid officer with the region of the region_code claim, groups as a string', () => {
    const principal = principalFromClaims(ppidClaims('51.02.05'), SCOPE);

    expect(principal).toMatchObject({ role: 'ppid', regionCode: '51.02.05', username: 'ppid-51.02.05' });
  });

  it('reads groups given as a real array, and an admin group wins over ppid', () => {
    const principal = principalFromClaims(
      { ...ppidClaims('51.02.05'), 'cognito:groups': ['ppid', 'admin'] },
      SCOPE,
    );

    expect(principal.role).toBe('admin');
    expect(principal.regionCode).toBe(SCOPE);
  });

  it('takes cognito:username when there is no username claim, and the subject when neither is there', () => {
    const { username: _username, ...claims } = ppidClaims('51.02');

    expect(principalFromClaims({ ...claims, 'cognito:username': 'dewi' }, SCOPE).username).toBe('dewi');
    expect(principalFromClaims(claims, SCOPE).username).toBe(claims.sub);
  });

  it('accepts a ppid officer of the whole scope, and any region when the scope is the country', () => {
    expect(principalFromClaims(ppidClaims('51.02'), SCOPE).regionCode).toBe('51.02');
    expect(principalFromClaims(ppidClaims('35.07'), 'ID').regionCode).toBe('35.07');
  });

  it.each([
    ['no claims at all', undefined],
    ['empty claims', {}],
    ['claims without a subject', { 'cognito:groups': '[admin]', username: 'x' }],
    ['a blank subject', { sub: ' ', 'cognito:groups': '[admin]' }],
  ])('refuses %s with 401', (_case, claims) => {
    expect(refusal(claims)).toBeInstanceOf(UnauthorizedError);
  });

  it.each([
    ['no groups claim', { sub: 'abc', username: 'x' }],
    ['an empty group list', { sub: 'abc', 'cognito:groups': '[]' }],
    ['only unknown groups', { sub: 'abc', 'cognito:groups': '[viewers staff]' }],
    ['a group named "ppid,admin"', { sub: 'abc', 'cognito:groups': '[ppid,admin]', region_code: '51.02' }],
  ])('refuses %s with 403', (_case, claims) => {
    const error = refusal(claims);

    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).messageEn).toBe(
      'Your account is in neither the admin nor the ppid group.',
    );
  });

  it.each([
    [
      'without a region claim',
      (() => {
        const { region_code: _region, ...claims } = ppidClaims('51.02.05');
        return claims;
      })(),
    ],
    ['with a blank region', ppidClaims(' ')],
    ['with a malformed region', ppidClaims('51.2.5')],
    ['with a region outside the scope', ppidClaims('51.03')],
    ['with the country as region in a regency deployment', ppidClaims('ID')],
    ['with a region that is a prefix but not a parent', { ...ppidClaims('51.02'), region_code: '51.020' }],
  ])('refuses a ppid officer %s with 403', (_case, claims) => {
    const error = refusal(claims);

    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).messageEn).toBe(
      "Your PPID account has no valid region code within this deployment's area (51.02).",
    );
  });
});

describe('principal helpers', () => {
  it('records the actor with sub, username and role', () => {
    expect(actorOf(principalFromClaims(ppidClaims('51.02.05'), SCOPE))).toEqual({
      sub: ppidClaims('51.02.05').sub,
      username: 'ppid-51.02.05',
      role: 'ppid',
    });
  });

  it('lets a principal access its region and what lies inside it, nothing else', () => {
    const principal = principalFromClaims(ppidClaims('51.02.05'), SCOPE);

    expect(mayAccess(principal, '51.02.05.2006')).toBe(true);
    expect(mayAccess(principal, '51.02.05')).toBe(true);
    expect(mayAccess(principal, '51.02.06.2001')).toBe(false);
    expect(mayAccess(principal, '51.02')).toBe(false);
  });

  it('lets only admins past requireAdmin', () => {
    const action = { id: 'mengelola direktori petugas PPID', en: 'manage the PPID officer directory' };
    expect(() => requireAdmin(principalFromClaims(adminClaims(), SCOPE), action)).not.toThrow();
    expect(() => requireAdmin(principalFromClaims(ppidClaims('51.02'), SCOPE), action)).toThrow(
      ForbiddenError,
    );
    expect(() => requireAdmin(principalFromClaims(ppidClaims('51.02'), SCOPE), action)).toThrow(
      expect.objectContaining({
        message: 'Hanya admin yang boleh mengelola direktori petugas PPID.',
        messageEn: 'Only admins may manage the PPID officer directory.',
      }),
    );
  });
});

describe('principalOf an API Gateway event', () => {
  it('reads the claims the JWT authorizer put in requestContext.authorizer.jwt.claims', () => {
    const event = adminEvent({ method: 'GET', path: '/admin/registrations' }, ppidClaims('51.02.05'));

    expect(claimsOf(event)).toEqual(ppidClaims('51.02.05'));
    expect(principalOf(event, SCOPE).regionCode).toBe('51.02.05');
  });

  it('answers 401 for an event without an authorizer', () => {
    const event = apiEvent({ method: 'GET', path: '/admin/registrations' });

    expect(claimsOf(event)).toBeUndefined();
    expect(() => principalOf(event, SCOPE)).toThrow(UnauthorizedError);
  });
});
