import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentFiles } from '../ports.js';

/** S3 adapter of {@link DocumentFiles}: one bucket, objects addressed by key. */
export class S3DocumentFiles implements DocumentFiles {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  uploadUrl(
    key: string,
    options: {
      readonly contentType: string;
      readonly contentLength: number;
      readonly expiresInSeconds: number;
    },
  ): Promise<string> {
    return getSignedUrl(
      this.client,
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: options.contentType,
        ContentLength: options.contentLength,
      }),
      {
        expiresIn: options.expiresInSeconds,
        // Signed, so S3 refuses a PUT of another type or length.
        signableHeaders: new Set(['content-type', 'content-length']),
      },
    );
  }

  async read(key: string, maxBytes: number): Promise<{ size: number; bytes?: Uint8Array } | undefined> {
    let size: number;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      size = head.ContentLength ?? 0;
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
    if (size > maxBytes) return { size };
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const bytes = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    return bytes.length > maxBytes ? { size: bytes.length } : { size: bytes.length, bytes };
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: toKey,
        CopySource: `${this.bucket}/${fromKey}`,
      }),
    );
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  downloadUrl(
    key: string,
    options: { readonly fileName: string; readonly contentType: string; readonly expiresInSeconds: number },
  ): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: options.contentType,
        ResponseContentDisposition: `inline; filename="${options.fileName}"`,
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }
}
