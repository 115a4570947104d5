import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf, minimalPng } from '../fixtures/documents.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

const stack = sharedLocalStack();
const REGENCY = SHARED_STACK_REGENCIES.documents;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const call = async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

let registration: { id: string; editToken: string; villageCode: string };
let officerToken: string;
let otherOfficerToken: string;

const kim = () => ({ 'x-edit-token': registration.editToken });
const term = { start: '2025-06-02', end: '2028-06-01' };

/** Announces `bytes` as `contentType`, PUTs them to the presigned URL, and confirms: the confirmation's answer. */
const uploadSk = async (bytes: Buffer, contentType: string, uploadTerm = term): Promise<Answer> => {
  const ticket = await call(
    'POST',
    `/registrations/${registration.id}/documents/sk`,
    {
      contentType,
      size: bytes.length,
      term: uploadTerm,
      sk: { number: '141/7/KL/2025', date: '2025-06-02' },
    },
    kim(),
  );
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const put = await fetch(String(ticket.body.uploadUrl), {
    method: 'PUT',
    body: bytes,
    headers: ticket.body.headers as Record<string, string>,
  });
  expect(put.status).toBe(200);
  return call(
    'POST',
    `/registrations/${registration.id}/documents/sk/${String(ticket.body.uploadId)}/confirm`,
    undefined,
    kim(),
  );
};

beforeAll(async () => {
  const regency = await call('GET', `/regions/${REGENCY}`);
  const district = String((regency.body.children as Array<{ code: string }>)[0]?.code);
  const villages = await call('GET', `/regions/${district}`);
  const villageCode = String((villages.body.children as Array<{ code: string }>)[0]?.code);
  const body = { ...registrationBody(), villageCode };
  body.sk = { ...body.sk, number: `141/${randomUUID().slice(0, 8)}/KL/2025` };
  const created = await call('POST', '/registrations', body);
  expect(created.status).toBe(201);
  registration = { id: String(created.body.id), editToken: String(created.body.editToken), villageCode };
  officerToken = await signFor(stack, claimsFor(stack, 'ppid', district));
  const otherDistrict = String((regency.body.children as Array<{ code: string }>)[1]?.code);
  otherOfficerToken = await signFor(stack, claimsFor(stack, 'ppid', otherDistrict));
});

describe('SK documents through the local stack', () => {
  it('uploads a PDF through the presigned URL and keeps it as a version', async () => {
    const pdf = minimalPdf();
    const confirmed = await uploadSk(pdf, 'application/pdf');

    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ contentType: 'application/pdf', size: pdf.length, term });
  });

  it('refuses a PNG renamed to PDF and a 6 MB file, keeping neither', async () => {
    const before = await call('GET', `/registrations/${registration.id}/documents/sk`, undefined, kim());

    const renamed = await uploadSk(minimalPng(), 'application/pdf');
    const tooBig = await call(
      'POST',
      `/registrations/${registration.id}/documents/sk`,
      {
        contentType: 'application/pdf',
        size: 6 * 1024 * 1024,
        term,
        sk: { number: '1/KL', date: '2025-06-02' },
      },
      kim(),
    );

    expect(renamed.status).toBe(422);
    expect(renamed.body).toMatchObject({
      message: 'Isi berkas adalah PNG, bukan PDF seperti yang diumumkan.',
      messageEn: 'The file is a PNG by its content, not the PDF announced.',
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors).toEqual([
      {
        field: 'size',
        message: 'Berkas SK paling besar 5 MB.',
        messageEn: 'An SK file may be at most 5 MB.',
      },
    ]);
    const after = await call('GET', `/registrations/${registration.id}/documents/sk`, undefined, kim());
    expect(after.body.items).toEqual(before.body.items);
  });

  it('replaces the SK for a new term and keeps the history, newest first', async () => {
    const next = { start: '2028-06-02', end: '2031-06-01' };
    const confirmed = await uploadSk(minimalPdf('SK masa bakti kedua'), 'application/pdf', next);
    expect(confirmed.status).toBe(201);

    const versions = await call('GET', `/registrations/${registration.id}/documents/sk`, undefined, kim());

    const items = versions.body.items as Array<{ term: typeof term }>;
    expect(items.map((item) => item.term)).toEqual([next, term]);
  });

  it('lets the officer of the village open the document, and no one else', async () => {
    const listed = await call('GET', `/admin/registrations/${registration.id}/documents/sk`, undefined, {
      authorization: `Bearer ${officerToken}`,
    });
    const [latest] = listed.body.items as Array<{ versionId: string }>;

    const link = await call(
      'GET',
      `/admin/registrations/${registration.id}/documents/sk/${latest?.versionId}`,
      undefined,
      {
        authorization: `Bearer ${officerToken}`,
      },
    );
    const document = await fetch(String(link.body.url));

    expect(link.status).toBe(200);
    expect(Buffer.from(await document.arrayBuffer())).toEqual(minimalPdf('SK masa bakti kedua'));
    const other = await call(
      'GET',
      `/admin/registrations/${registration.id}/documents/sk/${latest?.versionId}`,
      undefined,
      {
        authorization: `Bearer ${otherOfficerToken}`,
      },
    );
    expect(other.status).toBe(403);
    const anonymous = await call('GET', `/admin/registrations/${registration.id}/documents/sk`);
    expect(anonymous.status).toBe(401);
    const wrongToken = await call('GET', `/registrations/${registration.id}/documents/sk`, undefined, {
      'x-edit-token': 'someone-else',
    });
    expect(wrongToken.status).toBe(403);
  });
});
