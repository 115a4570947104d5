import type { S3Requests } from './client.js';

/** An S3 answer that is not what was asked for: its status and S3's error code, never the body at large. */
const s3Error = async (operation: string, response: Response): Promise<Error> => {
  const text = await response.text();
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'unknown';
  return new Error(`S3 ${operation} failed: ${response.status} ${code}`);
};

/**
 * The objects of one S3 bucket, addressed by key, over signed fetch: presigned upload and download
 * URLs, reads bounded in size, writes, copies and deletes. The SK documents and the report photos
 * both keep their files through it (each feature's port names the part it uses).
 */
export class S3ObjectFiles {
  constructor(
    private readonly s3: S3Requests,
    private readonly bucket: string,
  ) {}

  async uploadUrl(
    key: string,
    options: {
      readonly contentType: string;
      readonly contentLength: number;
      readonly expiresInSeconds: number;
    },
  ): Promise<string> {
    const url = this.s3.objectUrl(this.bucket, key);
    url.searchParams.set('X-Amz-Expires', String(options.expiresInSeconds));
    const signed = await this.s3.client.sign(url, {
      method: 'PUT',
      // Signed, so S3 refuses a PUT of another type or length.
      headers: { 'content-type': options.contentType, 'content-length': String(options.contentLength) },
      aws: { signQuery: true, allHeaders: true },
    });
    return signed.url;
  }

  async read(key: string, maxBytes: number): Promise<{ size: number; bytes?: Uint8Array } | undefined> {
    const url = this.s3.objectUrl(this.bucket, key);
    const head = await this.s3.client.fetch(url, { method: 'HEAD' });
    if (head.status === 404) return undefined;
    if (!head.ok) throw await s3Error('HeadObject', head);
    const size = Number(head.headers.get('content-length') ?? 0);
    if (size > maxBytes) return { size };
    const object = await this.s3.client.fetch(url, { method: 'GET' });
    if (object.status === 404) return undefined;
    if (!object.ok) throw await s3Error('GetObject', object);
    const bytes = new Uint8Array(await object.arrayBuffer());
    return bytes.length > maxBytes ? { size: bytes.length } : { size: bytes.length, bytes };
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const response = await this.s3.client.fetch(this.s3.objectUrl(this.bucket, toKey), {
      method: 'PUT',
      headers: {
        'x-amz-copy-source': `/${this.bucket}/${fromKey.split('/').map(encodeURIComponent).join('/')}`,
      },
    });
    // A copy can fail after S3 has answered 200: the error is then in the body.
    const text = await response.text();
    if (!response.ok || text.includes('<Error>')) {
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'unknown';
      throw new Error(`S3 CopyObject failed: ${response.status} ${code}`);
    }
  }

  async write(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const response = await this.s3.client.fetch(this.s3.objectUrl(this.bucket, key), {
      method: 'PUT',
      headers: { 'content-type': contentType, 'content-length': String(bytes.length) },
      body: bytes,
    });
    if (!response.ok) throw await s3Error('PutObject', response);
  }

  async remove(key: string): Promise<void> {
    const response = await this.s3.client.fetch(this.s3.objectUrl(this.bucket, key), { method: 'DELETE' });
    if (!response.ok && response.status !== 404) throw await s3Error('DeleteObject', response);
  }

  async downloadUrl(
    key: string,
    options: { readonly fileName: string; readonly contentType: string; readonly expiresInSeconds: number },
  ): Promise<string> {
    const url = this.s3.objectUrl(this.bucket, key);
    url.searchParams.set('response-content-type', options.contentType);
    url.searchParams.set('response-content-disposition', `inline; filename="${options.fileName}"`);
    url.searchParams.set('X-Amz-Expires', String(options.expiresInSeconds));
    const signed = await this.s3.client.sign(url, { method: 'GET', aws: { signQuery: true } });
    return signed.url;
  }
}
