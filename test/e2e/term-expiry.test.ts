import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFunction } from '../../infra/local/lambda/pipeline.js';
import { parseLocalStackConfig } from '../../infra/local/stack/config.js';
import { minimalPdf } from '../fixtures/documents.js';
import { emailsTo, mailbox } from '../fixtures/mailbox.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { repositoryRoot } from '../support/local-stack.js';
import {
  SHARED_STACK_REGENCIES,
  SHARED_STACK_SCOPE,
  sharedLocalStack,
} from '../support/shared-local-stack.js';

/** This file's regency of the shared stack: Kabupaten Jembrana. */
const REGENCY = SHARED_STACK_REGENCIES.termExpiry;
const stack = sharedLocalStack();
const run = randomUUID().slice(0, 8);
const CONTACT = `kim.${run}@jembrana.example.id`;
const OFFICER = `ppid.${run}@jembranakab.example.go.id`;
const SUBSCRIBER = `bupati.${run}@jembranakab.example.go.id`;

let adminToken: string;

const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // An HTML page.
  }
  return { status: response.status, body: json, text };
};
const admin = () => ({ authorization: `Bearer ${adminToken}` });

/** A KIM of `villageCode`, verified, with one SK version for `term`. */
const verifiedKimWithTerm = async (villageCode: string, term: { start: string; end: string }) => {
  const body = registrationBody();
  body.villageCode = villageCode;
  body.name = `KIM Masa Bakti ${run} ${villageCode}`;
  body.sk.number = `141/${randomUUID().slice(0, 8)}/JBR/2024`;
  body.contact.email = CONTACT;
  const created = await api('POST', '/registrations', body);
  expect(created.status, created.text).toBe(201);
  const id = String(created.body.id);
  const kim = { 'x-edit-token': String(created.body.editToken) };
  const pdf = minimalPdf();
  const ticket = await api(
    'POST',
    `/registrations/${id}/documents/sk`,
    {
      contentType: 'application/pdf',
      size: pdf.length,
      term,
      sk: { number: body.sk.number, date: term.start },
    },
    kim,
  );
  expect(ticket.status, ticket.text).toBe(201);
  const put = await fetch(String(ticket.body.uploadUrl), {
    method: 'PUT',
    body: pdf,
    headers: ticket.body.headers as Record<string, string>,
  });
  expect(put.status).toBe(200);
  const confirmed = await api(
    'POST',
    `/registrations/${id}/documents/sk/${String(ticket.body.uploadId)}/confirm`,
    undefined,
    kim,
  );
  expect(confirmed.status, confirmed.text).toBe(201);
  const verified = await api('POST', `/admin/registrations/${id}/verify`, {}, admin());
  expect(verified.status, verified.text).toBe(200);
  return id;
};

let villages: string[];
let districtCode: string;
let running: string;
let ended: string;

beforeAll(async () => {
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
  const regency = await api('GET', `/regions/${REGENCY}`);
  districtCode = String((regency.body.children as Array<{ code: string }>)[0]?.code);
  const district = await api('GET', `/regions/${districtCode}`);
  villages = (district.body.children as Array<{ code: string }>).map((village) => village.code);
  const officer = await api(
    'POST',
    '/admin/officers',
    { name: 'PPID Kecamatan', email: OFFICER, regionCode: districtCode },
    admin(),
  );
  expect(officer.status, officer.text).toBe(201);
  // A term far ahead (reminded in fake time below) and one that ended before today (in real time).
  running = await verifiedKimWithTerm(String(villages[0]), { start: '2026-04-01', end: '2031-03-31' });
  ended = await verifiedKimWithTerm(String(villages[1]), { start: '2022-02-01', end: '2025-01-31' });
});

describe('term expiry through the local stack', () => {
  it('sends the 60-day and the 14-day reminder exactly once each (fake time), then none', async () => {
    // The schedule's function, loaded and invoked as the local scheduler does, against the shared stack.
    const config = parseLocalStackConfig({});
    vi.stubEnv('AWS_REGION', config.AWS_REGION);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', stack.dynamoEndpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', stack.mailboxUrl);
    vi.stubEnv('TABLE_NAME', config.TABLE_NAME);
    vi.stubEnv('SCOPE_CODE', SHARED_STACK_SCOPE);
    vi.stubEnv('MAIL_FROM', config.MAIL_FROM);
    vi.stubEnv('APP_BASE_URL', stack.baseUrl);
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'kim-registry');
    vi.stubEnv('LOG_LEVEL', 'WARN');
    const invoke = await loadFunction(repositoryRoot, 'sendTermReminders', config.AWS_REGION);
    // 07:00 WITA, the schedule's time, is 23:00 UTC the day before.
    const fire = (witaDate: string) => {
      const at = new Date(`${witaDate}T07:00:00+08:00`).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return invoke({ scheduledTime: at });
    };
    const reminders = async (address: string) =>
      emailsTo(await mailbox(stack.mailboxUrl), address).filter((email) =>
        email.subject.includes('Masa bakti'),
      );

    await fire('2031-01-29'); // 61 days before: nothing
    expect(await reminders(CONTACT)).toHaveLength(0);
    await fire('2031-01-30'); // 60 days before
    await fire('2031-01-30'); // a retried firing
    await fire('2031-02-10'); // a later day of the same window
    expect((await reminders(CONTACT)).map((email) => email.subject)).toEqual([
      expect.stringContaining('berakhir dalam 60 hari (2031-03-31)'),
    ]);
    await fire('2031-03-17'); // 14 days before
    await fire('2031-03-31'); // the last day
    await fire('2031-04-01'); // ended
    const toContact = await reminders(CONTACT);
    expect(toContact.map((email) => email.subject)).toEqual([
      expect.stringContaining('berakhir dalam 60 hari (2031-03-31)'),
      expect.stringContaining('berakhir dalam 14 hari (2031-03-31)'),
    ]);
    expect(toContact[1]?.body.text).toContain(`${stack.baseUrl}/kelola`);
    const toOfficer = await reminders(OFFICER);
    expect(toOfficer).toHaveLength(2);
    expect(toOfficer[0]?.body.text).toContain(`${stack.baseUrl}/konsol/pendaftaran/${running}`);
  });

  it('shows the ended term in the directory and on the profile, without personal data', async () => {
    const list = await api('GET', `/kim?wilayah=${districtCode}`);
    expect(list.status).toBe(200);
    const endedItem = list.text.slice(list.text.indexOf(`data-id="${ended}"`));
    expect(endedItem.slice(0, endedItem.indexOf('</li>'))).toContain('Masa bakti berakhir 31 Januari 2025');
    const runningItem = list.text.slice(list.text.indexOf(`data-id="${running}"`));
    expect(runningItem.slice(0, runningItem.indexOf('</li>'))).not.toContain('Masa bakti berakhir');

    const profile = await api('GET', `/kim/${ended}`);
    expect(profile.text).toContain('Masa bakti berakhir 31 Januari 2025');
    expect(profile.text).not.toContain(CONTACT);
    const other = await api('GET', `/kim/${running}`);
    expect(other.text).toContain('1 April 2026 – 31 Maret 2031');
  });

  it('counts the verified KIM whose term ended on the dashboard and in the digest', async () => {
    const dashboard = await api('GET', `/cakupan/${REGENCY}`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toMatch(/data-testid="expired-terms">[^<]*<strong>1<\/strong>/);
    const district = await api('GET', `/cakupan/${districtCode}`);
    expect(district.text).toMatch(/data-testid="expired-terms">[^<]*<strong>1<\/strong>/);

    const subscriber = await api(
      'POST',
      '/admin/digest-subscribers',
      { email: SUBSCRIBER, regionCode: REGENCY },
      admin(),
    );
    expect(subscriber.status, subscriber.text).toBe(201);
    const sent = await api('POST', '/admin/digests/send', { regionCode: REGENCY }, admin());
    expect(sent.status, sent.text).toBe(200);
    const digest = emailsTo(await mailbox(stack.mailboxUrl), SUBSCRIBER);
    expect(digest).toHaveLength(1);
    expect(digest[0]?.body.text).toContain(
      'KIM terverifikasi yang masa baktinya sudah berakhir (SK kedaluwarsa): 1',
    );
  });
});
