import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataOfFixture, registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { type RunningLocalStack, startLocalStackProcess } from '../support/local-stack.js';

/**
 * Everything the local stack writes (handler logs at DEBUG, gateway request lines, errors) while
 * the public and admin flows run with personal data, from intake through review, resubmission and
 * the officer directory, the refusals included. No name, phone number or email of the fixtures
 * may appear in it (UU 27/2022 PDP).
 */

const OFFICER = { name: 'Ni Kadek Sari Dewi', email: 'kadek.sari@example.id', regionCode: '51.02.05' };
const OFFICER_UPDATE = { name: 'Ni Kadek Sari Utami', email: 'sari.utami@example.id', regionCode: '51.02' };
const RESUBMITTED_KETUA = {
  name: 'I Gede Arya Wibawa',
  phone: '081398765432',
  email: 'gede.arya@example.id',
};

const personalData = [
  ...personalDataOfFixture,
  OFFICER.name,
  OFFICER.email,
  OFFICER_UPDATE.name,
  OFFICER_UPDATE.email,
  RESUBMITTED_KETUA.name,
  RESUBMITTED_KETUA.phone,
  '+6281398765432',
  RESUBMITTED_KETUA.email,
];

let stack: RunningLocalStack;
let admin: string;
let ppid: string;

beforeAll(async () => {
  // Everything the functions can log, and the gateway's request lines.
  stack = await startLocalStackProcess({ env: { LOG_LEVEL: 'DEBUG' } });
  console.info(`e2e personal data in logs: local stack ready in ${Math.round(stack.startMs)} ms`);
  admin = await signFor(stack, claimsFor(stack, 'admin'));
  ppid = await signFor(stack, claimsFor(stack, 'ppid', '51.02.05'));
});

afterAll(async () => {
  await stack?.stop();
});

const call = async (
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown>,
  };
};

describe('logs of the local stack, through every flow', () => {
  it('carry no name, phone number or email address of the fixtures', async () => {
    const body = registrationBody();
    const created = await call('POST', '/registrations', {
      body,
      headers: { 'idempotency-key': 'pd-logs-1' },
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const editToken = String(created.body.editToken);

    const statuses = [
      (await call('POST', '/registrations', { body, headers: { 'idempotency-key': 'pd-logs-1' } })).status,
      (await call('POST', '/registrations', { body })).status,
      (await call('POST', '/registrations', { body: { ...body, memberCount: 'dua belas' } })).status,
      (await call('POST', '/registrations', { body: '{"name": "I Made Sudarma", "officers": [' })).status,
      (await call('GET', `/registrations/${id}`)).status,
      (await call('GET', '/admin/registrations', { token: admin })).status,
      (await call('GET', '/admin/registrations?region=51.02.05&status=SUBMITTED', { token: ppid })).status,
      (await call('GET', `/admin/registrations/${id}`, { token: ppid })).status,
      (
        await call('POST', `/admin/registrations/${id}/reject`, {
          token: admin,
          body: { reason: 'Nomor SK tidak terbaca.' },
        })
      ).status,
      (await call('PUT', `/registrations/${id}`, { body, headers: { 'x-edit-token': 'not-the-token' } }))
        .status,
      (
        await call('PUT', `/registrations/${id}`, {
          body: { ...body, officers: [{ role: 'KETUA', ...RESUBMITTED_KETUA }, ...body.officers.slice(1)] },
          headers: { 'x-edit-token': editToken },
        })
      ).status,
      (await call('POST', `/admin/registrations/${id}/verify`, { token: ppid })).status,
      (await call('POST', `/admin/registrations/${id}/verify`, { token: admin })).status,
      (
        await call('POST', `/admin/registrations/${id}/deactivate`, {
          token: admin,
          body: { reason: 'KIM tidak aktif lagi sejak Januari.' },
        })
      ).status,
      (await call('GET', `/admin/registrations/${id}/history`, { token: admin })).status,
    ];
    // Replay, duplicate, two bad bodies, public view, listings, details, reject, wrong edit token,
    // resubmission, verify by the district's officer, verify again (409), deactivate, history.
    expect(statuses).toEqual([201, 409, 400, 400, 200, 200, 200, 200, 200, 403, 200, 200, 409, 200, 200]);

    const officer = await call('POST', '/admin/officers', { token: admin, body: OFFICER });
    expect(officer.status).toBe(201);
    const officerId = String(officer.body.id);
    const officerStatuses = [
      (await call('POST', '/admin/officers', { token: admin, body: OFFICER })).status,
      (await call('POST', '/admin/officers', { token: admin, body: { ...OFFICER, email: 'kadek.sari@' } }))
        .status,
      (await call('GET', '/admin/officers?region=51.02', { token: admin })).status,
      (await call('GET', '/admin/officers', { token: ppid })).status,
      (await call('PUT', `/admin/officers/${officerId}`, { token: admin, body: OFFICER_UPDATE })).status,
      (await call('DELETE', `/admin/officers/${officerId}`, { token: admin })).status,
    ];
    expect(officerStatuses).toEqual([409, 400, 200, 403, 200, 204]);

    const lines = stack
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    // Something was logged: the handlers at DEBUG and the gateway's request lines.
    expect(lines.some((line) => line.includes('"level":"INFO"'))).toBe(true);
    expect(lines.some((line) => line.startsWith('POST /registrations 201'))).toBe(true);
    const leaks = lines.flatMap((line) => personalData.filter((personal) => line.includes(personal)));
    expect(leaks).toEqual([]);
    // A phone number in any other spelling would still be personal data.
    expect(lines.join('\n')).not.toMatch(/8123456789[0-2]|81398765432/);
  });
});
