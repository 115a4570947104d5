/**
 * Removes the metadata of a photo before it is kept: EXIF (with its GPS position, camera serial
 * and time), XMP, comments and text chunks. The pixels are not decoded and not re-encoded: the
 * image's own segments (JPEG) or chunks (PNG) are walked, checked for structure as they go, and
 * copied except the ones that carry metadata.
 *
 * Ours rather than a library's: the image libraries that do this (sharp, jimp) decode and
 * re-encode, sharp through a native binary and jimp at several hundred KB bundled, more than the
 * whole function may weigh; what is needed here is a walk of a well-documented container format,
 * which a few dozen lines do with every byte accounted for.
 *
 * Orientation: EXIF's orientation tag goes with the rest of EXIF. A photo a phone took sideways
 * and marked "rotate on display" may then show sideways. Keeping one tag would mean rewriting an
 * EXIF block; keeping the block would keep everything else in it. Stripping all of it is the
 * simple, safe choice (docs/activity-reports.md).
 */

/** Why the bytes are not a well-formed image, in Indonesian and English. */
export interface ImageDefect {
  readonly message: string;
  readonly messageEn: string;
}

export type StripResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly removed: readonly string[] }
  | { readonly ok: false; readonly defect: ImageDefect };

const defect = (message: string, messageEn: string): StripResult => ({
  ok: false,
  defect: { message, messageEn },
});

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

const startsWithAscii = (bytes: Uint8Array, at: number, text: string): boolean => {
  if (at + text.length > bytes.length) return false;
  for (let index = 0; index < text.length; index++) {
    if (bytes[at + index] !== text.charCodeAt(index)) return false;
  }
  return true;
};

// --- JPEG (ITU-T T.81, JFIF, Exif 2.3 §4.5.4) -------------------------------------------------

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP2 = 0xe2;
const COM = 0xfe;

/** Markers that stand alone, with no length: TEM and the restart markers RST0–RST7. */
const isStandalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
/** Start-of-frame markers (SOF0–SOF15 less DHT, JPG and DAC). */
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Which APPn and COM segments are kept: JFIF's APP0 and the ICC colour profile in APP2. */
const keepsJpegSegment = (marker: number, bytes: Uint8Array, payloadAt: number): boolean => {
  if (marker === APP0) return startsWithAscii(bytes, payloadAt, 'JFIF\0');
  if (marker === APP2) return startsWithAscii(bytes, payloadAt, 'ICC_PROFILE\0');
  return !(marker >= 0xe1 && marker <= 0xef) && marker !== COM;
};

const JPEG_MARKER_NAMES: Readonly<Record<number, string>> = { 225: 'APP1 (Exif/XMP)', [COM]: 'COM' };
const jpegSegmentName = (marker: number): string =>
  JPEG_MARKER_NAMES[marker] ?? (marker >= APP0 && marker <= 0xef ? `APP${marker - APP0}` : 'segment');

const malformedJpeg = (messageEn: string, message: string) =>
  defect(`Berkas JPEG rusak: ${message}.`, `The JPEG is damaged: ${messageEn}.`);

/**
 * Strips a JPEG: keeps SOI, JFIF APP0, ICC APP2, the tables, frame and scans and EOI; drops the
 * other APPn (Exif, XMP, Photoshop IRB, MPF…) and COM segments, and anything after EOI.
 */
export const stripJpeg = (bytes: Uint8Array): StripResult => {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) {
    return malformedJpeg('it does not start with an SOI marker', 'tidak diawali penanda SOI');
  }
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  let at = 2;
  let frame = false;
  let scan = false;
  for (;;) {
    if (at >= bytes.length) {
      return malformedJpeg('it ends before its EOI marker', 'berakhir sebelum penanda EOI');
    }
    if (bytes[at] !== 0xff) {
      return malformedJpeg(`byte ${at} is not a marker`, `bita ke-${at} bukan penanda`);
    }
    // Any number of 0xFF fill bytes may precede a marker (T.81 B.1.1.2).
    while (at < bytes.length && bytes[at] === 0xff) at++;
    const marker = bytes[at];
    if (marker === undefined) {
      return malformedJpeg('it ends before its EOI marker', 'berakhir sebelum penanda EOI');
    }
    if (marker === 0x00) {
      return malformedJpeg(`byte ${at} is not a marker`, `bita ke-${at} bukan penanda`);
    }
    const markerAt = at - 1;
    at++;
    if (marker === EOI) {
      if (!frame || !scan) {
        return malformedJpeg(
          'it has no frame or no scan before EOI',
          'tidak ada bingkai atau pindaian sebelum EOI',
        );
      }
      kept.push(bytes.subarray(markerAt, at));
      if (at < bytes.length) removed.push('data after EOI');
      return { ok: true, bytes: concat(kept), removed };
    }
    if (marker === SOI) return malformedJpeg('it has a second SOI marker', 'ada penanda SOI kedua');
    if (isStandalone(marker)) {
      kept.push(bytes.subarray(markerAt, at));
      continue;
    }
    if (at + 2 > bytes.length) {
      return malformedJpeg('a segment length is cut off', 'panjang segmen terpotong');
    }
    const length = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
    if (length < 2 || at + length > bytes.length) {
      return malformedJpeg(
        `the segment at byte ${markerAt} has an impossible length`,
        `segmen di bita ke-${markerAt} panjangnya mustahil`,
      );
    }
    const end = at + length;
    if (isStartOfFrame(marker)) frame = true;
    if (keepsJpegSegment(marker, bytes, at + 2)) kept.push(bytes.subarray(markerAt, end));
    else removed.push(jpegSegmentName(marker));
    at = end;
    if (marker === SOS) {
      if (!frame) return malformedJpeg('a scan comes before its frame', 'pindaian mendahului bingkai');
      scan = true;
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor RSTn.
      let dataEnd = at;
      for (;;) {
        if (dataEnd + 1 >= bytes.length) {
          return malformedJpeg('its image data is cut off', 'data gambarnya terpotong');
        }
        if (bytes[dataEnd] === 0xff) {
          const next = bytes[dataEnd + 1] ?? 0;
          if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        }
        dataEnd++;
      }
      kept.push(bytes.subarray(at, dataEnd));
      at = dataEnd;
    }
  }
};

// --- PNG (ISO/IEC 15948, PNG 3rd edition for eXIf) --------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Chunks that carry metadata: EXIF, the three text chunks (XMP travels in iTXt) and the time. */
export const PNG_METADATA_CHUNKS: ReadonlySet<string> = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of ISO 3309, as PNG chunks carry it (over the chunk type and data). */
const crc32 = (bytes: Uint8Array, start: number, end: number): number => {
  let c = 0xffffffff;
  for (let index = start; index < end; index++) {
    c = (CRC_TABLE[(c ^ (bytes[index] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
};

const uint32 = (bytes: Uint8Array, at: number): number =>
  (((bytes[at] ?? 0) << 24) |
    ((bytes[at + 1] ?? 0) << 16) |
    ((bytes[at + 2] ?? 0) << 8) |
    (bytes[at + 3] ?? 0)) >>>
  0;

const isChunkLetter = (byte: number | undefined): boolean =>
  byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));

const malformedPng = (messageEn: string, message: string) =>
  defect(`Berkas PNG rusak: ${message}.`, `The PNG is damaged: ${messageEn}.`);

/**
 * Strips a PNG: checks the signature, every chunk's length, type and CRC, that IHDR comes first,
 * that there is image data and that IEND ends it; drops the metadata chunks and anything after IEND.
 */
export const stripPng = (bytes: Uint8Array): StripResult => {
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((byte, index) => bytes[index] !== byte)) {
    return malformedPng('it does not start with the PNG signature', 'tidak diawali tanda tangan PNG');
  }
  const kept: Uint8Array[] = [bytes.subarray(0, PNG_SIGNATURE.length)];
  const removed: string[] = [];
  let at = PNG_SIGNATURE.length;
  let first = true;
  let imageData = false;
  for (;;) {
    if (at + 12 > bytes.length) {
      return malformedPng('it ends before its IEND chunk', 'berakhir sebelum potongan IEND');
    }
    const length = uint32(bytes, at);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) {
      return malformedPng(
        `the chunk at byte ${at} has an impossible length`,
        `potongan di bita ke-${at} panjangnya mustahil`,
      );
    }
    const typeBytes = bytes.subarray(at + 4, at + 8);
    if (![...typeBytes].every(isChunkLetter)) {
      return malformedPng(
        `the chunk at byte ${at} has no valid type`,
        `potongan di bita ke-${at} tidak bertipe sah`,
      );
    }
    const type = String.fromCharCode(...typeBytes);
    const end = at + 12 + length;
    if (crc32(bytes, at + 4, at + 8 + length) !== uint32(bytes, at + 8 + length)) {
      return malformedPng(`the ${type} chunk fails its CRC`, `CRC potongan ${type} tidak cocok`);
    }
    if (first && (type !== 'IHDR' || length !== 13)) {
      return malformedPng('its first chunk is not IHDR', 'potongan pertamanya bukan IHDR');
    }
    if (!first && type === 'IHDR') return malformedPng('it has a second IHDR', 'ada IHDR kedua');
    first = false;
    if (type === 'IDAT') imageData = true;
    if (PNG_METADATA_CHUNKS.has(type)) removed.push(type);
    else kept.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') {
      if (!imageData) return malformedPng('it has no image data (IDAT)', 'tidak ada data gambar (IDAT)');
      if (at < bytes.length) removed.push('data after IEND');
      return { ok: true, bytes: concat(kept), removed };
    }
  }
};

/** Strips a photo of the given type (already judged by its bytes). */
export const stripMetadata = (contentType: 'image/jpeg' | 'image/png', bytes: Uint8Array): StripResult =>
  contentType === 'image/jpeg' ? stripJpeg(bytes) : stripPng(bytes);
