import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import { DynamoDbDocumentRecords } from '../../../shared/documents/dynamodb/document-records.js';
import {
  confirmSkUpload,
  listOwnSkDocuments,
  listSkDocumentsForReview,
  requestSkUpload,
  type SkDocumentDeps,
  skDocumentLinkForReview,
} from '../../../shared/documents/sk-documents.js';
import {
  ConflictError,
  ForbiddenError,
  UnprocessableContentError,
  ValidationError,
} from '../../../shared/platform/errors.js';
import { s3Requests } from '../../../shared/platform/s3/client.js';
import { S3ObjectFiles } from '../../../shared/platform/s3/object-files.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { adminClaims, ppidClaims } from '../../fixtures/admin-event.js';
import { minimalPdf, minimalPng } from '../../fixtures/documents.js';
import { localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';
import { registrationBodyWith } from '../../fixtures/registration-body.js';

const BUCKET = 'kim-documents-test';
const client = localDynamoDbClient(inject('dynamoEndpoint'));
let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let s3: S3Client;
let deps: SkDocumentDeps;
let tableName: string;
let registration: { id: string; editToken: string };

const term = { start: '2025-06-02', end: '2028-06-01' };
const sk = { number: '141/12/DP/2025', date: '2025-06-02' };

const objectKeys = async (): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map(
    (object) => object.Key ?? '',
  );

/** Announces `bytes` as `contentType` (with their true size unless `size` says otherwise) and PUTs them to the URL. */
const upload = async (bytes: Buffer, contentType: string, size = bytes.length, ticketTerm = term) => {
  const ticket = await requestSkUpload(deps, {
    registrationId: registration.id,
    editToken: registration.editToken,
    body: { contentType, size, term: ticketTerm, sk },
  });
  const put = await fetch(ticket.uploadUrl, { method: 'PUT', body: bytes, headers: ticket.headers });
  expect(put.status).toBe(200);
  return ticket;
};

const confirm = (uploadId: string) =>
  confirmSkUpload(deps, { registrationId: registration.id, uploadId, editToken: registration.editToken });

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
  tableName = await seededTable(client, 'kim-documents');
  const registrationDeps = tableDeps(client, tableName);
  const created = await submitRegistration(registrationDeps, { body: registrationBodyWith({}) });
  registration = { id: created.registration.id, editToken: created.registration.editToken };
  deps = {
    registrations: registrationDeps.registrations,
    records: new DynamoDbDocumentRecords(client, tableName),
    files: new S3ObjectFiles(s3Requests(), BUCKET),
    clock: { now: () => new Date() },
    newId: registrationDeps.newId,
  };
});

afterAll(async () => {
  await fauxqs?.stop();
});

describe('SK documents against DynamoDB Local and the S3 of fauxqs', () => {
  it('keeps a PDF as a version once its bytes are checked, and moves it out of pending/', async () => {
    const pdf = minimalPdf();
    const ticket = await upload(pdf, 'application/pdf');

    const { created, document } = await confirm(ticket.uploadId);

    expect(created).toBe(true);
    expect(document).toMatchObject({
      versionId: ticket.uploadId,
      contentType: 'application/pdf',
      size: pdf.length,
      term,
      sk,
    });
    expect(await objectKeys()).toContain(`documents/${registration.id}/sk/${ticket.uploadId}.pdf`);
    expect(await objectKeys()).not.toContain(`pending/${registration.id}/${ticket.uploadId}`);
  });

  it('answers the same version when a confirmation is sent again, and writes nothing more', async () => {
    const ticket = await upload(minimalPdf('again'), 'application/pdf');
    const first = await confirm(ticket.uploadId);
    const before = await scanAll(client, tableName);

    const second = await confirm(ticket.uploadId);

    expect(second).toEqual({ created: false, document: first.document });
    expect(await scanAll(client, tableName)).toEqual(before);
  });

  it('refuses a PNG announced as a PDF (a renamed image), removes it and keeps no version', async () => {
    const before = (
      await listOwnSkDocuments(deps, { registrationId: registration.id, editToken: registration.editToken })
    ).length;
    const ticket = await upload(minimalPng(), 'application/pdf');

    const refused = await confirm(ticket.uploadId).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(UnprocessableContentError);
    expect((refused as UnprocessableContentError).messageEn).toBe(
      'The file is a PNG by its content, not the PDF announced.',
    );
    expect(await objectKeys()).not.toContain(`pending/${registration.id}/${ticket.uploadId}`);
    expect(
      await listOwnSkDocuments(deps, { registrationId: registration.id, editToken: registration.editToken }),
    ).toHaveLength(before);
    // The refusal is kept: confirming again answers the same reason.
    await expect(confirm(ticket.uploadId)).rejects.toThrow(/PNG/);
  });

  it('refuses a 6 MB file up front, and one whose bytes are larger than announced after the upload', async () => {
    await expect(
      requestSkUpload(deps, {
        registrationId: registration.id,
        editToken: registration.editToken,
        body: { contentType: 'application/pdf', size: 6 * 1024 * 1024, term, sk },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    // S3 itself refuses a PUT of another length than signed; the emulator does not, so the check after it must.
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(6 * 1024 * 1024)]);
    const ticket = await upload(big, 'application/pdf', 1000);

    await expect(confirm(ticket.uploadId)).rejects.toThrow('Berkas SK lebih besar dari 5 MB.');
    expect(await objectKeys()).not.toContain(`pending/${registration.id}/${ticket.uploadId}`);
  });

  it('says the file is not there yet when the upload was announced but never sent', async () => {
    const ticket = await requestSkUpload(deps, {
      registrationId: registration.id,
      editToken: registration.editToken,
      body: { contentType: 'image/png', size: 10, term, sk },
    });
    await expect(confirm(ticket.uploadId)).rejects.toBeInstanceOf(ConflictError);
  });

  it('keeps every term as its own version, newest first', async () => {
    const next = { start: '2028-06-02', end: '2031-06-01' };
    const ticket = await upload(minimalPng(), 'image/png', undefined, next);
    await confirm(ticket.uploadId);

    const versions = await listOwnSkDocuments(deps, {
      registrationId: registration.id,
      editToken: registration.editToken,
    });

    expect(versions[0]).toMatchObject({ versionId: ticket.uploadId, term: next, contentType: 'image/png' });
    expect(versions.slice(1).every((version) => version.term.start === term.start)).toBe(true);
    expect(versions.map((version) => version.versionId)).toEqual(
      [...versions.map((version) => version.versionId)].sort().reverse(),
    );
  });

  it('refuses a wrong edit token and writes nothing', async () => {
    const before = await scanAll(client, tableName);
    await expect(
      requestSkUpload(deps, {
        registrationId: registration.id,
        editToken: 'not-the-token',
        body: { contentType: 'application/pdf', size: 10, term, sk },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await scanAll(client, tableName)).toEqual(before);
  });

  it('gives an officer of the village a short-lived link that opens the exact bytes; another region gets 403', async () => {
    const [latest] = await listSkDocumentsForReview(
      deps,
      principalFromClaims(adminClaims(), '51.02'),
      registration.id,
    );
    expect(latest).toBeDefined();
    const officer = principalFromClaims(ppidClaims('51.02.05'), '51.02');

    const link = await skDocumentLinkForReview(deps, officer, {
      registrationId: registration.id,
      versionId: latest?.versionId ?? '',
    });
    const response = await fetch(link.url);

    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(minimalPng());
    await expect(
      skDocumentLinkForReview(deps, principalFromClaims(ppidClaims('51.02.01'), '51.02'), {
        registrationId: registration.id,
        versionId: latest?.versionId ?? '',
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
