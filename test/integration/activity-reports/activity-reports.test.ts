import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DynamoDbReportRecords } from '../../../shared/activity-reports/dynamodb/report-records.js';
import { confirmPhotoUpload, requestPhotoUpload } from '../../../shared/activity-reports/photo-uploads.js';
import {
  type ActivityReportDeps,
  authoriseByEditToken,
  createReport,
  deleteReport,
  listReports,
} from '../../../shared/activity-reports/reports.js';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReuseError,
  UnprocessableContentError,
  ValidationError,
} from '../../../shared/platform/errors.js';
import { s3Requests } from '../../../shared/platform/s3/client.js';
import { S3ObjectFiles } from '../../../shared/platform/s3/object-files.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';
import {
  CAMERA_SERIAL,
  GPS_LATITUDE_BYTES,
  jpegWithExif,
  plainJpeg,
  plainPng,
  pngWithExif,
} from '../../fixtures/photos.js';
import { registrationBodyWith } from '../../fixtures/registration-body.js';

const BUCKET = 'kim-reports-test';
const NOW = new Date('2026-12-07T03:00:00Z');
const client = localDynamoDbClient(inject('dynamoEndpoint'));
let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let s3: S3Client;
let deps: ActivityReportDeps;
let tableName: string;
let registrationDeps: ReturnType<typeof tableDeps>;

const report = (patch: Record<string, unknown> = {}) => ({
  date: '2026-11-20',
  type: 'PELATIHAN_LITERASI',
  title: 'Pelatihan literasi digital',
  description: 'Warga belajar memeriksa kabar bohong.\r\nDua sesi.',
  participants: 24,
  links: ['https://desa.example.id/berita/literasi'],
  ...patch,
});

const objectKeys = async (): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map(
    (object) => object.Key ?? '',
  );

const storedBytes = async (key: string): Promise<Buffer> =>
  Buffer.from(
    await ((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToByteArray() ??
      []),
  );

let registrations = 0;
const newRegistration = async () => {
  registrations++;
  const body = registrationBodyWith({});
  const created = await submitRegistration(registrationDeps, {
    body: { ...body, sk: { ...(body.sk as object), number: `141/${registrations}/LAP/2025` } },
  });
  return { id: created.registration.id, editToken: created.registration.editToken };
};

/** Announces `bytes` as `contentType`, PUTs them to the presigned URL and confirms. */
const uploadPhoto = async (registrationId: string, reportId: string, bytes: Buffer, contentType: string) => {
  const ticket = await requestPhotoUpload(deps, {
    registrationId,
    reportId,
    body: { contentType, size: bytes.length },
  });
  const put = await fetch(ticket.uploadUrl, { method: 'PUT', body: bytes, headers: ticket.headers });
  expect(put.status).toBe(200);
  return {
    ticket,
    confirmed: () => confirmPhotoUpload(deps, { registrationId, reportId, photoId: ticket.photoId }),
  };
};

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, logger: false, defaultRegion: 'ap-southeast-3' });
  s3 = new S3Client({
    endpoint: `http://127.0.0.1:${fauxqs.port}`,
    region: 'ap-southeast-3',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  vi.stubEnv('AWS_ENDPOINT_URL_S3', `http://127.0.0.1:${fauxqs.port}`);
  tableName = await seededTable(client, 'kim-reports');
  registrationDeps = tableDeps(client, tableName);
  deps = {
    records: new DynamoDbReportRecords(client, tableName, 3),
    files: new S3ObjectFiles(s3Requests(), BUCKET),
    clock: { now: () => NOW },
    newId: registrationDeps.newId,
  };
});

afterAll(async () => {
  await fauxqs?.stop();
});

describe('activity reports against DynamoDB Local and the S3 of fauxqs', () => {
  it('opens only with the registration edit token', async () => {
    const kim = await newRegistration();

    await expect(authoriseByEditToken(registrationDeps.registrations, kim.id, kim.editToken)).resolves.toBe(
      kim.id,
    );
    await expect(
      authoriseByEditToken(registrationDeps.registrations, kim.id, 'wrong'),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('keeps a report with its count; a retried Idempotency-Key answers the original, another body is refused', async () => {
    const kim = await newRegistration();

    const [first, retried] = await Promise.all([
      createReport(deps, { registrationId: kim.id, body: report(), idempotencyKey: 'laporan-1' }),
      createReport(deps, { registrationId: kim.id, body: report(), idempotencyKey: 'laporan-1' }),
    ]);
    const again = await createReport(deps, {
      registrationId: kim.id,
      body: report(),
      idempotencyKey: 'laporan-1',
    });
    const reused = createReport(deps, {
      registrationId: kim.id,
      body: report({ title: 'Lain' }),
      idempotencyKey: 'laporan-1',
    });

    expect([first.created, retried.created].sort()).toEqual([false, true]);
    expect(again).toEqual({ created: false, report: first.report });
    expect(retried.report).toEqual(first.report);
    await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReuseError);
    expect(first.report.description).toBe('Warga belajar memeriksa kabar bohong.\nDua sesi.');
    const listed = await listReports(deps, { registrationId: kim.id });
    expect(listed).toEqual({ items: [first.report], count: 1 });
  });

  it('refuses bad input precisely and writes nothing', async () => {
    const kim = await newRegistration();

    const attempts = [
      report({ date: '2026-12-08' }),
      report({ date: '2007-12-31' }),
      report({ type: 'ARISAN' }),
      report({ participants: -1 }),
      report({ participants: 2.5 }),
      report({ links: ['javascript:alert(1)'] }),
      report({ links: ['data:text/html,hi'] }),
      report({ links: Array.from({ length: 11 }, (_, n) => `https://desa.example.id/${n}`) }),
      report({ title: 'x'.repeat(151) }),
      report({ description: 'a\u0007b' }),
      { ...report(), extra: true },
    ];
    const outcomes = await Promise.allSettled(
      attempts.map((body) => createReport(deps, { registrationId: kim.id, body })),
    );

    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(ValidationError);
    }
    const [future, old] = outcomes.map((outcome) =>
      outcome.status === 'rejected' ? (outcome.reason as ValidationError).errors : [],
    );
    expect(future).toEqual([
      {
        field: 'date',
        message: 'Tanggal kegiatan tidak boleh di masa depan.',
        messageEn: 'The activity date cannot be in the future.',
      },
    ]);
    expect(old?.[0]?.messageEn).toBe('The activity date cannot be before 2008-01-01.');
    const items = (await scanAll(client, tableName)).filter(
      (item) => String(item.PK) === `REPORTS#${kim.id}`,
    );
    expect(items).toEqual([]);
  });

  it('keeps the count exact at its bound and through deletes', async () => {
    const kim = await newRegistration();
    const made = await Promise.allSettled(
      Array.from({ length: 5 }, (_, n) =>
        createReport(deps, { registrationId: kim.id, body: report({ title: `Rapat ${n}` }) }),
      ),
    );

    expect(made.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(
      made.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ConflictError),
    ).toHaveLength(2);
    const listed = await listReports(deps, { registrationId: kim.id });
    expect(listed.count).toBe(3);
    const victim = listed.items[1]?.reportId ?? '';
    await Promise.allSettled([
      deleteReport(deps, { registrationId: kim.id, reportId: victim }),
      deleteReport(deps, { registrationId: kim.id, reportId: victim }),
    ]);
    const after = await listReports(deps, { registrationId: kim.id, limit: 1 });
    expect(after.count).toBe(2);
    expect(after.items).toHaveLength(1);
    const next = await listReports(deps, { registrationId: kim.id, limit: 1, cursor: after.nextCursor });
    expect(next.items.map((item) => item.reportId)).not.toContain(victim);
    await expect(listReports(deps, { registrationId: kim.id, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('strips EXIF from a JPEG and a PNG before keeping them under the report, and removes the upload', async () => {
    const kim = await newRegistration();
    const { report: kept } = await createReport(deps, { registrationId: kim.id, body: report() });

    const jpeg = await uploadPhoto(kim.id, kept.reportId, jpegWithExif(), 'image/jpeg');
    const jpegResult = await jpeg.confirmed();
    const png = await uploadPhoto(kim.id, kept.reportId, pngWithExif(), 'image/png');
    const pngResult = await png.confirmed();
    const confirmedAgain = await jpeg.confirmed();

    expect(jpegResult.created).toBe(true);
    expect(pngResult.created).toBe(true);
    expect(confirmedAgain.created).toBe(false);
    expect(pngResult.report.photos.map((photo) => photo.photoId)).toEqual([
      jpeg.ticket.photoId,
      png.ticket.photoId,
    ]);
    const keys = (await objectKeys()).filter((key) => key.includes(kim.id));
    expect(keys.sort()).toEqual(
      [
        `reports/${kim.id}/${kept.reportId}/${jpeg.ticket.photoId}.jpg`,
        `reports/${kim.id}/${kept.reportId}/${png.ticket.photoId}.png`,
      ].sort(),
    );
    for (const key of keys) {
      const bytes = await storedBytes(key);
      expect(bytes.includes(GPS_LATITUDE_BYTES)).toBe(false);
      expect(bytes.includes(Buffer.from(CAMERA_SERIAL))).toBe(false);
      expect(bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);
    }
    expect(pngResult.report.photos[1]?.size).toBe(plainPng().length);
  });

  it('refuses a fake type, a malformed JPEG and a sixth photo, keeping none of them', async () => {
    const kim = await newRegistration();
    const { report: kept } = await createReport(deps, { registrationId: kim.id, body: report() });

    const fake = await uploadPhoto(kim.id, kept.reportId, Buffer.from('%PDF-1.4 not a photo'), 'image/jpeg');
    await expect(fake.confirmed()).rejects.toMatchObject({
      messageEn: 'The file is not a JPEG or PNG photo by its content.',
    });
    const broken = plainJpeg().subarray(0, 30);
    const malformed = await uploadPhoto(kim.id, kept.reportId, broken, 'image/jpeg');
    const refusal = malformed.confirmed();
    await expect(refusal).rejects.toBeInstanceOf(UnprocessableContentError);
    await expect(malformed.confirmed()).rejects.toMatchObject({
      message: expect.stringMatching(/^Berkas JPEG rusak/),
    });

    // Six announced while there is room; five confirmed; the sixth is refused at confirmation.
    const uploads = [];
    for (let n = 0; n < 6; n++)
      uploads.push(await uploadPhoto(kim.id, kept.reportId, plainJpeg(), 'image/jpeg'));
    const results = [];
    for (const upload of uploads) results.push(await upload.confirmed().catch((error: unknown) => error));
    expect(results.slice(0, 5).every((result) => !(result instanceof Error))).toBe(true);
    expect(results[5]).toBeInstanceOf(UnprocessableContentError);
    await expect(
      requestPhotoUpload(deps, {
        registrationId: kim.id,
        reportId: kept.reportId,
        body: { contentType: 'image/png', size: 100 },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      requestPhotoUpload(deps, {
        registrationId: kim.id,
        reportId: kept.reportId,
        body: { contentType: 'image/png', size: 2 * 1024 * 1024 + 1 },
      }),
    ).rejects.toBeInstanceOf(ValidationError);

    const keys = (await objectKeys()).filter((key) => key.includes(kim.id));
    expect(keys.filter((key) => key.startsWith('pending/'))).toEqual([]);
    expect(keys).toHaveLength(5);
    const listed = await listReports(deps, { registrationId: kim.id });
    expect(listed.items[0]?.photos).toHaveLength(5);

    await deleteReport(deps, { registrationId: kim.id, reportId: kept.reportId });
    expect((await objectKeys()).filter((key) => key.includes(kim.id))).toEqual([]);
    expect(await listReports(deps, { registrationId: kim.id })).toEqual({ items: [], count: 0 });
  });
});
