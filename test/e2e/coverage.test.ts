import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoverageView, MissingVillage } from '../../shared/village-coverage/coverage.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

/** This file's regency of the shared stack (Tabanan): every count below is exact because no other file writes there. */
const REGENCY = SHARED_STACK_REGENCIES.coverage;

const stack = sharedLocalStack();
let adminToken: string;

beforeAll(async () => {
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
});

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
const admin = (path: string, body: unknown = {}) =>
  api('POST', path, body, { authorization: `Bearer ${adminToken}` });

const VILLAGE = '51.02.05.2006';
const OTHER_VILLAGE = '51.02.01.2001';

const register = async (villageCode = VILLAGE) => {
  const body = registrationBody();
  body.villageCode = villageCode;
  body.sk.number = `141/12/COV/2025 ${randomUUID()}`;
  const created = await api('POST', '/registrations', body);
  expect(created.status).toBe(201);
  return { id: String(created.body.id), editToken: String(created.body.editToken), body };
};

const coverage = async (code: string) => {
  const response = await api('GET', `/coverage/${code}`);
  expect(response.status).toBe(200);
  return response.body as unknown as CoverageView;
};

const missing = async (code: string) => {
  const response = await api('GET', `/coverage/${code}/missing`);
  expect(response.status).toBe(200);
  return (response.body as unknown as { villages: MissingVillage[] }).villages;
};

/** Waits until the regency's KIM counts are `kim` (the pipeline is asynchronous), then returns the view. */
const settle = async (kim: Record<string, number>) => {
  await vi.waitFor(async () => expect((await coverage(REGENCY)).kim).toEqual(kim), {
    timeout: 10_000,
    interval: 150,
  });
  return coverage(REGENCY);
};

describe('coverage through the local pipeline', () => {
  it('follows registration, verification, deactivation, rejection and a resubmission to another village', async () => {
    const empty = await coverage(REGENCY);
    expect(empty).toMatchObject({
      code: '51.02',
      level: 'regency',
      villages: { total: 133, covered: 0, pendingOnly: 0 },
      coveragePercent: 0,
    });
    expect(empty.children).toHaveLength(10);

    const first = await register();
    let regency = await settle({ submitted: 1, verified: 0, rejected: 0, deactivated: 0 });
    expect(regency.villages).toEqual({ total: 133, covered: 0, pendingOnly: 1 });

    const verifiedAt = Date.now();
    expect((await admin(`/admin/registrations/${first.id}/verify`)).status).toBe(200);
    regency = await settle({ submitted: 0, verified: 1, rejected: 0, deactivated: 0 });
    expect(Date.now() - verifiedAt).toBeLessThan(10_000);
    expect(regency.villages).toEqual({ total: 133, covered: 1, pendingOnly: 0 });
    expect(regency.coveragePercent).toBe(0.8);
    const district = regency.children.find((child) => child.code === '51.02.05');
    expect(district).toMatchObject({ villages: { covered: 1, pendingOnly: 0 }, kim: { verified: 1 } });
    expect(district && 'children' in district).toBe(false);
    expect((await missing('51.02.05')).map((village) => village.code)).not.toContain(VILLAGE);

    expect(
      (await admin(`/admin/registrations/${first.id}/deactivate`, { reason: 'KIM sudah tidak aktif lagi.' }))
        .status,
    ).toBe(200);
    regency = await settle({ submitted: 0, verified: 0, rejected: 0, deactivated: 1 });
    expect(regency.villages).toEqual({ total: 133, covered: 0, pendingOnly: 0 });

    const second = await register();
    await settle({ submitted: 1, verified: 0, rejected: 0, deactivated: 1 });
    expect(
      (
        await admin(`/admin/registrations/${second.id}/reject`, {
          reason: 'Nomor SK tidak terbaca pada lampiran.',
        })
      ).status,
    ).toBe(200);
    regency = await settle({ submitted: 0, verified: 0, rejected: 1, deactivated: 1 });
    expect(regency.villages.pendingOnly).toBe(0);

    // The KIM corrects its registration and names another village: it leaves the first one.
    const corrected = { ...second.body, villageCode: OTHER_VILLAGE };
    const resubmitted = await api('PUT', `/registrations/${second.id}`, corrected, {
      'x-edit-token': second.editToken,
    });
    expect(resubmitted.status).toBe(200);
    regency = await settle({ submitted: 1, verified: 0, rejected: 0, deactivated: 1 });
    expect(regency.villages).toEqual({ total: 133, covered: 0, pendingOnly: 1 });
    expect((await coverage(VILLAGE)).kim).toEqual({ submitted: 0, verified: 0, rejected: 0, deactivated: 1 });
    expect((await coverage(OTHER_VILLAGE)).kim).toEqual({
      submitted: 1,
      verified: 0,
      rejected: 0,
      deactivated: 0,
    });
    expect((await missing('51.02.01')).find((village) => village.code === OTHER_VILLAGE)).toMatchObject({
      pending: true,
    });

    // Nothing drifted: the rebuild recounts the same numbers. The regency only: the rest of the
    // shared stack's scope is other files' to change while this runs.
    const rebuild = await admin('/admin/coverage/rebuild', { regionCode: REGENCY });
    expect(rebuild.status).toBe(200);
    expect(rebuild.body).toMatchObject({ regionCode: '51.02', regionsDrifted: 0, details: [] });
  });
});
