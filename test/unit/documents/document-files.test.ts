import { describe, expect, it, vi } from 'vitest';

vi.stubEnv('AWS_REGION', 'ap-southeast-3');
vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
vi.stubEnv('AWS_ENDPOINT_URL_S3', undefined);
const { s3Requests } = await import('../../../shared/platform/s3/client.js');
const { S3ObjectFiles } = await import('../../../shared/platform/s3/object-files.js');

const files = new S3ObjectFiles(s3Requests(), 'kim-documents');

describe('S3 document files: presigned URLs', () => {
  it('signs an upload for exactly one object, its type and its length, for the time asked', async () => {
    const url = new URL(
      await files.uploadUrl('pending/01J0000000000000000000000A/01J0000000000000000000000B', {
        contentType: 'application/pdf',
        contentLength: 1234,
        expiresInSeconds: 600,
      }),
    );

    expect(url.origin).toBe('https://kim-documents.s3.ap-southeast-3.amazonaws.com');
    expect(url.pathname).toBe('/pending/01J0000000000000000000000A/01J0000000000000000000000B');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual([
      'content-length',
      'content-type',
      'host',
    ]);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/ap-southeast-3\/s3\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session-token');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs a download that names the file and its type, for the time asked', async () => {
    const url = new URL(
      await files.downloadUrl('documents/A/sk/B.pdf', {
        fileName: 'sk-A-B.pdf',
        contentType: 'application/pdf',
        expiresInSeconds: 300,
      }),
    );

    expect(url.pathname).toBe('/documents/A/sk/B.pdf');
    expect(url.searchParams.get('response-content-disposition')).toBe('inline; filename="sk-A-B.pdf"');
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });
});
