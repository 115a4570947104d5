import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripJpeg, stripMetadata, stripPng } from '../../../shared/activity-reports/strip-metadata.js';
import { sniffType } from '../../../shared/documents/file-check.js';
import {
  CAMERA_SERIAL,
  exifTiff,
  GPS_LATITUDE_BYTES,
  ICC_PAYLOAD,
  jpegWithExif,
  plainJpeg,
  plainPng,
  pngChunk,
  pngWithExif,
} from '../../fixtures/photos.js';

const contains = (haystack: Uint8Array, needle: Uint8Array | string): boolean =>
  Buffer.from(haystack).indexOf(typeof needle === 'string' ? Buffer.from(needle, 'latin1') : needle) >= 0;

const stripped = (result: ReturnType<typeof stripJpeg>): Buffer => {
  if (!result.ok) throw new Error(`Expected a stripped image, got: ${result.defect.messageEn}`);
  return Buffer.from(result.bytes);
};

describe('stripJpeg', () => {
  it('removes EXIF with its GPS position, XMP, APP13, the comment and data after EOI', () => {
    const input = jpegWithExif();
    expect(contains(input, GPS_LATITUDE_BYTES)).toBe(true);

    const result = stripJpeg(input);

    const output = stripped(result);
    expect(contains(output, 'Exif\0\0')).toBe(false);
    expect(contains(output, GPS_LATITUDE_BYTES)).toBe(false);
    expect(contains(output, CAMERA_SERIAL)).toBe(false);
    expect(contains(output, 'xmpmeta')).toBe(false);
    expect(contains(output, 'Photoshop')).toBe(false);
    expect(contains(output, 'Desa Kediri')).toBe(false);
    expect(contains(output, 'trailing')).toBe(false);
    expect(result.ok && result.removed).toEqual([
      'APP1 (Exif/XMP)',
      'APP1 (Exif/XMP)',
      'APP13',
      'COM',
      'data after EOI',
    ]);
  });

  it('keeps JFIF, the ICC profile and the image itself byte for byte', () => {
    const output = stripped(stripJpeg(jpegWithExif()));

    expect(contains(output, ICC_PAYLOAD)).toBe(true);
    // Without the ICC segment the output is exactly the clean JPEG the photo was made from.
    const iccSegmentLength = ICC_PAYLOAD.length + 4;
    const iccAt = output.indexOf(ICC_PAYLOAD) - 4;
    const withoutIcc = Buffer.concat([output.subarray(0, iccAt), output.subarray(iccAt + iccSegmentLength)]);
    expect(withoutIcc).toEqual(plainJpeg());
    expect(sniffType(output)).toBe('image/jpeg');
  });

  it('answers a clean JPEG unchanged', () => {
    const result = stripJpeg(plainJpeg());

    expect(stripped(result)).toEqual(plainJpeg());
    expect(result.ok && result.removed).toEqual([]);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'it does not start with an SOI marker'],
    ['a PNG', plainPng(), 'it does not start with an SOI marker'],
    ['a JPEG cut before EOI', plainJpeg().subarray(0, plainJpeg().length - 2), 'its image data is cut off'],
    ['a JPEG cut inside a segment', jpegWithExif().subarray(0, 40), 'has an impossible length'],
    [
      'a segment whose length runs past the end',
      Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 0, 0]),
      'has an impossible length',
    ],
    [
      'a segment of length 1',
      Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0x00, 0x01, 0xff, 0xd9]),
      'impossible length',
    ],
    ['EOI with no frame', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'it has no frame or no scan before EOI'],
    ['garbage between segments', Buffer.from([0xff, 0xd8, 0x12, 0x34, 0xff, 0xd9]), 'byte 2 is not a marker'],
    ['a second SOI', Buffer.from([0xff, 0xd8, 0xff, 0xd8, 0xff, 0xd9]), 'a second SOI marker'],
  ])('refuses %s with a precise reason', (_name, input, reason) => {
    const result = stripJpeg(input);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.defect.messageEn).toContain(reason);
      expect(result.defect.message).toMatch(/^Berkas JPEG rusak: /);
    }
  });
});

describe('stripPng', () => {
  it('removes eXIf, tEXt, iTXt, zTXt, tIME and data after IEND, keeping the rest byte for byte', () => {
    const input = pngWithExif();
    expect(contains(input, GPS_LATITUDE_BYTES)).toBe(true);

    const result = stripPng(input);

    const output = stripped(result);
    expect(output).toEqual(plainPng());
    expect(contains(output, exifTiff())).toBe(false);
    expect(contains(output, GPS_LATITUDE_BYTES)).toBe(false);
    expect(contains(output, 'xmpmeta')).toBe(false);
    expect(result.ok && result.removed).toEqual(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME', 'data after IEND']);
    expect(sniffType(output)).toBe('image/png');
  });

  const signature = plainPng().subarray(0, 8);
  const corruptCrc = (): Buffer => {
    const bytes = Buffer.from(plainPng());
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    return bytes;
  };

  it.each([
    ['a JPEG', plainJpeg(), 'it does not start with the PNG signature'],
    ['a PNG without IEND', plainPng().subarray(0, plainPng().length - 12), 'it ends before its IEND chunk'],
    ['a chunk with a bad CRC', corruptCrc(), 'the IEND chunk fails its CRC'],
    [
      'a chunk longer than the file',
      Buffer.concat([signature, Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(6)]),
      'has an impossible length',
    ],
    [
      'a chunk length past the end',
      Buffer.concat([signature, Buffer.from([0x7f, 0, 0, 0]), Buffer.from('IHDR'), Buffer.alloc(20)]),
      'has an impossible length',
    ],
    [
      'a chunk whose type is not letters',
      Buffer.concat([signature, pngChunk('IH1R', Buffer.alloc(13))]),
      'has no valid type',
    ],
    [
      'a first chunk that is not IHDR',
      Buffer.concat([signature, pngChunk('gAMA', Buffer.alloc(4)), pngChunk('IEND', Buffer.alloc(0))]),
      'its first chunk is not IHDR',
    ],
    [
      'no image data',
      Buffer.concat([signature, plainPng().subarray(8, 33), pngChunk('IEND', Buffer.alloc(0))]),
      'it has no image data (IDAT)',
    ],
  ])('refuses %s with a precise reason', (_name, input, reason) => {
    const result = stripPng(input);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.defect.messageEn).toContain(reason);
      expect(result.defect.message).toMatch(/^Berkas PNG rusak: /);
    }
  });
});

describe('stripMetadata under arbitrary bytes', () => {
  type Case = readonly [type: 'image/jpeg' | 'image/png', bytes: Buffer, metadataIntact: boolean];

  /**
   * A real photo with a run of bytes overwritten, then cut or grown: what a bad upload looks like.
   * `metadataIntact` says whether the mangling left the metadata part (everything before the
   * image data) as the camera wrote it.
   */
  const mangled = (type: Case[0], base: Buffer, metadataEnd: number) =>
    fc
      .tuple(
        fc.nat({ max: base.length }),
        fc.uint8Array({ maxLength: 24 }),
        fc.nat({ max: base.length + 16 }),
        fc.boolean(),
      )
      .map(([at, patch, cut, grow]): Case => {
        const bytes = Buffer.from(base);
        bytes.set(patch.subarray(0, Math.max(0, bytes.length - at)), at);
        const result = grow ? Buffer.concat([bytes, Buffer.from(patch)]) : bytes.subarray(0, cut);
        return [type, result, at >= metadataEnd && (grow || cut >= metadataEnd)];
      });
  const random = (type: Case[0]) =>
    fc.uint8Array({ maxLength: 256 }).map((bytes): Case => [type, Buffer.from(bytes), false]);

  const jpeg = jpegWithExif();
  const png = pngWithExif();
  // Where the image proper starts: the JPEG's quantisation table, the PNG's IDAT.
  const jpegMetadataEnd = jpeg.indexOf(Buffer.from([0xff, 0xdb]));
  const pngMetadataEnd = png.indexOf(Buffer.from('IDAT', 'latin1')) - 4;

  it('never throws; its output is a fixed point with nothing left to strip, and holds no GPS bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mangled('image/jpeg', jpeg, jpegMetadataEnd),
          mangled('image/png', png, pngMetadataEnd),
          random('image/jpeg'),
          random('image/png'),
        ),
        ([type, bytes, metadataIntact]) => {
          const result = stripMetadata(type, bytes);
          if (!result.ok) {
            expect(result.defect.message.length).toBeGreaterThan(0);
            expect(result.defect.messageEn.length).toBeGreaterThan(0);
            return;
          }
          const again = stripMetadata(type, result.bytes);
          expect(again.ok && again.removed).toEqual([]);
          expect(again.ok && Buffer.from(again.bytes).equals(Buffer.from(result.bytes))).toBe(true);
          if (metadataIntact) {
            expect(contains(result.bytes, GPS_LATITUDE_BYTES)).toBe(false);
            expect(contains(result.bytes, CAMERA_SERIAL)).toBe(false);
            expect(contains(result.bytes, 'xmpmeta')).toBe(false);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
