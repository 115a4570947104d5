import { randomUUID } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DOCUMENT_BUCKET } from '../../infra/local/lambda/pipeline.js';
import {
  CAMERA_SERIAL,
  GPS_LATITUDE_BYTES,
  jpegWithExif,
  plainPng,
  pngWithExif,
} from '../fixtures/photos.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

const stack = sharedLocalStack();
const REGENCY = SHARED_STACK_REGENCIES.reports;

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
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
};

// The S3 of fauxqs answers at the same address as its SQS.
const s3 = new S3Client({
  endpoint: stack.sqsEndpoint,
  region: 'ap-southeast-3',
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

const objectKeys = async (prefix: string): Promise<string[]> =>
  (
    (await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_DOCUMENT_BUCKET, Prefix: prefix }))).Contents ??
    []
  ).map((object) => object.Key ?? '');

let registration: { id: string; editToken: string };
const kim = () => ({ 'x-edit-token': registration.editToken });

const reportBody = {
  date: '2025-11-20',
  type: 'PENYEBARAN_INFORMASI',
  title: 'Sosialisasi jadwal posyandu',
  description: 'Kabar jadwal posyandu disebarkan lewat grup desa dan papan informasi.',
  participants: 31,
  links: ['https://desa.example.id/kabar/posyandu'],
};

/** Announces, PUTs to the presigned URL, and confirms a photo: the confirmation's answer. */
const uploadPhoto = async (reportId: string, bytes: Buffer, contentType: string): Promise<Answer> => {
  const ticket = await call(
    'POST',
    `/registrations/${registration.id}/reports/${reportId}/photos`,
    { contentType, size: bytes.length },
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
    `/registrations/${registration.id}/reports/${reportId}/photos/${String(ticket.body.photoId)}/confirm`,
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
  body.sk = { ...body.sk, number: `141/${randomUUID().slice(0, 8)}/LAP/2025` };
  const created = await call('POST', '/registrations', body);
  expect(created.status).toBe(201);
  registration = { id: String(created.body.id), editToken: String(created.body.editToken) };
  const officer = await signFor(stack, claimsFor(stack, 'ppid', district));
  const verified = await call(
    'POST',
    `/admin/registrations/${registration.id}/verify`,
    {},
    {
      authorization: `Bearer ${officer}`,
    },
  );
  expect(verified.status).toBe(200);
});

describe('activity reports through the local stack', () => {
  it('shows a report with photos on the public profile, their EXIF removed from the stored bytes', async () => {
    const created = await call('POST', `/registrations/${registration.id}/reports`, reportBody, {
      ...kim(),
      'idempotency-key': `report-${registration.id}`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const reportId = String(created.body.reportId);
    const retried = await call('POST', `/registrations/${registration.id}/reports`, reportBody, {
      ...kim(),
      'idempotency-key': `report-${registration.id}`,
    });
    expect(retried).toEqual({ status: 200, body: created.body });

    const jpeg = await uploadPhoto(reportId, jpegWithExif(), 'image/jpeg');
    const png = await uploadPhoto(reportId, pngWithExif(), 'image/png');
    expect(jpeg.status, JSON.stringify(jpeg.body)).toBe(201);
    expect(png.status, JSON.stringify(png.body)).toBe(201);

    const stored = await objectKeys(`reports/${registration.id}/`);
    expect(stored).toHaveLength(2);
    for (const key of stored) {
      const object = await s3.send(new GetObjectCommand({ Bucket: LOCAL_DOCUMENT_BUCKET, Key: key }));
      const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.includes(GPS_LATITUDE_BYTES)).toBe(false);
      expect(bytes.includes(Buffer.from(CAMERA_SERIAL))).toBe(false);
      expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
      if (key.endsWith('.png')) expect(bytes).toEqual(plainPng());
    }
    expect(await objectKeys(`pending/${registration.id}/`)).toEqual([]);

    const profile = await fetch(`${stack.baseUrl}/kim/${registration.id}`);
    const html = await profile.text();
    expect(profile.status).toBe(200);
    expect(html).toContain('Sosialisasi jadwal posyandu');
    const photoPaths = [...html.matchAll(/src="(\/kim\/[^"]+\/foto\/[^"]+)"/g)].map((match) => match[1]);
    expect(photoPaths).toHaveLength(2);
    const photo = await fetch(`${stack.baseUrl}${photoPaths[1]}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(plainPng());
    const missing = await fetch(
      `${stack.baseUrl}/kim/${registration.id}/laporan/${reportId}/foto/01JZ0000000000000000000000`,
    );
    expect(missing.status).toBe(404);
  });

  it('refuses an oversized photo, a fake type and a sixth photo, keeping none of them', async () => {
    const created = await call(
      'POST',
      `/registrations/${registration.id}/reports`,
      { ...reportBody, title: 'Rapat' },
      kim(),
    );
    const reportId = String(created.body.reportId);
    const prefix = `reports/${registration.id}/${reportId}/`;

    const oversized = await call(
      'POST',
      `/registrations/${registration.id}/reports/${reportId}/photos`,
      { contentType: 'image/jpeg', size: 2 * 1024 * 1024 + 1 },
      kim(),
    );
    const fake = await uploadPhoto(reportId, Buffer.from('%PDF-1.4 this is no photo'), 'image/png');

    expect(oversized.status).toBe(400);
    expect(oversized.body.errors).toEqual([
      { field: 'size', message: 'Foto paling besar 2 MB.', messageEn: 'A photo may be at most 2 MB.' },
    ]);
    expect(fake.status).toBe(422);
    expect(fake.body).toMatchObject({
      message: 'Isi berkas bukan foto JPEG atau PNG.',
      messageEn: 'The file is not a JPEG or PNG photo by its content.',
    });
    expect(await objectKeys(prefix)).toEqual([]);

    for (let n = 0; n < 5; n++)
      expect((await uploadPhoto(reportId, plainPng(), 'image/png')).status).toBe(201);
    const sixth = await call(
      'POST',
      `/registrations/${registration.id}/reports/${reportId}/photos`,
      { contentType: 'image/png', size: plainPng().length },
      kim(),
    );
    expect(sixth.status).toBe(409);
    expect(await objectKeys(prefix)).toHaveLength(5);
    expect(await objectKeys(`pending/${registration.id}/`)).toEqual([]);

    const deleted = await call(
      'DELETE',
      `/registrations/${registration.id}/reports/${reportId}`,
      undefined,
      kim(),
    );
    expect(deleted.status).toBe(204);
    expect(await objectKeys(prefix)).toEqual([]);
    const listed = await call('GET', `/registrations/${registration.id}/reports`, undefined, kim());
    expect(listed.body.count).toBe(1);
    const wrongToken = await call('GET', `/registrations/${registration.id}/reports`, undefined, {
      'x-edit-token': 'someone-else',
    });
    expect(wrongToken.status).toBe(403);
  });

  it('answers malformed, oversized and out-of-scope requests with a precise 4xx, writing nothing', async () => {
    const before = await call('GET', `/registrations/${registration.id}/reports`, undefined, kim());
    const raw = async (body: string, type = 'application/json') =>
      fetch(`${stack.baseUrl}/registrations/${registration.id}/reports`, {
        method: 'POST',
        headers: { 'content-type': type, ...kim() },
        body,
      });

    const [notJson, notDeclared, tooBig] = await Promise.all([
      raw('{"date":'),
      raw(JSON.stringify(reportBody), 'text/plain'),
      raw(JSON.stringify({ ...reportBody, description: 'x'.repeat(70 * 1024) })),
    ]);
    const badLink = await call(
      'POST',
      `/registrations/${registration.id}/reports`,
      { ...reportBody, links: ['javascript:alert(1)'] },
      kim(),
    );
    const unknownReport = await call(
      'GET',
      `/registrations/${registration.id}/reports/01JZ0000000000000000000000`,
      undefined,
      kim(),
    );
    const malformedId = await call(
      'DELETE',
      `/registrations/${registration.id}/reports/..%2Fx`,
      undefined,
      kim(),
    );

    expect([notJson.status, notDeclared.status, tooBig.status]).toEqual([400, 415, 413]);
    expect(badLink.status).toBe(400);
    expect((badLink.body.errors as Array<{ field: string }>).map((error) => error.field)).toEqual([
      'links[0]',
    ]);
    expect(unknownReport.status).toBe(404);
    expect(unknownReport.body.messageEn).toBe('No activity report with that id exists.');
    expect(malformedId.status).toBe(404);
    const after = await call('GET', `/registrations/${registration.id}/reports`, undefined, kim());
    expect(after.body).toEqual(before.body);
  });
});
