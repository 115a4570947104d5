import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoverageView } from '../../shared/village-coverage/coverage.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

/** This file's regency of the shared stack: its counts are exact because no other file writes there. */
const REGENCY = SHARED_STACK_REGENCIES.profile;

const stack = sharedLocalStack();
let adminToken: string;
let villageA: string;
let villageB: string;

const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => undefined)) as Record<string, unknown>,
  };
};

const children = async (code: string) =>
  ((await api('GET', `/regions/${code}`)).body.children as Array<{ code: string }>).map(
    (child) => child.code,
  );

const coverage = async (code: string) => {
  const response = await api('GET', `/coverage/${code}`);
  expect(response.status).toBe(200);
  return response.body as unknown as CoverageView;
};

/** Waits until the region's village coverage is `villages` (the pipeline is asynchronous). */
const settle = async (code: string, villages: CoverageView['villages']) =>
  vi.waitFor(async () => expect((await coverage(code)).villages).toEqual(villages), {
    timeout: 10_000,
    interval: 150,
  });

beforeAll(async () => {
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
  const [district] = await children(REGENCY);
  const villages = await children(String(district));
  villageA = String(villages[0]);
  villageB = String(villages[1]);
});

describe('profile updates through the local stack', () => {
  it('keeps a verified KIM counted through a media change, and moves it out of its village as pending when the village changes', async () => {
    const total = (await coverage(REGENCY)).villages.total;
    const body = { ...registrationBody(), villageCode: villageA };
    body.sk.number = `141/${randomUUID().slice(0, 8)}/PROFIL/2025`;
    const created = await api('POST', '/registrations', body);
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const kim = { 'x-edit-token': String(created.body.editToken) };
    const verified = await api(
      'POST',
      `/admin/registrations/${id}/verify`,
      {},
      { authorization: `Bearer ${adminToken}` },
    );
    expect(verified.status).toBe(200);
    await settle(REGENCY, { total, covered: 1, pendingOnly: 0 });

    const profile = await api('GET', `/registrations/${id}/profile`, undefined, kim);
    expect(profile.body).toMatchObject({ status: 'VERIFIED', version: 2, villageCode: villageA });
    const media = await api(
      'PATCH',
      `/registrations/${id}/profile`,
      { version: 2, media: [{ type: 'YOUTUBE', url: 'https://youtube.com/@kimprofil' }] },
      kim,
    );
    expect(media.body).toMatchObject({ status: 'VERIFIED', version: 3, changedFields: ['media'] });
    const stale = await api('PATCH', `/registrations/${id}/profile`, { version: 2, memberCount: 20 }, kim);
    expect(stale.status).toBe(409);

    const moved = await api(
      'PATCH',
      `/registrations/${id}/profile`,
      { version: 3, villageCode: villageB },
      kim,
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      status: 'SUBMITTED',
      version: 4,
      backToReview: true,
      villageCode: villageB,
    });
    await settle(REGENCY, { total, covered: 0, pendingOnly: 1 });
    expect((await coverage(villageA)).kim).toEqual({
      submitted: 0,
      verified: 0,
      rejected: 0,
      deactivated: 0,
    });
    expect((await coverage(villageB)).kim).toEqual({
      submitted: 1,
      verified: 0,
      rejected: 0,
      deactivated: 0,
    });
    expect((await api('GET', `/registrations/${id}`)).body.status).toBe('SUBMITTED');

    const history = await api('GET', `/admin/registrations/${id}/history`, undefined, {
      authorization: `Bearer ${adminToken}`,
    });
    expect(
      (history.body as unknown as Array<Record<string, unknown>>)
        .filter((entry) => entry.action === 'UPDATE_PROFILE')
        .map((entry) => [entry.fromStatus, entry.toStatus, entry.changedFields]),
    ).toEqual([
      ['VERIFIED', 'VERIFIED', ['media']],
      ['VERIFIED', 'SUBMITTED', ['villageCode']],
    ]);

    // Verified again in its new village: covered there, and the recount finds no drift.
    expect(
      (await api('POST', `/admin/registrations/${id}/verify`, {}, { authorization: `Bearer ${adminToken}` }))
        .status,
    ).toBe(200);
    await settle(REGENCY, { total, covered: 1, pendingOnly: 0 });
    const rebuild = await api(
      'POST',
      '/admin/coverage/rebuild',
      { regionCode: REGENCY },
      { authorization: `Bearer ${adminToken}` },
    );
    expect(rebuild.body).toMatchObject({ regionCode: REGENCY, regionsDrifted: 0, details: [] });
  });
});
